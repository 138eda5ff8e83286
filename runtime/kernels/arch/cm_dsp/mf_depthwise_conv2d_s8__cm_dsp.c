/* SPDX-License-Identifier: Apache-2.0 */
/* DEPTHWISE_CONV_2D, int8, for cores with the DSP extension: with depth_multiplier 1, four adjacent
 * channels at a time share one 32-bit load of input and of weights per tap; SXTAB16 widens the input
 * with the offset added and SXTB16 the weights into int16 pairs, and SMLABB/SMLATT accumulate each
 * channel. Taps outside the input are skipped exactly as in mf_depthwise_conv2d_s8, the int32 sums
 * wrap the same way, and the bias, requantization (mf_dsp_requant_s8, equal to mf_mbqm) and clamp give
 * identical output. Other depth multipliers and non-int8 output ranges run the reference.
 *
 * Access order: output elements are written in memory order, each group of four after every read it
 * needs, so the planner's in-place distance for the reference holds (window_overlap.h). */
#include "mcuforge/mf_depthwise_conv2d.h"
#include "mf_conv_check.h"
#include "mf_dsp.h"
#include "mf_fixedpoint.h"

/* Sums of four adjacent channels over a window of rows x cols taps: in and w point at the first
 * tap's four input and weight bytes; steps are in bytes. */
static void mf_dw_dsp_window4(const int8_t* in, const int8_t* w, int32_t rows, int32_t cols, int32_t in_step_x,
                              int32_t in_step_y, int32_t w_step_x, int32_t w_step_y, int32_t offset2,
                              int32_t* sums) {
  int32_t a0 = 0, a1 = 0, a2 = 0, a3 = 0;
  int32_t r, k;
#define MF_DW_DSP_TAP(pi, pw)                                                                   \
  do {                                                                                          \
    const int32_t x = mf_read_s8x4(in + (pi));                                                  \
    const int32_t v = mf_read_s8x4(w + (pw));                                                   \
    const int32_t x_e = mf_sxtab16(offset2, x), x_o = mf_sxtab16_ror8(offset2, x);              \
    const int32_t w_e = mf_sxtb16(v), w_o = mf_sxtb16_ror8(v);                                  \
    a0 = mf_smlabb(x_e, w_e, a0);                                                               \
    a2 = mf_smlatt(x_e, w_e, a2);                                                               \
    a1 = mf_smlabb(x_o, w_o, a1);                                                               \
    a3 = mf_smlatt(x_o, w_o, a3);                                                               \
  } while (0)
  if (cols == 3) { /* the common 3-wide window, unrolled */
    for (r = 0; r < rows; ++r) {
      const int32_t pi = r * in_step_y, pw = r * w_step_y;
      MF_DW_DSP_TAP(pi, pw);
      MF_DW_DSP_TAP(pi + in_step_x, pw + w_step_x);
      MF_DW_DSP_TAP(pi + 2 * in_step_x, pw + 2 * w_step_x);
    }
  } else {
    for (r = 0; r < rows; ++r) {
      int32_t pi = r * in_step_y, pw = r * w_step_y;
      for (k = 0; k < cols; ++k) {
        MF_DW_DSP_TAP(pi, pw);
        pi += in_step_x;
        pw += w_step_x;
      }
    }
  }
#undef MF_DW_DSP_TAP
  sums[0] = a0;
  sums[1] = a1;
  sums[2] = a2;
  sums[3] = a3;
}

