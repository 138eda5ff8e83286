/* SPDX-License-Identifier: Apache-2.0 */
/* TRANSPOSE_CONV, int16 activations x int8 weights (TFLM reference_integer_ops::TransposeConv with an
 * int64 scratch), gathered: int64 sum of input * weight over the taps that reach the output element,
 * + int64 bias, 64-bit per-channel requantization, clamp (no zero points). */
#include "mf_fixedpoint.h"
#include "mf_tconv.h"

mf_status mf_transpose_conv_s16(const mf_transpose_conv_params* params, const mf_dims4* input_dims,
                                const int16_t* input, const mf_dims4* filter_dims, const int8_t* filter,
                                const int64_t* bias, const mf_dims4* output_dims, int16_t* output) {
  int32_t b, oy, ox, oc, iy, ix, ic, in_h, in_w, in_c, f_h, f_w;
  const mf_requant* rq;
  MF_REQUIRE(mf_transpose_conv_shapes_valid(params, input_dims, filter_dims, output_dims));
  MF_REQUIRE(input != NULL && filter != NULL && output != NULL);
  MF_REQUIRE(mf_requant_valid(params->requant, output_dims->c, 14));
  MF_REQUIRE(params->act.min <= params->act.max);
  in_h = input_dims->h;
  in_w = input_dims->w;
  in_c = input_dims->c;
  f_h = filter_dims->h;
  f_w = filter_dims->w;
  rq = params->requant;
  for (b = 0; b < output_dims->n; ++b) {
    const int16_t* in_b = input + (int32_t)(b * in_h * in_w * in_c);
    for (oy = 0; oy < output_dims->h; ++oy) {
      int32_t iy0, iy1;
      mf_tconv_source_range(oy, params->pad_h, params->stride_h, f_h, in_h, &iy0, &iy1);
      for (ox = 0; ox < output_dims->w; ++ox) {
        int32_t ix0, ix1;
        mf_tconv_source_range(ox, params->pad_w, params->stride_w, f_w, in_w, &ix0, &ix1);
        for (oc = 0; oc < output_dims->c; ++oc) {
          const int8_t* w_oc = filter + oc * f_h * f_w * in_c;
          int64_t acc = 0;
          for (iy = iy0; iy < iy1; ++iy) {
            const int32_t ky = oy + params->pad_h - iy * params->stride_h;
            for (ix = ix0; ix < ix1; ++ix) {
              const int32_t kx = ox + params->pad_w - ix * params->stride_w;
              const int16_t* px = in_b + (iy * in_w + ix) * in_c;
              const int8_t* pw = w_oc + (ky * f_w + kx) * in_c;
              for (ic = 0; ic < in_c; ++ic) {
                acc += (int32_t)px[ic] * (int32_t)pw[ic];
              }
            }
          }
          if (bias != NULL) {
            acc += bias[oc];
          }
          *output++ = (int16_t)mf_clamp_act(mf_mbqm64(acc, rq[oc].multiplier, rq[oc].shift), params->act);
        }
      }
    }
  }
  return MF_STATUS_OK;
}
