/* SPDX-License-Identifier: Apache-2.0 */
/* CONV_2D, float32 (TFLM reference Conv): the same accumulation order as TFLM (ky, kx, ic, then the
 * bias, then the activation clamp) so that results match it exactly. */
#include "mcuforge/mf_conv2d.h"
#include "mf_conv_check.h"

mf_status mf_conv2d_f32(const mf_conv2d_params* params, const mf_dims4* input_dims, const float* input,
                        const mf_dims4* filter_dims, const float* filter, const float* bias,
                        const mf_dims4* output_dims, float* output) {
  int32_t b, oy, ox, oc, ky, kx, ic;
  int32_t in_h, in_w, in_c, f_h, f_w, f_c, out_h, out_w, out_c, oc_per_group, dil_h, dil_w;
  mf_act_range_f32 act;
  MF_REQUIRE(mf_conv2d_shapes_valid(params, input_dims, filter_dims, output_dims));
  MF_REQUIRE(input != NULL && filter != NULL && output != NULL);
  in_h = input_dims->h;
  in_w = input_dims->w;
  in_c = input_dims->c;
  f_h = filter_dims->h;
  f_w = filter_dims->w;
  f_c = filter_dims->c;
  out_h = output_dims->h;
  out_w = output_dims->w;
  out_c = output_dims->c;
  oc_per_group = out_c / (in_c / f_c);
  dil_h = params->dilation_h;
  dil_w = params->dilation_w;
  act = params->act_f32;

  for (b = 0; b < output_dims->n; ++b) {
    const float* in_b = input + (int32_t)(b * in_h * in_w * in_c);
    for (oy = 0; oy < out_h; ++oy) {
      const int64_t y0 = (int64_t)oy * params->stride_h - params->pad_h;
      int32_t ky0, ky1;
      mf_tap_range(y0, dil_h, in_h, f_h, &ky0, &ky1);
      for (ox = 0; ox < out_w; ++ox) {
        const int64_t x0 = (int64_t)ox * params->stride_w - params->pad_w;
        int32_t kx0, kx1;
        mf_tap_range(x0, dil_w, in_w, f_w, &kx0, &kx1);
        for (oc = 0; oc < out_c; ++oc) {
          const float* w_oc = filter + oc * f_h * f_w * f_c;
          const float* in_g = in_b + (oc / oc_per_group) * f_c;
          float total = 0.0f;
          for (ky = ky0; ky < ky1; ++ky) {
            const int32_t iy = (int32_t)(y0 + (int64_t)ky * dil_h);
            const float* in_row = in_g + iy * in_w * in_c;
            const float* w_row = w_oc + ky * f_w * f_c;
            for (kx = kx0; kx < kx1; ++kx) {
              const int32_t ix = (int32_t)(x0 + (int64_t)kx * dil_w);
              const float* px = in_row + ix * in_c;
              const float* pw = w_row + kx * f_c;
              for (ic = 0; ic < f_c; ++ic) {
                total += px[ic] * pw[ic];
              }
            }
          }
          /* TFLM adds 0.0f when there is no bias (turns -0 into +0). */
          *output++ = mf_clamp_act_f32(total + (bias != NULL ? bias[oc] : 0.0f), act);
        }
      }
    }
  }
  return MF_STATUS_OK;
}
