/* SPDX-License-Identifier: Apache-2.0 */
/* Precondition check shared by the pooling kernels (see mf_pool2d.h). */
#ifndef MCUFORGE_INTERNAL_MF_POOL_CHECK_H
#define MCUFORGE_INTERNAL_MF_POOL_CHECK_H

#include "mcuforge/mf_pool2d.h"
#include "mf_conv_check.h"

MF_INLINE int32_t mf_min_window(int32_t filter, int32_t input) {
  return filter < input ? filter : input;
}

MF_INLINE int mf_pool2d_shapes_valid(const mf_pool2d_params* p, const mf_dims4* in,
                                            const mf_dims4* out) {
  if (p == NULL || in == NULL || out == NULL) {
    return 0;
  }
  if (mf_dims4_count(in) < 0 || mf_dims4_count(out) < 0) {
    return 0;
  }
  return in->n == out->n && in->c == out->c && p->filter_h >= 1 && p->filter_w >= 1 &&
         mf_window_params_valid(p->stride_h, p->stride_w, 1, 1);
}

#endif /* MCUFORGE_INTERNAL_MF_POOL_CHECK_H */
