/* SPDX-License-Identifier: Apache-2.0 */
/* DEPTHWISE_CONV_2D, int8, for cores with the DSP extension: with depth_multiplier 1, four adjacent
 * channels at a time share one 32-bit load of input and of weights per tap; SXTAB16 widens the input
 * with the offset added and SXTB16 the weights into int16 pairs, and SMLABB/SMLATT accumulate each
 * channel. Taps outside the input are skipped exactly as in mf_depthwise_conv2d_s8, the int32 sums
 * wrap the same way, and the bias, requantization (mf_dsp_requant_sel, equal to mf_mbqm) and clamp give
 * identical output. Other depth multipliers and non-int8 output ranges run the reference.
 *
 * Access order: output elements are written in memory order, each group of four after every read it
 * needs, so the planner's in-place distance for the reference holds (window_overlap.h). */
#include "mcuforge/mf_depthwise_conv2d.h"
#include "mf_conv_check.h"
#include "mf_dsp.h"
#include "mf_fixedpoint.h"

/* Keeps the compiler from hoisting the next tap's loads above this one's arithmetic (which costs
 * register spills on Cortex-M); no effect on the results. */
#if MF_DSP_NATIVE && defined(__GNUC__)
#define MF_DW_DSP_ORDER() __asm__ volatile("" ::: "memory")
#else
#define MF_DW_DSP_ORDER() ((void)0)
#endif

/* One tap of four adjacent channels: input bytes at ip, weight bytes at wp. */
#define MF_DW_DSP_TAP(ip, wp)                                                                   \
  do {                                                                                          \
    const int32_t x_ = mf_read_s8x4(ip);                                                        \
    const int32_t v_ = mf_read_s8x4(wp);                                                        \
    const int32_t x_e = mf_sxtab16(offset2, x_), x_o = mf_sxtab16_ror8(offset2, x_);            \
    const int32_t w_e = mf_sxtb16(v_), w_o = mf_sxtb16_ror8(v_);                                \
    a0 = mf_smlabb(x_e, w_e, a0);                                                               \
    a2 = mf_smlatt(x_e, w_e, a2);                                                               \
    a1 = mf_smlabb(x_o, w_o, a1);                                                               \
    a3 = mf_smlatt(x_o, w_o, a3);                                                               \
  } while (0)


/* Four adjacent channels over a full 3x3 window with dilation 1 (taps ch bytes apart in a row, weights
 * contiguous): acc[0..3] += the window sums. row_skip = in_w * ch - 2 * ch (dilation_h 1) or the
 * dilated row step less the two column steps. */
#if defined(__GNUC__)
__attribute__((noinline))
#endif
static void mf_dw_dsp_3x3(const int8_t* ip, const int8_t* wp, int32_t ch, int32_t row_skip, int32_t offset2,
                          int32_t* acc) {
  int32_t a0 = acc[0], a1 = acc[1], a2 = acc[2], a3 = acc[3];
  int32_t r;
  const int32_t ch2 = 2 * ch;
  for (r = 0; r < 3; ++r) {
    MF_DW_DSP_TAP(ip, wp);
    MF_DW_DSP_ORDER();
    MF_DW_DSP_TAP(ip + ch, wp + ch);
    MF_DW_DSP_ORDER();
    MF_DW_DSP_TAP(ip + ch2, wp + ch2);
    ip += row_skip + ch2;
    wp += ch2 + ch;
  }
  acc[0] = a0;
  acc[1] = a1;
  acc[2] = a2;
  acc[3] = a3;
}

/* Four adjacent channels over rows x cols taps with dilation_w 1 (taps ch bytes apart in a row, for
 * the input and the weights): acc[0..3] += the window sums. After each row the input pointer moves by
 * in_skip and the weight pointer by w_skip more. */
