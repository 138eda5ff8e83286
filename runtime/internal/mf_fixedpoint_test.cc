// SPDX-License-Identifier: Apache-2.0
// mf_srdhm's shift form equals TFLM's literal SaturatingRoundingDoublingHighMul (nudge, then division
// truncating toward zero) on edge values and 20 million random pairs.
#include "mf_fixedpoint.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <random>

namespace {

int32_t srdhm_literal(int32_t a, int32_t b) {  // TFLM's gemmlowp formulation, as written there
  if (a == INT32_MIN && b == INT32_MIN) return INT32_MAX;
  const int64_t ab = static_cast<int64_t>(a) * static_cast<int64_t>(b);
  const int32_t nudge = ab >= 0 ? (1 << 30) : (1 - (1 << 30));
  return static_cast<int32_t>((ab + nudge) / (int64_t{1} << 31));
}

TEST(FixedPoint, SrdhmEqualsTflmLiteralForm) {
  const int32_t edges[] = {INT32_MIN, INT32_MIN + 1, -(1 << 30) - 1, -(1 << 30), -(1 << 30) + 1, -65536, -3, -2, -1,
                           0, 1, 2, 3, 65535, (1 << 30) - 1, 1 << 30, (1 << 30) + 1, INT32_MAX - 1, INT32_MAX};
  for (int32_t a : edges)
    for (int32_t b : edges) ASSERT_EQ(mf_srdhm(a, b), srdhm_literal(a, b)) << a << " * " << b;
  std::mt19937_64 rng(42);
  for (int i = 0; i < 20000000; ++i) {
    const uint64_t r = rng();
    int32_t a = static_cast<int32_t>(r), b = static_cast<int32_t>(r >> 32);
    if (i % 4 == 1) a >>= (r >> 27) & 31;  // small magnitudes too
    if (i % 4 == 2) b >>= (r >> 22) & 31;
    ASSERT_EQ(mf_srdhm(a, b), srdhm_literal(a, b)) << a << " * " << b;
  }
}

}  // namespace
