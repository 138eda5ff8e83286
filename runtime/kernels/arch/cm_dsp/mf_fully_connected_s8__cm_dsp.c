/* SPDX-License-Identifier: Apache-2.0 */
/* FULLY_CONNECTED, int8, for cores with the DSP extension: four weight rows at a time against one
 * input row; every 4 bytes of input are widened once (SXTAB16 adds the input offset into int16
 * pairs), the weights are widened with their own offset, and SMLAD adds two products per
 * instruction. Same wrapping int32 sums, bias, requantization (mf_dsp_requant_s8, equal to mf_mbqm)
 * and clamp as mf_fully_connected_s8: identical output. Non-int8 output ranges run the reference.
 * Outputs are written in memory order. */
#include "mcuforge/mf_fully_connected.h"
#include "mf_dsp.h"
#include "mf_fc_check.h"
#include "mf_fixedpoint.h"

/* sum over d of (w[d] + w_off) * (x[d] + in_off) for d in [d4, depth), added to acc (wrapping) */
MF_INLINE int32_t mf_fc_dsp_tail(const int8_t* w, const int8_t* x, int32_t d4, int32_t depth, int32_t w_off,
                                 int32_t in_off, int32_t acc) {
  uint32_t a = (uint32_t)acc;
  int32_t d;
  for (d = d4; d < depth; ++d) {
    a += (uint32_t)(((int32_t)w[d] + w_off) * ((int32_t)x[d] + in_off));
  }
  return (int32_t)a;
}

mf_status mf_fully_connected_s8__cm_dsp(const mf_fully_connected_params* params, const mf_fc_dims* dims,
                                        const int8_t* input, const int8_t* filter, const int32_t* bias,
                                        int8_t* output) {
  int32_t b, o, d, depth, d4, units, in_off, w_off, out_off, in2, w2, lo, hi;
  const mf_requant* rq;
  MF_REQUIRE(mf_fc_dims_valid(params, dims));
  MF_REQUIRE(input != NULL && filter != NULL && output != NULL);
  MF_REQUIRE(mf_requant_valid(params->requant, dims->output_depth, 30));
  MF_REQUIRE(params->act.min <= params->act.max);
  MF_REQUIRE(params->input_offset >= -127 && params->input_offset <= 128);
  MF_REQUIRE(params->filter_offset >= -127 && params->filter_offset <= 128);
  if (!mf_dsp_requant_fits(params->act, params->output_offset)) {
    return mf_fully_connected_s8(params, dims, input, filter, bias, output);
  }
  depth = dims->accum_depth;
  d4 = depth & ~3;
  units = dims->output_depth;
  in_off = params->input_offset;
  w_off = params->filter_offset;
  out_off = params->output_offset;
  in2 = mf_dup16(in_off);
  w2 = mf_dup16(w_off);
  lo = params->act.min - out_off;
  hi = params->act.max - out_off;
  rq = params->requant;
  for (b = 0; b < dims->batches; ++b) {
    const int8_t* x = input + b * depth;
    for (o = 0; o + 3 < units; o += 4) {
      const int8_t* w0 = filter + o * depth;
      const int8_t* w1 = w0 + depth;
      const int8_t* w2p = w1 + depth;
      const int8_t* w3 = w2p + depth;
      int32_t a0 = bias != NULL ? bias[o] : 0;
      int32_t a1 = bias != NULL ? bias[o + 1] : 0;
      int32_t a2 = bias != NULL ? bias[o + 2] : 0;
      int32_t a3 = bias != NULL ? bias[o + 3] : 0;
      for (d = 0; d < d4; d += 4) {
        const int32_t xv = mf_read_s8x4(x + d);
        const int32_t x_e = mf_sxtab16(in2, xv), x_o = mf_sxtab16_ror8(in2, xv);
        int32_t wv = mf_read_s8x4(w0 + d);
        a0 = mf_smlad(mf_sxtab16(w2, wv), x_e, a0);
        a0 = mf_smlad(mf_sxtab16_ror8(w2, wv), x_o, a0);
        wv = mf_read_s8x4(w1 + d);
        a1 = mf_smlad(mf_sxtab16(w2, wv), x_e, a1);
        a1 = mf_smlad(mf_sxtab16_ror8(w2, wv), x_o, a1);
        wv = mf_read_s8x4(w2p + d);
        a2 = mf_smlad(mf_sxtab16(w2, wv), x_e, a2);
        a2 = mf_smlad(mf_sxtab16_ror8(w2, wv), x_o, a2);
        wv = mf_read_s8x4(w3 + d);
        a3 = mf_smlad(mf_sxtab16(w2, wv), x_e, a3);
        a3 = mf_smlad(mf_sxtab16_ror8(w2, wv), x_o, a3);
      }
      a0 = mf_fc_dsp_tail(w0, x, d4, depth, w_off, in_off, a0);
      a1 = mf_fc_dsp_tail(w1, x, d4, depth, w_off, in_off, a1);
      a2 = mf_fc_dsp_tail(w2p, x, d4, depth, w_off, in_off, a2);
      a3 = mf_fc_dsp_tail(w3, x, d4, depth, w_off, in_off, a3);
      output[o] = mf_dsp_requant_s8(a0, &rq[o], lo, hi, out_off);
      output[o + 1] = mf_dsp_requant_s8(a1, &rq[o + 1], lo, hi, out_off);
      output[o + 2] = mf_dsp_requant_s8(a2, &rq[o + 2], lo, hi, out_off);
      output[o + 3] = mf_dsp_requant_s8(a3, &rq[o + 3], lo, hi, out_off);
    }
    for (; o < units; ++o) {
      const int8_t* w0 = filter + o * depth;
      int32_t a0 = bias != NULL ? bias[o] : 0;
      for (d = 0; d < d4; d += 4) {
        const int32_t xv = mf_read_s8x4(x + d);
        const int32_t wv = mf_read_s8x4(w0 + d);
        a0 = mf_smlad(mf_sxtab16(w2, wv), mf_sxtab16(in2, xv), a0);
        a0 = mf_smlad(mf_sxtab16_ror8(w2, wv), mf_sxtab16_ror8(in2, xv), a0);
      }
      a0 = mf_fc_dsp_tail(w0, x, d4, depth, w_off, in_off, a0);
      output[o] = mf_dsp_requant_s8(a0, &rq[o], lo, hi, out_off);
    }
    output += units;
  }
  return MF_STATUS_OK;
}