#if defined(__GNUC__)
__attribute__((noinline))
#endif
static void mf_dw_dsp_win(const int8_t* ip, const int8_t* wp, int32_t rows, int32_t cols, int32_t ch,
                          int32_t in_skip, int32_t w_skip, int32_t offset2, int32_t* acc) {
  int32_t a0 = acc[0], a1 = acc[1], a2 = acc[2], a3 = acc[3];
  const int32_t row_len = cols * ch;
  int32_t r, o;
  for (r = 0; r < rows; ++r) {
    for (o = 0; o != row_len; o += ch) { /* one index for both: input and weight taps are ch apart */
      MF_DW_DSP_TAP(ip + o, wp + o);
    }
    ip += row_len + in_skip;
    wp += row_len + w_skip;
  }
  acc[0] = a0;
  acc[1] = a1;
  acc[2] = a2;
  acc[3] = a3;
}

MF_INLINE void mf_dw_dsp_body(const mf_depthwise_conv2d_params* params, const mf_dims4* input_dims,
                               const int8_t* input, const mf_dims4* filter_dims, const int8_t* filter,
                               const int32_t* bias, const mf_dims4* output_dims, int8_t* output, const int fast) {
  int32_t b, oy, ox, c, ky, kx;
  int32_t in_h, in_w, ch, f_w, out_h, out_w, in_off, out_off, dil_h, dil_w, ch4, offset2, off2p1, amin, amax;
  int32_t in_tap_x, in_tap_y, w_tap_y, row_skip3;
  const mf_requant* rq;
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
  off2p1 = 2 * out_off + 1;
  amin = params->act.min;
  amax = params->act.max;
  rq = params->requant;
  ch4 = ch & ~3;
  offset2 = mf_dup16(in_off);
  in_tap_x = dil_w * ch;
  in_tap_y = dil_h * in_w * ch;
  w_tap_y = f_w * ch;
  row_skip3 = in_tap_y - 2 * ch;

  for (b = 0; b < output_dims->n; ++b) {
    const int8_t* in_b = input + (int32_t)(b * in_h * in_w * ch);
    for (oy = 0; oy < out_h; ++oy) {
      const int32_t y0 = oy * params->stride_h - params->pad_h;
      int32_t ky0, ky1;
      mf_dsp_tap_range(y0, dil_h, in_h, filter_dims->h, &ky0, &ky1);
      for (ox = 0; ox < out_w; ++ox) {
        const int32_t x0 = ox * params->stride_w - params->pad_w;
        int32_t kx0, kx1, rows, cols, full3;
        /* the first in-image tap of the window */
        const int8_t* in_first = in_b;
        const int8_t* w_first = filter;
        mf_dsp_tap_range(x0, dil_w, in_w, f_w, &kx0, &kx1);
        rows = ky1 - ky0;
        cols = kx1 - kx0;
        full3 = rows == 3 && cols == 3 && f_w == 3 && dil_w == 1;
        if (rows > 0 && cols > 0) {
          in_first = in_b + ((y0 + ky0 * dil_h) * in_w + x0 + kx0 * dil_w) * ch;
          w_first = filter + (ky0 * f_w + kx0) * ch;
        } else {
          rows = 0; /* no taps */
        }
        for (c = 0; c < ch4; c += 4) {
          int32_t a0 = 0, a1 = 0, a2 = 0, a3 = 0;
          const int8_t* ip = in_first + c;
          const int8_t* wp = w_first + c;
          int32_t r;
          if (bias != NULL) {
            a0 = bias[c];
            a1 = bias[c + 1];
            a2 = bias[c + 2];
            a3 = bias[c + 3];
          }
          if (full3) { /* the common full 3x3 window */
            int32_t acc[4];
            acc[0] = a0;
            acc[1] = a1;
            acc[2] = a2;
            acc[3] = a3;
            mf_dw_dsp_3x3(ip, wp, ch, row_skip3, offset2, acc);
            a0 = acc[0];
            a1 = acc[1];
            a2 = acc[2];
            a3 = acc[3];
          } else if (dil_w == 1 && rows > 0) {
            int32_t acc[4];
            acc[0] = a0;
            acc[1] = a1;
            acc[2] = a2;
            acc[3] = a3;
            mf_dw_dsp_win(ip, wp, rows, cols, ch, in_tap_y - cols * ch, w_tap_y - cols * ch, offset2, acc);
            a0 = acc[0];
            a1 = acc[1];
            a2 = acc[2];
            a3 = acc[3];
          } else {
            for (r = 0; r < rows; ++r) {
              const int8_t* ipk = ip;
              const int8_t* wpk = wp;
              for (kx = 0; kx < cols; ++kx) {
                MF_DW_DSP_TAP(ipk, wpk);
                ipk += in_tap_x;
                wpk += ch;
              }
              ip += in_tap_y;
              wp += w_tap_y;
            }
          }
          output[c] = mf_dsp_requant_sel(fast, a0, &rq[c], off2p1, amin, amax);
          output[c + 1] = mf_dsp_requant_sel(fast, a1, &rq[c + 1], off2p1, amin, amax);
          output[c + 2] = mf_dsp_requant_sel(fast, a2, &rq[c + 2], off2p1, amin, amax);
          output[c + 3] = mf_dsp_requant_sel(fast, a3, &rq[c + 3], off2p1, amin, amax);
        }
        for (; c < ch; ++c) {
          uint32_t acc = bias != NULL ? (uint32_t)bias[c] : 0u;
          const int8_t* ip = in_first + c;
          const int8_t* wp = w_first + c;
          for (ky = 0; ky < rows; ++ky) {
            for (kx = 0; kx < cols; ++kx) {
              acc += (uint32_t)((int32_t)wp[kx * ch] * ((int32_t)ip[kx * in_tap_x] + in_off));
            }
            ip += in_tap_y;
            wp += w_tap_y;
          }
          output[c] = mf_dsp_requant_sel(fast, (int32_t)acc, &rq[c], off2p1, amin, amax);
        }
        output += ch;
      }
    }
  }
}

