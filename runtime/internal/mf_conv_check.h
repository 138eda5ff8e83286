/* SPDX-License-Identifier: Apache-2.0 */
/* Precondition checks shared by the CONV_2D and DEPTHWISE_CONV_2D kernels (see their headers). */
#ifndef MCUFORGE_INTERNAL_MF_CONV_CHECK_H
#define MCUFORGE_INTERNAL_MF_CONV_CHECK_H

#include "mcuforge/mf_conv2d.h"
#include "mcuforge/mf_depthwise_conv2d.h"
#include "mf_window.h"

/* Every requantization shift lies in [-31, max_shift] (the range the fixed-point helpers accept). */
MF_INLINE int mf_requant_valid(const mf_requant* rq, int32_t count, int32_t max_shift) {
  int32_t i;
  if (rq == NULL) {
    return 0;
  }
  for (i = 0; i < count; ++i) {
    if (rq[i].shift < -31 || rq[i].shift > max_shift || rq[i].multiplier < 0) {
      return 0;
    }
  }
  return 1;
}

MF_INLINE int mf_window_params_valid(int32_t stride_h, int32_t stride_w, int32_t dilation_h,
                                            int32_t dilation_w) {
  return stride_h >= 1 && stride_w >= 1 && dilation_h >= 1 && dilation_w >= 1;
}

MF_INLINE int mf_conv2d_shapes_valid(const mf_conv2d_params* p, const mf_dims4* in,
                                            const mf_dims4* f, const mf_dims4* out) {
  int32_t groups;
  if (p == NULL || in == NULL || f == NULL || out == NULL) {
    return 0;
  }
  if (mf_dims4_count(in) < 0 || mf_dims4_count(f) < 0 || mf_dims4_count(out) < 0) {
    return 0;
  }
  if (in->n != out->n || f->n != out->c || in->c % f->c != 0) {
    return 0;
  }
  groups = in->c / f->c;
  return out->c % groups == 0 &&
         mf_window_params_valid(p->stride_h, p->stride_w, p->dilation_h, p->dilation_w);
}

MF_INLINE int mf_depthwise_conv2d_shapes_valid(const mf_depthwise_conv2d_params* p,
                                                      const mf_dims4* in, const mf_dims4* f,
                                                      const mf_dims4* out) {
  if (p == NULL || in == NULL || f == NULL || out == NULL) {
    return 0;
  }
  if (mf_dims4_count(in) < 0 || mf_dims4_count(f) < 0 || mf_dims4_count(out) < 0) {
    return 0;
  }
  return in->n == out->n && f->n == 1 && f->c == out->c && p->depth_multiplier >= 1 &&
         (int64_t)in->c * p->depth_multiplier == out->c &&
         mf_window_params_valid(p->stride_h, p->stride_w, p->dilation_h, p->dilation_w);
}

/* v clamped to [range.min, range.max] (64-bit so that adding the output offset cannot overflow). */
MF_INLINE int32_t mf_clamp_act(int64_t v, mf_act_range range) {
  return v < range.min ? range.min : (v > range.max ? range.max : (int32_t)v);
}

/* TFLM's ActivationFunctionWithMinMax: max with lo first, then min with hi (NaN passes through). */
MF_INLINE float mf_clamp_act_f32(float v, mf_act_range_f32 range) {
  v = v < range.min ? range.min : v;
  return range.max < v ? range.max : v;
}

#endif /* MCUFORGE_INTERNAL_MF_CONV_CHECK_H */
