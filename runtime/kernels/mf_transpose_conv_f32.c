/* SPDX-License-Identifier: Apache-2.0 */
/* TRANSPOSE_CONV, float32 (TFLM reference TransposeConv), gathered: each output element adds its
 * products to 0.0f in the order TFLM's scatter adds them (input row, column, channel ascending), then
 * the bias, then the clamp. */
#include "mf_tconv.h"

mf_status mf_transpose_conv_f32(const mf_transpose_conv_params* params, const mf_dims4* input_dims,
                                const float* input, const mf_dims4* filter_dims, const float* filter,
                                const float* bias, const mf_dims4* output_dims, float* output) {
  int32_t b, oy, ox, oc, iy, ix, ic, in_h, in_w, in_c, f_h, f_w;
  MF_REQUIRE(mf_transpose_conv_shapes_valid(params, input_dims, filter_dims, output_dims));
  MF_REQUIRE(input != NULL && filter != NULL && output != NULL);
  in_h = input_dims->h;
  in_w = input_dims->w;
  in_c = input_dims->c;
  f_h = filter_dims->h;
  f_w = filter_dims->w;
  for (b = 0; b < output_dims->n; ++b) {
    const float* in_b = input + (int32_t)(b * in_h * in_w * in_c);
    for (oy = 0; oy < output_dims->h; ++oy) {
      int32_t iy0, iy1;
      mf_tconv_source_range(oy, params->pad_h, params->stride_h, f_h, in_h, &iy0, &iy1);
      for (ox = 0; ox < output_dims->w; ++ox) {
        int32_t ix0, ix1;
        mf_tconv_source_range(ox, params->pad_w, params->stride_w, f_w, in_w, &ix0, &ix1);
        for (oc = 0; oc < output_dims->c; ++oc) {
          const float* w_oc = filter + oc * f_h * f_w * in_c;
          float acc = 0.0f;
          for (iy = iy0; iy < iy1; ++iy) {
            const int32_t ky = oy + params->pad_h - iy * params->stride_h;
            for (ix = ix0; ix < ix1; ++ix) {
              const int32_t kx = ox + params->pad_w - ix * params->stride_w;
              const float* px = in_b + (iy * in_w + ix) * in_c;
              const float* pw = w_oc + (ky * f_w + kx) * in_c;
              for (ic = 0; ic < in_c; ++ic) {
                acc += px[ic] * pw[ic];
              }
            }
          }
          if (bias != NULL) {
            acc += bias[oc];
          }
          *output++ = mf_clamp_act_f32(acc, params->act_f32);
        }
      }
    }
  }
  return MF_STATUS_OK;
}
