/* SPDX-License-Identifier: Apache-2.0 */
/* BATCH_MATMUL, int8, for cores with the DSP extension. The same walk as mf_batch_matmul_s8 (operands
 * transposed into scratch where needed, so every output is a dot product of an LHS row and an RHS row);
 * each LHS row is dotted with two RHS rows at a time: 4 LHS bytes are widened once per step with their
 * offset (SXTAB16 into int16 pairs), the RHS bytes with theirs, and SMLAD adds two products per
 * instruction. The int32 sums wrap exactly like the reference's, and the requantization
 * (mf_dsp_requant_sel) equals mf_mbqm + offset + clamp: identical output. Outputs are written in memory
 * order. */
#include "mcuforge/mf_batch_matmul.h"
#include "mf_batch_matmul_internal.h"
#include "mf_conv_check.h"
#include "mf_dsp.h"
#include "mf_fixedpoint.h"

/* acc + sum over k in [k0, depth) of (r[k] + r_off) * (l[k] + l_off), wrapping. */
MF_INLINE int32_t mf_bmm_dsp_tail(const int8_t* l, const int8_t* r, int32_t k0, int32_t depth, int32_t l_off,
                                  int32_t r_off, int32_t acc) {
  uint32_t a = (uint32_t)acc;
  int32_t k;
  for (k = k0; k < depth; ++k) {
    a += (uint32_t)(((int32_t)r[k] + r_off) * ((int32_t)l[k] + l_off));
  }
  return (int32_t)a;
}

/* Dot products of l with r0 and r1 over [0, d4), d4 a multiple of 4. */
MF_INLINE void mf_bmm_dsp_dot2(const int8_t* l, const int8_t* r0, const int8_t* r1, int32_t d4, int32_t l2,
                               int32_t r2, int32_t* acc0, int32_t* acc1) {
  int32_t a0 = 0, a1 = 0;
  const int8_t* l_end = l + d4;
  while (l != l_end) {
    const int32_t lv = mf_read_s8x4(l);
    const int32_t l_e = mf_sxtab16(l2, lv), l_o = mf_sxtab16_ror8(l2, lv);
    const int32_t v0 = mf_read_s8x4(r0);
    const int32_t v1 = mf_read_s8x4(r1);
    a0 = mf_smlad(mf_sxtab16(r2, v0), l_e, a0);
    a0 = mf_smlad(mf_sxtab16_ror8(r2, v0), l_o, a0);
    a1 = mf_smlad(mf_sxtab16(r2, v1), l_e, a1);
    a1 = mf_smlad(mf_sxtab16_ror8(r2, v1), l_o, a1);
    l += 4;
    r0 += 4;
    r1 += 4;
  }
  *acc0 = a0;
  *acc1 = a1;
}

/* One LHS row [depth] against every RHS row [cols, depth]. */
MF_INLINE void mf_bmm_dsp_row(const mf_batch_matmul_params* p, const int8_t* l, const int8_t* rm, int8_t* out,
                              int fast) {
  const int32_t depth = p->depth, d4 = depth & ~3, cols = p->cols;
  const int32_t l_off = p->lhs_offset, r_off = p->rhs_offset;
  const int32_t l2 = mf_dup16(l_off), r2 = mf_dup16(r_off);
  const int32_t off2p1 = 2 * p->output_offset + 1;
  int32_t c = 0;
  for (; c + 1 < cols; c += 2) {
    const int8_t* r0 = rm + c * depth;
    const int8_t* r1 = r0 + depth;
    int32_t a0, a1;
    mf_bmm_dsp_dot2(l, r0, r1, d4, l2, r2, &a0, &a1);
    a0 = mf_bmm_dsp_tail(l, r0, d4, depth, l_off, r_off, a0);
    a1 = mf_bmm_dsp_tail(l, r1, d4, depth, l_off, r_off, a1);
    out[c] = mf_dsp_requant_sel(fast, a0, &p->requant, off2p1, p->act.min, p->act.max);
    out[c + 1] = mf_dsp_requant_sel(fast, a1, &p->requant, off2p1, p->act.min, p->act.max);
  }
  for (; c < cols; ++c) {
    const int8_t* r0 = rm + c * depth;
    int32_t a0 = 0, k;
    for (k = 0; k < d4; k += 4) {
      const int32_t lv = mf_read_s8x4(l + k);
      const int32_t rv = mf_read_s8x4(r0 + k);
      a0 = mf_smlad(mf_sxtab16(r2, rv), mf_sxtab16(l2, lv), a0);
      a0 = mf_smlad(mf_sxtab16_ror8(r2, rv), mf_sxtab16_ror8(l2, lv), a0);
    }
    a0 = mf_bmm_dsp_tail(l, r0, d4, depth, l_off, r_off, a0);
    out[c] = mf_dsp_requant_sel(fast, a0, &p->requant, off2p1, p->act.min, p->act.max);
  }
}

mf_status mf_batch_matmul_s8__cm_dsp(const mf_batch_matmul_params* params, const int8_t* lhs, const int8_t* rhs,
                                     int8_t* output, void* scratch) {
  mf_bmm_walk walk;
  int32_t b0, b1, b2, a;
  int fast;
  MF_REQUIRE(mf_bmm_valid(params, lhs, rhs, output, scratch, 1));
  MF_REQUIRE(mf_requant_valid(&params->requant, 1, 30));
  MF_REQUIRE(params->act.min <= params->act.max && params->act.min >= -128 && params->act.max <= 127);
  MF_REQUIRE(params->lhs_offset >= -127 && params->lhs_offset <= 128);
  MF_REQUIRE(params->rhs_offset >= -127 && params->rhs_offset <= 128);
  if (!mf_dsp_requant_fits(params->act, params->output_offset)) {
    return mf_batch_matmul_s8(params, lhs, rhs, output, scratch);
  }
  fast = mf_dsp_requant_fast_ok(&params->requant, 1, params->act);
  mf_bmm_walk_init(&walk, params, lhs, rhs, scratch, 1);
  for (b0 = 0; b0 < params->batch[0]; ++b0) {
    for (b1 = 0; b1 < params->batch[1]; ++b1) {
      for (b2 = 0; b2 < params->batch[2]; ++b2) {
        const void* lm;
        const void* rm;
        mf_bmm_walk_matrices(&walk, b0, b1, b2, &lm, &rm);
        for (a = 0; a < params->rows; ++a) {
          if (fast) {
            mf_bmm_dsp_row(params, (const int8_t*)lm + a * params->depth, (const int8_t*)rm, output, 1);
          } else {
            mf_bmm_dsp_row(params, (const int8_t*)lm + a * params->depth, (const int8_t*)rm, output, 0);
          }
          output += params->cols;
        }
      }
    }
  }
  return MF_STATUS_OK;
}
