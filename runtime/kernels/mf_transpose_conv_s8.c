/* SPDX-License-Identifier: Apache-2.0 */
/* TRANSPOSE_CONV, int8 (TFLM reference_integer_ops::TransposeConv), gathered: the wrapping 32-bit sum
 * of (input + input_offset) * weight over the taps that reach the output element equals the value
 * TFLM's int32 scratch holds; + bias, per-channel requantization, + output zero point, clamp. */
#include "mf_fixedpoint.h"
#include "mf_tconv.h"

mf_status mf_transpose_conv_s8(const mf_transpose_conv_params* params, const mf_dims4* input_dims,
                               const int8_t* input, const mf_dims4* filter_dims, const int8_t* filter,
                               const int32_t* bias, const mf_dims4* output_dims, int8_t* output) {
  int32_t b, oy, ox, oc, iy, ix, ic, in_h, in_w, in_c, f_h, f_w, in_off;
  const mf_requant* rq;
  MF_REQUIRE(mf_transpose_conv_shapes_valid(params, input_dims, filter_dims, output_dims));
  MF_REQUIRE(input != NULL && filter != NULL && output != NULL);
  MF_REQUIRE(mf_requant_valid(params->requant, output_dims->c, 30));
  MF_REQUIRE(params->act.min <= params->act.max);
  in_h = input_dims->h;
  in_w = input_dims->w;
  in_c = input_dims->c;
  f_h = filter_dims->h;
  f_w = filter_dims->w;
  in_off = params->input_offset;
  rq = params->requant;
  for (b = 0; b < output_dims->n; ++b) {
    const int8_t* in_b = input + (int32_t)(b * in_h * in_w * in_c);
    for (oy = 0; oy < output_dims->h; ++oy) {
      int32_t iy0, iy1;
      mf_tconv_source_range(oy, params->pad_h, params->stride_h, f_h, in_h, &iy0, &iy1);
      for (ox = 0; ox < output_dims->w; ++ox) {
        int32_t ix0, ix1;
        mf_tconv_source_range(ox, params->pad_w, params->stride_w, f_w, in_w, &ix0, &ix1);
        for (oc = 0; oc < output_dims->c; ++oc) {
          const int8_t* w_oc = filter + oc * f_h * f_w * in_c;
          uint32_t acc = 0; /* wraps like TFLM's int32 scratch on its targets */
          for (iy = iy0; iy < iy1; ++iy) {
            const int32_t ky = oy + params->pad_h - iy * params->stride_h;
            for (ix = ix0; ix < ix1; ++ix) {
              const int32_t kx = ox + params->pad_w - ix * params->stride_w;
              const int8_t* px = in_b + (iy * in_w + ix) * in_c;
              const int8_t* pw = w_oc + (ky * f_w + kx) * in_c;
              for (ic = 0; ic < in_c; ++ic) {
                acc += (uint32_t)(((int32_t)px[ic] + in_off) * (int32_t)pw[ic]);
              }
            }
          }
          if (bias != NULL) {
            acc += (uint32_t)bias[oc];
          }
          *output++ = (int8_t)mf_clamp_act(
              (int64_t)mf_mbqm((int32_t)acc, rq[oc].multiplier, rq[oc].shift) + params->output_offset,
              params->act);
        }
      }
    }
  }
  return MF_STATUS_OK;
}
