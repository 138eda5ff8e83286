/* SPDX-License-Identifier: Apache-2.0 */
/* L2_POOL_2D (tconv family) on NHWC float32 tensors, with the pooling params of mf_pool2d.h: the
 * window is clipped to the input (padded elements are not counted). Arithmetic reproduces TFLM's
 * reference L2Pool (float only, as in TFLM). */
#ifndef MCUFORGE_MF_L2_POOL2D_H
#define MCUFORGE_MF_L2_POOL2D_H

#include "mcuforge/mf_pool2d.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Common contract of mf_pool2d.h. sqrtf(sum of squares in (ky, kx) order / count), clamped to act_f32. */
mf_status mf_l2_pool2d_f32(const mf_pool2d_params* params, const mf_dims4* input_dims, const float* input,
                           const mf_dims4* output_dims, float* output);

#ifdef __cplusplus
}
#endif

#endif /* MCUFORGE_MF_L2_POOL2D_H */
