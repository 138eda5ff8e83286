/* SPDX-License-Identifier: Apache-2.0 */
/* DEPTHWISE_CONV_2D, int16 activations x int8 weights (TFLM DepthwiseConvPerChannel, 16x8): no zero
 * points, int64 accumulator and bias, 64-bit requantization, clamp. */
#include "mcuforge/mf_depthwise_conv2d.h"
#include "mf_conv_check.h"
#include "mf_fixedpoint.h"

mf_status mf_depthwise_conv2d_s16(const mf_depthwise_conv2d_params* params, const mf_dims4* input_dims,
                                  const int16_t* input, const mf_dims4* filter_dims, const int8_t* filter,
                                  const int64_t* bias, const mf_dims4* output_dims, int16_t* output) {
  int32_t b, oy, ox, ic, m, ky, kx;
  int32_t in_h, in_w, in_c, f_h, f_w, out_h, out_w, out_c, dm, dil_h, dil_w;
  mf_act_range act;
  const mf_requant* rq;
  MF_REQUIRE(mf_depthwise_conv2d_shapes_valid(params, input_dims, filter_dims, output_dims));
  MF_REQUIRE(input != NULL && filter != NULL && output != NULL);
  MF_REQUIRE(mf_requant_valid(params->requant, output_dims->c, 14));
  MF_REQUIRE(params->act.min <= params->act.max);
  in_h = input_dims->h;
  in_w = input_dims->w;
  in_c = input_dims->c;
  f_h = filter_dims->h;
  f_w = filter_dims->w;
  out_h = output_dims->h;
  out_w = output_dims->w;
  out_c = output_dims->c;
  dm = params->depth_multiplier;
  dil_h = params->dilation_h;
  dil_w = params->dilation_w;
  act = params->act;
  rq = params->requant;

  for (b = 0; b < output_dims->n; ++b) {
    const int16_t* in_b = input + (int32_t)(b * in_h * in_w * in_c);
    for (oy = 0; oy < out_h; ++oy) {
      const int64_t y0 = (int64_t)oy * params->stride_h - params->pad_h;
      int32_t ky0, ky1;
      mf_tap_range(y0, dil_h, in_h, f_h, &ky0, &ky1);
      for (ox = 0; ox < out_w; ++ox) {
        const int64_t x0 = (int64_t)ox * params->stride_w - params->pad_w;
        int32_t kx0, kx1;
        mf_tap_range(x0, dil_w, in_w, f_w, &kx0, &kx1);
        for (ic = 0; ic < in_c; ++ic) {
          for (m = 0; m < dm; ++m) {
            const int32_t oc = ic * dm + m;
            int64_t acc = 0;
            for (ky = ky0; ky < ky1; ++ky) {
              const int32_t iy = (int32_t)(y0 + (int64_t)ky * dil_h);
              const int16_t* in_row = in_b + iy * in_w * in_c + ic;
              const int8_t* w_row = filter + ky * f_w * out_c + oc;
              for (kx = kx0; kx < kx1; ++kx) {
                const int32_t ix = (int32_t)(x0 + (int64_t)kx * dil_w);
                acc += (int32_t)w_row[kx * out_c] * (int32_t)in_row[ix * in_c];
              }
            }
            if (bias != NULL) {
              acc += bias[oc];
            }
            *output++ =
                (int16_t)mf_clamp_act(mf_mbqm64(acc, rq[oc].multiplier, rq[oc].shift), act);
          }
        }
      }
    }
  }
  return MF_STATUS_OK;
}
