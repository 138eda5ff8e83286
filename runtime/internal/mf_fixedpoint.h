/* SPDX-License-Identifier: Apache-2.0 */
/* Fixed-point primitives that reproduce TFLM's reference arithmetic bit for bit (default "double
 * rounding" build): SaturatingRoundingDoublingHighMul, RoundingDivideByPOT and
 * MultiplyByQuantizedMultiplier for int32 and int64 accumulators. See tflm-arithmetic.md section 2. */
#ifndef MCUFORGE_INTERNAL_MF_FIXEDPOINT_H
#define MCUFORGE_INTERNAL_MF_FIXEDPOINT_H

#include <stdint.h>

#include "mcuforge/mf_types.h"

#if defined(__GNUC__) || defined(__clang__)
#define MF_INLINE static __inline__ __attribute__((always_inline))
#else
#define MF_INLINE static inline
#endif

MF_INLINE int32_t mf_min_i32(int32_t a, int32_t b) { return a < b ? a : b; }
MF_INLINE int32_t mf_max_i32(int32_t a, int32_t b) { return a > b ? a : b; }
MF_INLINE int32_t mf_clamp_i32(int32_t v, int32_t lo, int32_t hi) {
  return v < lo ? lo : (v > hi ? hi : v);
}

/* round(a * b / 2^31), ties away from zero, saturating the single overflow case. */
/* TFLM computes (p + nudge) / 2^31 truncated toward zero, nudge = 2^30 for p >= 0, 1 - 2^30 for
 * p < 0. For p < 0 the numerator is negative and truncation is ceil: (p + 1 - 2^30 + 2^31 - 1) >> 31
 * = (p + 2^30) >> 31, the same expression as for p >= 0. So one add and an arithmetic shift (as GCC
 * and Clang define >> on negative values; mf_rdbpot relies on it too) replace the sign test and the
 * division: SMULL, ADDS/ADC and two shifts on Cortex-M. Tested against the literal form in
 * runtime/internal/mf_fixedpoint_test.cc. */
MF_INLINE int32_t mf_srdhm(int32_t a, int32_t b) {
  if (a == INT32_MIN && b == INT32_MIN) {
    return INT32_MAX;
  }
  return (int32_t)(((int64_t)a * (int64_t)b + ((int64_t)1 << 30)) >> 31);
}

/* x / 2^n rounded to nearest, ties away from zero (0 <= n <= 31). */
MF_INLINE int32_t mf_rdbpot(int32_t x, int n) {
  const int32_t mask = (int32_t)(((int64_t)1 << n) - 1);
  const int32_t rem = x & mask;
  const int32_t thr = (mask >> 1) + (x < 0 ? 1 : 0);
  return (x >> n) + (rem > thr ? 1 : 0);
}

/* TFLM MultiplyByQuantizedMultiplier(int32 x, m, shift), double-rounding build. */
MF_INLINE int32_t mf_mbqm(int32_t x, int32_t multiplier, int32_t shift) {
  const int left = shift > 0 ? shift : 0;
  const int right = shift > 0 ? 0 : -shift;
  return mf_rdbpot(mf_srdhm((int32_t)((uint32_t)x << left), multiplier), right);
}

/* TFLM MultiplyByQuantizedMultiplier(int64 x, m, shift): 16-bit reduced multiplier, single rounding. */
MF_INLINE int32_t mf_mbqm64(int64_t x, int32_t multiplier, int32_t shift) {
  const int32_t m16 = multiplier < 0x7FFF0000 ? ((multiplier + (1 << 15)) >> 16) : 0x7FFF;
  const int total_shift = 15 - shift;
  const int64_t round = (int64_t)1 << (total_shift - 1);
  return (int32_t)((x * (int64_t)m16 + round) >> total_shift);
}

#endif /* MCUFORGE_INTERNAL_MF_FIXEDPOINT_H */
