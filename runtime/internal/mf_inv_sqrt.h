/* SPDX-License-Identifier: Apache-2.0 */
/* TFLite's GetInvSqrtQuantizedMultiplierExp (kernels/internal/common.h), bit for bit: 1/sqrt(x) of
 * an int32 x > 0 as a quantized multiplier, by five gemmlowp fixed-point Newton-Raphson steps on x
 * normalized into [2^27, 2^29). Used by int8 RSQRT (and any op normalizing by a root). */
#ifndef MCUFORGE_INTERNAL_MF_INV_SQRT_H
#define MCUFORGE_INTERNAL_MF_INV_SQRT_H

#include <stdint.h>

#include "mf_fixedpoint.h"
#include "mf_fixedpoint_exp.h" /* mf_fx_mul_pot */

MF_INLINE int32_t mf_clz_u32(uint32_t v) {
  int32_t n = 0;
  if (v == 0) return 32;
  while (!(v & 0x80000000u)) {
    v <<= 1;
    ++n;
  }
  return n;
}

/* 1/sqrt(input) ~= multiplier 2^(shift - 31), shift a left shift (TFLite's kReverseShift form). Inputs
 * 0 and 1 give (INT32_MAX, 0), as TFLite's. */
MF_INLINE void mf_inv_sqrt_multiplier(int32_t input, int32_t* multiplier, int32_t* shift) {
  /* Raw values with 3 integer bits (gemmlowp FixedPoint<int32, 3>). */
  const int32_t three_halves = (1 << 28) + (1 << 27);
  const int32_t half_sqrt2 = 1518500250; /* sqrt(2)/2 with 0 integer bits */
  int32_t right_shift = 11;
  int32_t pairs, half_input, x, i;
  if (input <= 1) {
    *multiplier = INT32_MAX;
    *shift = 0;
    return;
  }
  while (input >= (1 << 29)) {
    input /= 4;
    ++right_shift;
  }
  /* Normalize by an even number of bits, so that the root scales by a whole power of two. */
  pairs = (mf_clz_u32((uint32_t)input) - 1) / 2 - 1;
  right_shift -= pairs;
  input = (int32_t)((uint32_t)input << (2 * pairs));
  half_input = mf_rdbpot(input >> 1, 1);
  x = 1 << 28; /* 1.0 */
  for (i = 0; i < 5; ++i) {
    /* x <- 3/2 x - input/2 x^3; products of 3-integer-bit values have 6 (x^3: 9) and are rescaled. */
    const int32_t x3 = mf_fx_mul_pot(mf_srdhm(mf_srdhm(x, x), x), 6);
    const int32_t t = (int32_t)((uint32_t)mf_srdhm(three_halves, x) - (uint32_t)mf_srdhm(half_input, x3));
    x = mf_fx_mul_pot(t, 3);
  }
  x = mf_srdhm(x, half_sqrt2);
  if (right_shift < 0) {
    x = (int32_t)((uint32_t)x << -right_shift);
    right_shift = 0;
  }
  *multiplier = x;
  *shift = -right_shift;
}

#endif /* MCUFORGE_INTERNAL_MF_INV_SQRT_H */
