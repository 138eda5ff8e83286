/* SPDX-License-Identifier: Apache-2.0 */
/* FULLY_CONNECTED, int8, for cores with the DSP extension: two weight rows at a time against one
 * input row; every 4 bytes of input are widened once (SXTAB16 adds the input offset into int16
 * pairs), the weights are widened with their own offset, and SMLAD adds two products per
 * instruction. Same wrapping int32 sums, bias, requantization (mf_dsp_requant_sel, equal to mf_mbqm)
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

/* Widened weights: SXTB16 (wz: filter offset 0) or SXTAB16 with the offset pairs w2. */
#define MF_FC_W_E(v) (wz ? mf_sxtb16(v) : mf_sxtab16(w2, (v)))
#define MF_FC_W_O(v) (wz ? mf_sxtb16_ror8(v) : mf_sxtab16_ror8(w2, (v)))

/* Two weight rows against one input row: *acc0 / *acc1 += the sums over d in [0, d4). Few live values,
 * so the compiler keeps everything in registers. */
MF_INLINE void mf_fc_dsp_rows2(const int8_t* x, const int8_t* w0, const int8_t* w1, int32_t d4, int32_t in2,
                               int32_t w2, const int wz, int32_t* acc0, int32_t* acc1) {
  int32_t a0 = *acc0, a1 = *acc1;
  const int8_t* x_end = x + d4;
  while (x != x_end) {
    const int32_t xv = mf_read_s8x4(x);
    const int32_t x_e = mf_sxtab16(in2, xv), x_o = mf_sxtab16_ror8(in2, xv);
    const int32_t v0 = mf_read_s8x4(w0);
    const int32_t v1 = mf_read_s8x4(w1);
    a0 = mf_smlad(MF_FC_W_E(v0), x_e, a0);
    a0 = mf_smlad(MF_FC_W_O(v0), x_o, a0);
    a1 = mf_smlad(MF_FC_W_E(v1), x_e, a1);
    a1 = mf_smlad(MF_FC_W_O(v1), x_o, a1);
    x += 4;
    w0 += 4;
    w1 += 4;
  }
  *acc0 = a0;
  *acc1 = a1;
}

/* Three weight rows against one input row: acc[0..2] += the sums over d in [0, d4). Three rows still
 * fit the registers and share each widened input word. */
MF_INLINE void mf_fc_dsp_rows3(const int8_t* x, const int8_t* w0, int32_t depth, int32_t d4, int32_t in2,
                               int32_t w2, const int wz, int32_t* acc) {
  int32_t a0 = acc[0], a1 = acc[1], a2 = acc[2];
  const int8_t* w1 = w0 + depth;
  const int8_t* w2p = w1 + depth;
  const int8_t* x_end = x + d4;
  while (x != x_end) {
    const int32_t xv = mf_read_s8x4(x);
    const int32_t x_e = mf_sxtab16(in2, xv), x_o = mf_sxtab16_ror8(in2, xv);
    int32_t v = mf_read_s8x4(w0);
    a0 = mf_smlad(MF_FC_W_E(v), x_e, a0);
    a0 = mf_smlad(MF_FC_W_O(v), x_o, a0);
    v = mf_read_s8x4(w1);
    a1 = mf_smlad(MF_FC_W_E(v), x_e, a1);
    a1 = mf_smlad(MF_FC_W_O(v), x_o, a1);
    v = mf_read_s8x4(w2p);
    a2 = mf_smlad(MF_FC_W_E(v), x_e, a2);
    a2 = mf_smlad(MF_FC_W_O(v), x_o, a2);
    x += 4;
    w0 += 4;
    w1 += 4;
    w2p += 4;
  }
  acc[0] = a0;
  acc[1] = a1;
  acc[2] = a2;
}

