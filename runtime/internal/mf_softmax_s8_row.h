/* SPDX-License-Identifier: Apache-2.0 */
/* One row of the int8-input softmax, shared by the int8- and int16-output kernels (they differ only
 * in the output type's bit width and range). tflm-arithmetic.md section 9.1. */
#ifndef MCUFORGE_INTERNAL_MF_SOFTMAX_S8_ROW_H
#define MCUFORGE_INTERNAL_MF_SOFTMAX_S8_ROW_H

#include "mcuforge/mf_softmax.h"
#include "mf_fixedpoint.h"
#include "mf_fixedpoint_exp.h"

/* exp((x - max) * beta * s_in) in F<0> for a difference d >= diff_min (d <= 0). */
MF_INLINE int32_t mf_softmax_s8_exp(const mf_softmax_s8_params* p, int32_t d) {
  /* d << shift cannot overflow: diff_min is the radius that keeps it in range. */
  const int32_t scaled = mf_srdhm((int32_t)((uint32_t)d << p->input_left_shift), p->input_multiplier);
  return mf_fx_exp_on_negative_values(scaled, 5);
}

/* Computes the row's reciprocal scale and output exponent. Returns the largest input of the row. */
MF_INLINE int32_t mf_softmax_s8_row_scale(const mf_softmax_s8_params* p, const int8_t* x,
                                          int output_bits, int32_t* scale, int* exponent) {
  int32_t mx = -128;
  uint32_t sum = 0; /* F<12>; depth <= 4095 keeps it below 2^31 */
  int32_t c;
  int headroom_plus_one;
  uint32_t shifted;
  for (c = 0; c < p->depth; ++c) mx = x[c] > mx ? x[c] : mx;
  for (c = 0; c < p->depth; ++c) {
    const int32_t d = x[c] - mx;
    if (d >= p->diff_min) sum += (uint32_t)mf_rdbpot(mf_softmax_s8_exp(p, d), 12);
  }
  /* sum >= 2^19 (the maximum contributes exp(0)), so the leading-zero count is 1..12. */
  headroom_plus_one = 0;
  while (headroom_plus_one < 32 && (sum & (0x80000000u >> headroom_plus_one)) == 0) ++headroom_plus_one;
  shifted = headroom_plus_one < 32 ? sum << headroom_plus_one : 0u;
  *scale = mf_fx_one_over_one_plus_x((int32_t)(shifted - 0x80000000u));
  /* num_bits_over_unit + 31 - output bits. TFLM aborts when this leaves [0, 31], which needs more
   * than 2^28 / 2^19 = 512 row elements tied at the maximum; the clamp keeps those rows defined. */
  *exponent = (12 - headroom_plus_one) + 31 - output_bits;
  if (*exponent < 0) *exponent = 0;
  if (*exponent > 31) *exponent = 31;
  return mx;
}

#endif /* MCUFORGE_INTERNAL_MF_SOFTMAX_S8_ROW_H */