mf_status mf_depthwise_conv2d_s8__cm_dsp(const mf_depthwise_conv2d_params* params, const mf_dims4* input_dims,
                                         const int8_t* input, const mf_dims4* filter_dims, const int8_t* filter,
                                         const int32_t* bias, const mf_dims4* output_dims, int8_t* output) {
  MF_REQUIRE(mf_depthwise_conv2d_shapes_valid(params, input_dims, filter_dims, output_dims));
  MF_REQUIRE(input != NULL && filter != NULL && output != NULL);
  MF_REQUIRE(mf_requant_valid(params->requant, output_dims->c, 30));
  MF_REQUIRE(params->act.min <= params->act.max);
  MF_REQUIRE(params->input_offset >= -127 && params->input_offset <= 128);
  if (params->depth_multiplier != 1 || !mf_dsp_requant_fits(params->act, params->output_offset) ||
      !mf_dsp_window_fits(output_dims->h, params->stride_h, params->pad_h, input_dims->h, filter_dims->h,
                          params->dilation_h) ||
      !mf_dsp_window_fits(output_dims->w, params->stride_w, params->pad_w, input_dims->w, filter_dims->w,
                          params->dilation_w)) {
    return mf_depthwise_conv2d_s8(params, input_dims, input, filter_dims, filter, bias, output_dims, output);
  }
  if (mf_dsp_requant_fast_ok(params->requant, output_dims->c, params->act)) {
    mf_dw_dsp_body(params, input_dims, input, filter_dims, filter, bias, output_dims, output, 1);
  } else {
    mf_dw_dsp_body(params, input_dims, input, filter_dims, filter, bias, output_dims, output, 0);
  }
  return MF_STATUS_OK;
}
#undef MF_DW_DSP_TAP
#undef MF_DW_DSP_ORDER