MF_INLINE void mf_fc_dsp_body(const mf_fully_connected_params* params, const mf_fc_dims* dims, const int8_t* input,
                              const int8_t* filter, const int32_t* bias, int8_t* output, const int wz) {
  int32_t b, o, d, depth, d4, units, in_off, w_off, out_off, in2, w2, off2p1, amin, amax, fast;
  const mf_requant* rq;
  depth = dims->accum_depth;
  d4 = depth & ~3;
  units = dims->output_depth;
  in_off = params->input_offset;
  w_off = params->filter_offset;
  out_off = params->output_offset;
  in2 = mf_dup16(in_off);
  w2 = mf_dup16(w_off);
  off2p1 = 2 * out_off + 1;
  amin = params->act.min;
  amax = params->act.max;
  rq = params->requant;
  fast = mf_dsp_requant_fast_ok(rq, units, params->act);
  for (b = 0; b < dims->batches; ++b) {
    const int8_t* x = input + b * depth;
    for (o = 0; o + 2 < units; o += 3) {
      const int8_t* w0 = filter + o * depth;
      int32_t acc[3];
      acc[0] = bias != NULL ? bias[o] : 0;
      acc[1] = bias != NULL ? bias[o + 1] : 0;
      acc[2] = bias != NULL ? bias[o + 2] : 0;
      mf_fc_dsp_rows3(x, w0, depth, d4, in2, w2, wz, acc);
      if (d4 != depth) {
        acc[0] = mf_fc_dsp_tail(w0, x, d4, depth, w_off, in_off, acc[0]);
        acc[1] = mf_fc_dsp_tail(w0 + depth, x, d4, depth, w_off, in_off, acc[1]);
        acc[2] = mf_fc_dsp_tail(w0 + 2 * depth, x, d4, depth, w_off, in_off, acc[2]);
      }
      output[o] = mf_dsp_requant_sel(fast, acc[0], &rq[o], off2p1, amin, amax);
      output[o + 1] = mf_dsp_requant_sel(fast, acc[1], &rq[o + 1], off2p1, amin, amax);
      output[o + 2] = mf_dsp_requant_sel(fast, acc[2], &rq[o + 2], off2p1, amin, amax);
    }
    for (; o + 1 < units; o += 2) {
      const int8_t* w0 = filter + o * depth;
      const int8_t* w1 = w0 + depth;
      int32_t a0 = bias != NULL ? bias[o] : 0;
      int32_t a1 = bias != NULL ? bias[o + 1] : 0;
      mf_fc_dsp_rows2(x, w0, w1, d4, in2, w2, wz, &a0, &a1);
      a0 = mf_fc_dsp_tail(w0, x, d4, depth, w_off, in_off, a0);
      a1 = mf_fc_dsp_tail(w1, x, d4, depth, w_off, in_off, a1);
      output[o] = mf_dsp_requant_sel(fast, a0, &rq[o], off2p1, amin, amax);
      output[o + 1] = mf_dsp_requant_sel(fast, a1, &rq[o + 1], off2p1, amin, amax);
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
      output[o] = mf_dsp_requant_sel(fast, a0, &rq[o], off2p1, amin, amax);
    }
    output += units;
  }
}
#undef MF_FC_W_E
#undef MF_FC_W_O

mf_status mf_fully_connected_s8__cm_dsp(const mf_fully_connected_params* params, const mf_fc_dims* dims,
                                        const int8_t* input, const int8_t* filter, const int32_t* bias,
                                        int8_t* output) {
  MF_REQUIRE(mf_fc_dims_valid(params, dims));
  MF_REQUIRE(input != NULL && filter != NULL && output != NULL);
  MF_REQUIRE(mf_requant_valid(params->requant, dims->output_depth, 30));
  MF_REQUIRE(params->act.min <= params->act.max);
  MF_REQUIRE(params->input_offset >= -127 && params->input_offset <= 128);
  MF_REQUIRE(params->filter_offset >= -127 && params->filter_offset <= 128);
  if (!mf_dsp_requant_fits(params->act, params->output_offset)) {
    return mf_fully_connected_s8(params, dims, input, filter, bias, output);
  }
  if (params->filter_offset == 0) {
    mf_fc_dsp_body(params, dims, input, filter, bias, output, 1);
  } else {
    mf_fc_dsp_body(params, dims, input, filter, bias, output, 0);
  }
  return MF_STATUS_OK;
}