mf_status mf_depthwise_conv2d_s8__cm_dsp(const mf_depthwise_conv2d_params* params, const mf_dims4* input_dims,
                                         const int8_t* input, const mf_dims4* filter_dims, const int8_t* filter,
                                         const int32_t* bias, const mf_dims4* output_dims, int8_t* output) {
  int32_t b, oy, ox, c, ky, kx;
  int32_t in_h, in_w, ch, f_w, out_h, out_w, in_off, out_off, dil_h, dil_w, ch4, offset2, lo, hi;
  const mf_requant* rq;
  MF_REQUIRE(mf_depthwise_conv2d_shapes_valid(params, input_dims, filter_dims, output_dims));
  MF_REQUIRE(input != NULL && filter != NULL && output != NULL);
  MF_REQUIRE(mf_requant_valid(params->requant, output_dims->c, 30));
  MF_REQUIRE(params->act.min <= params->act.max);
  MF_REQUIRE(params->input_offset >= -127 && params->input_offset <= 128);
  if (params->depth_multiplier != 1 || !mf_dsp_requant_fits(params->act, params->output_offset)) {
    return mf_depthwise_conv2d_s8(params, input_dims, input, filter_dims, filter, bias, output_dims, output);
  }
  in_h = input_dims->h;
  in_w = input_dims->w;
  ch = input_dims->c;
  f_w = filter_dims->w;
  out_h = output_dims->h;
  out_w = output_dims->w;
  in_off = params->input_offset;
  out_off = params->output_offset;
  dil_h = params->dilation_h;
  dil_w = params->dilation_w;
  lo = params->act.min - out_off;
  hi = params->act.max - out_off;
  rq = params->requant;
  ch4 = ch & ~3;
  offset2 = mf_dup16(in_off);

  for (b = 0; b < output_dims->n; ++b) {
    const int8_t* in_b = input + (int32_t)(b * in_h * in_w * ch);
    for (oy = 0; oy < out_h; ++oy) {
      const int64_t y0 = (int64_t)oy * params->stride_h - params->pad_h;
      int32_t ky0, ky1;
      mf_tap_range(y0, dil_h, in_h, filter_dims->h, &ky0, &ky1);
      for (ox = 0; ox < out_w; ++ox) {
        const int64_t x0 = (int64_t)ox * params->stride_w - params->pad_w;
        int32_t kx0, kx1;
        /* offsets of the first in-image tap of the window, and strides between taps, in elements */
        int32_t in_first = 0, w_first = 0;
        const int32_t in_tap_x = dil_w * ch, in_tap_y = dil_h * in_w * ch, w_tap_y = f_w * ch;
        mf_tap_range(x0, dil_w, in_w, f_w, &kx0, &kx1);
        if (ky0 < ky1 && kx0 < kx1) {
          in_first = ((int32_t)(y0 + (int64_t)ky0 * dil_h) * in_w + (int32_t)(x0 + (int64_t)kx0 * dil_w)) * ch;
          w_first = (ky0 * f_w + kx0) * ch;
        } else {
          kx1 = kx0; /* no taps */
        }
        for (c = 0; c < ch4; c += 4) {
          int32_t acc[4] = {0, 0, 0, 0};
          if (kx1 > kx0) {
            mf_dw_dsp_window4(in_b + in_first + c, filter + w_first + c, ky1 - ky0, kx1 - kx0, in_tap_x, in_tap_y, ch,
                              w_tap_y, offset2, acc);
          }
          if (bias != NULL) {
            for (kx = 0; kx < 4; ++kx) {
              acc[kx] = (int32_t)((uint32_t)acc[kx] + (uint32_t)bias[c + kx]);
            }
          }
          output[c] = mf_dsp_requant_s8(acc[0], &rq[c], lo, hi, out_off);
          output[c + 1] = mf_dsp_requant_s8(acc[1], &rq[c + 1], lo, hi, out_off);
          output[c + 2] = mf_dsp_requant_s8(acc[2], &rq[c + 2], lo, hi, out_off);
          output[c + 3] = mf_dsp_requant_s8(acc[3], &rq[c + 3], lo, hi, out_off);
        }
        for (; c < ch; ++c) {
          uint32_t acc = bias != NULL ? (uint32_t)bias[c] : 0u;
          int32_t in_row = in_first + c, w_row = w_first + c;
          for (ky = ky0; ky < ky1; ++ky) {
            for (kx = 0; kx < kx1 - kx0; ++kx) {
              acc += (uint32_t)((int32_t)filter[w_row + kx * ch] * ((int32_t)in_b[in_row + kx * in_tap_x] + in_off));
            }
            in_row += in_tap_y;
            w_row += w_tap_y;
          }
          output[c] = mf_dsp_requant_s8((int32_t)acc, &rq[c], lo, hi, out_off);
        }
        output += ch;
      }
    }
  }
  return MF_STATUS_OK;
}
