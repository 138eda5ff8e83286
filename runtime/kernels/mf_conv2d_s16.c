/* SPDX-License-Identifier: Apache-2.0 */
/* CONV_2D, int16 activations x int8 weights (TFLM ConvPerChannel, 16x8): no zero points; `acc` (the
 * compiler's copy of TFLM's choice, see mf_acc_width) picks an int64 accumulator with the 64-bit
 * requantization or a wrapping int32 one with the double-rounding 32-bit requantization. */
#include "mcuforge/mf_conv2d.h"
#include "mf_conv_check.h"
#include "mf_fixedpoint.h"

mf_status mf_conv2d_s16(const mf_conv2d_params* params, const mf_dims4* input_dims, const int16_t* input,
                        const mf_dims4* filter_dims, const int8_t* filter, mf_acc_width acc_width,
                        const int32_t* bias32, const int64_t* bias64, const mf_dims4* output_dims,
                        int16_t* output) {
  int32_t b, oy, ox, oc, ky, kx, ic;
  int32_t in_h, in_w, in_c, f_h, f_w, f_c, out_h, out_w, out_c, oc_per_group, dil_h, dil_w;
  int acc64;
  mf_act_range act;
  const mf_requant* rq;
  MF_REQUIRE(mf_conv2d_shapes_valid(params, input_dims, filter_dims, output_dims));
  MF_REQUIRE(input != NULL && filter != NULL && output != NULL);
  MF_REQUIRE(acc_width == MF_ACC32 || acc_width == MF_ACC64);
  acc64 = acc_width == MF_ACC64;
  MF_REQUIRE(acc64 ? bias32 == NULL : bias64 == NULL);
  MF_REQUIRE(mf_requant_valid(params->requant, output_dims->c, acc64 ? 14 : 30));
  MF_REQUIRE(params->act.min <= params->act.max);
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
        for (oc = 0; oc < out_c; ++oc) {
          const int8_t* w_oc = filter + oc * f_h * f_w * f_c;
          const int16_t* in_g = in_b + (oc / oc_per_group) * f_c;
          /* Both sums are kept; the unsigned 32-bit one wraps like TFLM's int32 accumulator on its
           * targets, the 64-bit one cannot overflow for any realistic filter (prepare bounds it). */
          uint32_t acc32 = 0;
          int64_t acc = 0;
          int32_t scaled;
          for (ky = ky0; ky < ky1; ++ky) {
            const int32_t iy = (int32_t)(y0 + (int64_t)ky * dil_h);
            const int16_t* in_row = in_g + iy * in_w * in_c;
            const int8_t* w_row = w_oc + ky * f_w * f_c;
            for (kx = kx0; kx < kx1; ++kx) {
              const int32_t ix = (int32_t)(x0 + (int64_t)kx * dil_w);
              const int16_t* px = in_row + ix * in_c;
              const int8_t* pw = w_row + kx * f_c;
              if (acc64) {
                for (ic = 0; ic < f_c; ++ic) {
                  acc += (int32_t)pw[ic] * (int32_t)px[ic];
                }
              } else {
                for (ic = 0; ic < f_c; ++ic) {
                  acc32 += (uint32_t)((int32_t)pw[ic] * (int32_t)px[ic]);
                }
              }
            }
          }
          if (acc64) {
            if (bias64 != NULL) {
              acc += bias64[oc];
            }
            scaled = mf_mbqm64(acc, rq[oc].multiplier, rq[oc].shift);
          } else {
            if (bias32 != NULL) {
              acc32 += (uint32_t)bias32[oc];
            }
            scaled = mf_mbqm((int32_t)acc32, rq[oc].multiplier, rq[oc].shift);
          }
          *output++ = (int16_t)mf_clamp_act(scaled, act);
        }
      }
    }
  }
  return MF_STATUS_OK;
}
