/* SPDX-License-Identifier: Apache-2.0 */
/* The per-element arithmetic of the quantized binary kernels (mf_binary_s8 / mf_binary_s16, see
 * mcuforge/mf_binary.h) and the parameter checks they share. */
#ifndef MCUFORGE_INTERNAL_MF_BINARY_Q_H
#define MCUFORGE_INTERNAL_MF_BINARY_Q_H

#include "mcuforge/mf_binary.h"
#include "mf_fixedpoint.h"

/* True when `p` is something the kernels can run for element range [lo, hi] with offsets within
 * +-max_offset. */
MF_INLINE int mf_binary_q_valid(const mf_binary_q_params* p, int32_t lo, int32_t hi, int32_t max_offset) {
  const int sub = p->op == MF_BINARY_SUB;
  if (!sub && p->op != MF_BINARY_SQUARED_DIFFERENCE) return 0;
  if (p->left_shift < 0 || p->left_shift > 20) return 0;
  if (p->in1_offset < -max_offset || p->in1_offset > max_offset) return 0;
  if (p->in2_offset < -max_offset || p->in2_offset > max_offset) return 0;
  if (p->in1.shift > 0 || p->in1.shift < -31 || p->in2.shift > 0 || p->in2.shift < -31) return 0;
  if (p->out.shift < -31 || p->out.shift > (sub ? 0 : 30)) return 0;
  return p->act.min >= lo && p->act.min <= p->act.max && p->act.max <= hi;
}

/* One output value before the store. Shifts and sums go through uint32 so that a value TFLM lets
 * wrap wraps here too instead of being undefined behaviour. */
MF_INLINE int32_t mf_binary_q_element(const mf_binary_q_params* p, int32_t x1, int32_t x2) {
  const int32_t a = (int32_t)((uint32_t)(x1 + p->in1_offset) << p->left_shift);
  const int32_t b = (int32_t)((uint32_t)(x2 + p->in2_offset) << p->left_shift);
  const int32_t sa = mf_rdbpot(mf_srdhm(a, p->in1.multiplier), -p->in1.shift);
  const int32_t sb = mf_rdbpot(mf_srdhm(b, p->in2.multiplier), -p->in2.shift);
  const uint32_t diff = (uint32_t)sa - (uint32_t)sb;
  const int32_t v = p->op == MF_BINARY_SUB ? mf_mbqm((int32_t)diff, p->out.multiplier, p->out.shift)
                                           : mf_mbqm((int32_t)(diff * diff), p->out.multiplier, p->out.shift);
  return mf_clamp_i32((int32_t)((uint32_t)v + (uint32_t)p->out_offset), p->act.min, p->act.max);
}

#endif /* MCUFORGE_INTERNAL_MF_BINARY_Q_H */
