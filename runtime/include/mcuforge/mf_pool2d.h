/* SPDX-License-Identifier: Apache-2.0 */
/* AVERAGE_POOL_2D and MAX_POOL_2D on NHWC tensors. The window is clipped to the input (padded
 * elements are neither counted nor compared); no requantization (output shares the input's scale and
 * zero point, as TFLM assumes). Arithmetic reproduces TFLM's reference kernels (tflm-arithmetic.md
 * section 8). */
#ifndef MCUFORGE_MF_POOL2D_H
#define MCUFORGE_MF_POOL2D_H

#include "mcuforge/mf_types.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
  int32_t stride_h;
  int32_t stride_w;
  int32_t filter_h;
  int32_t filter_w;
  int32_t pad_h; /* padding before the first row (the rest of the padding is at the end) */
  int32_t pad_w;
  mf_act_range act;         /* integer kernels: clamp of the result */
  mf_act_range_f32 act_f32; /* float kernels */
} mf_pool2d_params;

/* Common contract: all dims > 0, in.n == out.n, in.c == out.c, strides and filter sizes >= 1, every
 * output's window overlaps the input (true for TFLite SAME / VALID geometry), and for the integer
 * average pools the window clipped to the input has fewer than 2^23 (int8) / 2^16 (int16) elements so
 * that the int32 sum cannot overflow. Returns MF_STATUS_BAD_PARAM otherwise. */

/* Average: sum over the clipped window / element count, rounded half away from zero, clamped. */
mf_status mf_avg_pool2d_s8(const mf_pool2d_params* params, const mf_dims4* input_dims, const int8_t* input,
                           const mf_dims4* output_dims, int8_t* output);
mf_status mf_avg_pool2d_s16(const mf_pool2d_params* params, const mf_dims4* input_dims,
                            const int16_t* input, const mf_dims4* output_dims, int16_t* output);
/* float: sum in (ky, kx) order divided by the count in float, clamped. */
mf_status mf_avg_pool2d_f32(const mf_pool2d_params* params, const mf_dims4* input_dims, const float* input,
                            const mf_dims4* output_dims, float* output);

/* Max over the clipped window, clamped. */
mf_status mf_max_pool2d_s8(const mf_pool2d_params* params, const mf_dims4* input_dims, const int8_t* input,
                           const mf_dims4* output_dims, int8_t* output);
mf_status mf_max_pool2d_s16(const mf_pool2d_params* params, const mf_dims4* input_dims,
                            const int16_t* input, const mf_dims4* output_dims, int16_t* output);
mf_status mf_max_pool2d_f32(const mf_pool2d_params* params, const mf_dims4* input_dims, const float* input,
                            const mf_dims4* output_dims, float* output);

#ifdef __cplusplus
}
#endif

#endif /* MCUFORGE_MF_POOL2D_H */
