// SPDX-License-Identifier: Apache-2.0
// The unary family's own float functions (mf_unary_math_f32.h) stay within a few ulp of the C
// library's over every exponent (random bit patterns, so huge sin/cos arguments and subnormal log
// arguments too) and a dense sweep of ordinary values; and their special values.
#include "mf_unary_math_f32.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <random>

namespace {

double ulps(float got, float want) {
  if (std::isnan(want)) return std::isnan(got) ? 0.0 : 1e9;
  if (std::isinf(want)) return got == want ? 0.0 : 1e9;
  const float a = std::fabs(want);
  const double ulp = static_cast<double>(std::nextafter(a, std::numeric_limits<float>::infinity()) - a);
  return std::fabs(static_cast<double>(got) - static_cast<double>(want)) / ulp;
}

void expect_close(float x) {
  ASSERT_LE(ulps(mf_sinf(x), std::sin(x)), 4.0) << "sin " << x;
  ASSERT_LE(ulps(mf_cosf(x), std::cos(x)), 4.0) << "cos " << x;
  ASSERT_LE(ulps(mf_logf(x), std::log(x)), 4.0) << "log " << x;
}

TEST(UnaryMathF32, WithinFewUlpOfLibm) {
  std::mt19937 rng(7);
  for (int i = 0; i < 2000000; ++i) {
    const uint32_t bits = static_cast<uint32_t>(rng());
    float x;
    std::memcpy(&x, &bits, sizeof x);
    if (!std::isfinite(x)) continue;
    expect_close(x);
  }
  for (float x = -50.0f; x < 50.0f; x += 0.000937f) expect_close(x);
  for (float x = 0.999f; x < 1.001f; x += 1e-7f) expect_close(x);  // log near 1: relative accuracy
}

TEST(UnaryMathF32, SpecialValues) {
  const float inf = std::numeric_limits<float>::infinity();
  EXPECT_TRUE(std::isnan(mf_logf(-1.0f)));
  EXPECT_EQ(mf_logf(0.0f), -inf);
  EXPECT_EQ(mf_logf(inf), inf);
  EXPECT_EQ(mf_logf(1.0f), 0.0f);
  EXPECT_TRUE(std::isnan(mf_sinf(inf)));
  EXPECT_TRUE(std::isnan(mf_cosf(-inf)));
  EXPECT_TRUE(std::isnan(mf_sinf(std::nanf(""))));
  EXPECT_EQ(mf_sinf(0.0f), 0.0f);
  EXPECT_TRUE(std::signbit(mf_sinf(-0.0f)));
  EXPECT_EQ(mf_cosf(0.0f), 1.0f);
}

}  // namespace
