/* SPDX-License-Identifier: Apache-2.0 */
/* TRANSPOSE_CONV, int8, for cores with the DSP extension (tconv family). The same gather as
 * mf_transpose_conv_s8: for each output pixel, the input pixels that reach it and their filter taps.
 * Two output channels at a time share each widened input word: SXTAB16 adds the input offset into two
 * int16 lanes (bytes 0/2 and 1/3), SXTB16 widens the weights the same way, and SMLAD adds two products
 * per instruction. The int32 sums wrap like the reference's, so the order of the products does not
 * matter; bias, requantization (mf_mbqm) and clamp are the reference's: identical output, written in
 * memory order. */
#include "mcuforge/mf_transpose_conv.h"
#include "mf_dsp.h"
#include "mf_fixedpoint.h"
#include "mf_tconv.h"

/* sum over c in [c4, depth) of (x[c] + in_off) * w[c], added to acc (wrapping) */
MF_INLINE int32_t mf_tconv_dsp_tail(const int8_t* x, const int8_t* w, int32_t c4, int32_t depth, int32_t in_off,
                                    int32_t acc) {
  uint32_t a = (uint32_t)acc;
  int32_t c;
  for (c = c4; c < depth; ++c) {
    a += (uint32_t)(((int32_t)x[c] + in_off) * (int32_t)w[c]);
  }
  return (int32_t)a;
}

/* One input pixel against the same tap of two output channels' filters (w1 may equal w0 for a single
 * channel): *a0 / *a1 += the dot products over the pixel's channels. */
MF_INLINE void mf_tconv_dsp_pixel2(const int8_t* x, const int8_t* w0, const int8_t* w1, int32_t depth,
                                   int32_t c4, int32_t in_off, int32_t in2, int32_t* a0, int32_t* a1) {
  int32_t s0 = *a0, s1 = *a1, c;
  for (c = 0; c < c4; c += 4) {
    const int32_t xv = mf_read_s8x4(x + c);
    const int32_t x_e = mf_sxtab16(in2, xv), x_o = mf_sxtab16_ror8(in2, xv);
    const int32_t v0 = mf_read_s8x4(w0 + c);
    const int32_t v1 = mf_read_s8x4(w1 + c);
    s0 = mf_smlad(mf_sxtb16(v0), x_e, s0);
    s0 = mf_smlad(mf_sxtb16_ror8(v0), x_o, s0);
    s1 = mf_smlad(mf_sxtb16(v1), x_e, s1);
    s1 = mf_smlad(mf_sxtb16_ror8(v1), x_o, s1);
  }
  if (c4 != depth) {
    s0 = mf_tconv_dsp_tail(x, w0, c4, depth, in_off, s0);
    s1 = mf_tconv_dsp_tail(x, w1, c4, depth, in_off, s1);
  }
  *a0 = s0;
  *a1 = s1;
}

MF_INLINE int8_t mf_tconv_dsp_out(int32_t acc, const int32_t* bias, int32_t oc, const mf_requant* rq,
                                  int32_t out_off, mf_act_range act) {
  if (bias != NULL) {
    acc = (int32_t)((uint32_t)acc + (uint32_t)bias[oc]);
  }
  return (int8_t)mf_clamp_act((int64_t)mf_mbqm(acc, rq[oc].multiplier, rq[oc].shift) + out_off, act);
}

mf_status mf_transpose_conv_s8__cm_dsp(const mf_transpose_conv_params* params, const mf_dims4* input_dims,
                                       const int8_t* input, const mf_dims4* filter_dims, const int8_t* filter,
                                       const int32_t* bias, const mf_dims4* output_dims, int8_t* output) {
  int32_t b, oy, ox, oc, iy, ix, in_h, in_w, in_c, c4, f_h, f_w, out_c, w_step, in_off, in2;
  const mf_requant* rq;
  MF_REQUIRE(mf_transpose_conv_shapes_valid(params, input_dims, filter_dims, output_dims));
  MF_REQUIRE(input != NULL && filter != NULL && output != NULL);
  MF_REQUIRE(mf_requant_valid(params->requant, output_dims->c, 30));
  MF_REQUIRE(params->act.min <= params->act.max);
  in_off = params->input_offset;
  if (in_off < -127 || in_off > 128) { /* the offset input must fit an int16 lane */
    return mf_transpose_conv_s8(params, input_dims, input, filter_dims, filter, bias, output_dims, output);
  }
  in2 = mf_dup16(in_off);
  in_h = input_dims->h;
  in_w = input_dims->w;
  in_c = input_dims->c;
  c4 = in_c & ~3;
  f_h = filter_dims->h;
  f_w = filter_dims->w;
  out_c = output_dims->c;
  w_step = f_h * f_w * in_c; /* from one output channel's filter to the next */
  rq = params->requant;
  for (b = 0; b < output_dims->n; ++b) {
    const int8_t* in_b = input + (int32_t)(b * in_h * in_w * in_c);
    for (oy = 0; oy < output_dims->h; ++oy) {
      int32_t iy0, iy1;
      mf_tconv_source_range(oy, params->pad_h, params->stride_h, f_h, in_h, &iy0, &iy1);
      for (ox = 0; ox < output_dims->w; ++ox) {
        int32_t ix0, ix1;
        mf_tconv_source_range(ox, params->pad_w, params->stride_w, f_w, in_w, &ix0, &ix1);
        for (oc = 0; oc < out_c; oc += 2) {
          const int two = oc + 1 < out_c;
          const int8_t* w0 = filter + oc * w_step;
          const int8_t* w1 = two ? w0 + w_step : w0;
          int32_t a0 = 0, a1 = 0;
          for (iy = iy0; iy < iy1; ++iy) {
            const int32_t ky = oy + params->pad_h - iy * params->stride_h;
            for (ix = ix0; ix < ix1; ++ix) {
              const int32_t kx = ox + params->pad_w - ix * params->stride_w;
              const int32_t tap = (ky * f_w + kx) * in_c;
              mf_tconv_dsp_pixel2(in_b + (iy * in_w + ix) * in_c, w0 + tap, w1 + tap, in_c, c4, in_off, in2, &a0,
                                  &a1);
            }
          }
          output[oc] = mf_tconv_dsp_out(a0, bias, oc, rq, params->output_offset, params->act);
          if (two) {
            output[oc + 1] = mf_tconv_dsp_out(a1, bias, oc + 1, rq, params->output_offset, params->act);
          }
        }
        output += out_c;
      }
    }
  }
  return MF_STATUS_OK;
}
