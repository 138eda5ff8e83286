/* SPDX-License-Identifier: Apache-2.0 */
/* CONV_2D, int8 (TFLM ConvPerChannel): acc = sum w * (x + input_offset) over the in-image taps,
 * + bias, per-channel double-rounding requantization, + output zero point, clamp. */
#include "mcuforge/mf_conv2d.h"
#include "mf_conv_check.h"
#include "mf_fixedpoint.h"

mf_status mf_conv2d_s8(const mf_conv2d_params* params, const mf_dims4* input_dims, const int8_t* input,
                       const mf_dims4* filter_dims, const int8_t* filter, const int32_t* bias,
                       const mf_dims4* output_dims, int8_t* output) {
  int32_t b, oy, ox, oc, ky, kx, ic;
  int32_t in_h, in_w, in_c, f_h, f_w, f_c, out_h, out_w, out_c, oc_per_group;
  int32_t in_off, out_off, dil_h, dil_w;
  mf_act_range act;
  const mf_requant* rq;
  MF_REQUIRE(mf_conv2d_shapes_valid(params, input_dims, filter_dims, output_dims));
  MF_REQUIRE(input != NULL && filter != NULL && output != NULL);
  MF_REQUIRE(mf_requant_valid(params->requant, output_dims->c, 30));
  MF_REQUIRE(params->act.min <= params->act.max);
  /* -zero point of an int8 tensor: keeps w * (x + offset) within int32 */
  MF_REQUIRE(params->input_offset >= -127 && params->input_offset <= 128);
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
  in_off = params->input_offset;
  out_off = params->output_offset;
  dil_h = params->dilation_h;
  dil_w = params->dilation_w;
  act = params->act;
  rq = params->requant;

  for (b = 0; b < output_dims->n; ++b) {
    const int8_t* in_b = input + (int32_t)(b * in_h * in_w * in_c);
    for (oy = 0; oy < out_h; ++oy) {
      const int64_t y0 = (int64_t)oy * params->stride_h - params->pad_h;
      int32_t ky0, ky1;
      mf_tap_range(y0, dil_h, in_h, f_h, &ky0, &ky1);
      for (ox = 0; ox < out_w; ++ox) {
        const int64_t x0 = (int64_t)ox * params->stride_w - params->pad_w;
        int32_t kx0, kx1;
        mf_tap_range(x0, dil_w, in_w, f_w, &kx0, &kx1);
        oc = 0;
        /* Two output channels of one group at a time share each input load (the same products and
         * sums; the pixel's outputs are still written after its window is read). */
        for (; oc + 1 < out_c && (oc + 1) % oc_per_group != 0; oc += 2) {
          const int8_t* w0 = filter + oc * f_h * f_w * f_c;
          const int8_t* w1 = w0 + f_h * f_w * f_c;
          const int8_t* in_g = in_b + (oc / oc_per_group) * f_c;
          uint32_t acc0 = 0, acc1 = 0;
          for (ky = ky0; ky < ky1; ++ky) {
            const int32_t iy = (int32_t)(y0 + (int64_t)ky * dil_h);
            const int8_t* in_row = in_g + iy * in_w * in_c;
            for (kx = kx0; kx < kx1; ++kx) {
              const int32_t ix = (int32_t)(x0 + (int64_t)kx * dil_w);
              const int8_t* px = in_row + ix * in_c;
              const int32_t wo = (ky * f_w + kx) * f_c;
              for (ic = 0; ic < f_c; ++ic) {
                const int32_t xv = (int32_t)px[ic] + in_off;
                acc0 += (uint32_t)((int32_t)w0[wo + ic] * xv);
                acc1 += (uint32_t)((int32_t)w1[wo + ic] * xv);
              }
            }
          }
          if (bias != NULL) {
            acc0 += (uint32_t)bias[oc];
            acc1 += (uint32_t)bias[oc + 1];
          }
          *output++ = (int8_t)mf_clamp_act(
              (int64_t)mf_mbqm((int32_t)acc0, rq[oc].multiplier, rq[oc].shift) + out_off, act);
          *output++ = (int8_t)mf_clamp_act(
              (int64_t)mf_mbqm((int32_t)acc1, rq[oc + 1].multiplier, rq[oc + 1].shift) + out_off, act);
        }
        for (; oc < out_c; ++oc) {
          const int8_t* w_oc = filter + oc * f_h * f_w * f_c;
          const int8_t* in_g = in_b + (oc / oc_per_group) * f_c;
          /* Unsigned so that an (unrealistic) overflow wraps as on TFLM's targets instead of being
           * undefined behaviour. */
          uint32_t acc = 0;
          for (ky = ky0; ky < ky1; ++ky) {
            const int32_t iy = (int32_t)(y0 + (int64_t)ky * dil_h);
            const int8_t* in_row = in_g + iy * in_w * in_c;
            const int8_t* w_row = w_oc + ky * f_w * f_c;
            for (kx = kx0; kx < kx1; ++kx) {
              const int32_t ix = (int32_t)(x0 + (int64_t)kx * dil_w);
              const int8_t* px = in_row + ix * in_c;
              const int8_t* pw = w_row + kx * f_c;
              for (ic = 0; ic < f_c; ++ic) {
                acc += (uint32_t)((int32_t)pw[ic] * ((int32_t)px[ic] + in_off));
              }
            }
          }
          if (bias != NULL) {
            acc += (uint32_t)bias[oc];
          }
          *output++ = (int8_t)mf_clamp_act(
              (int64_t)mf_mbqm((int32_t)acc, rq[oc].multiplier, rq[oc].shift) + out_off, act);
        }
      }
    }
  }
  return MF_STATUS_OK;
}
