// SPDX-License-Identifier: Apache-2.0
// SQNR and cosine of ErrorAccumulator: known values, edge cases (exact, all-zero, opposite signs),
// accumulation over samples equal to one pass over all values, and the dequantizing overloads.
#include "quantize/error_metrics.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace mcuforge::quantize {
namespace {

TEST(QuantizeErrorMetrics, KnownValues) {
  ErrorAccumulator acc;
  acc.add(std::vector<float>{3, 4}, std::vector<float>{3, 3});  // signal 25, noise 1
  EXPECT_NEAR(acc.sqnr_db(), 10 * std::log10(25.0), 1e-12);
  EXPECT_NEAR(acc.cosine(), (9 + 12) / (5 * std::sqrt(18.0)), 1e-12);
  EXPECT_EQ(acc.count, 2);
  EXPECT_DOUBLE_EQ(acc.mse(), 0.5);
  EXPECT_DOUBLE_EQ(acc.max_abs_err, 1.0);
  ErrorAccumulator tenth;  // 10 % amplitude error: 20 dB
  tenth.add(std::vector<float>{1, -2, 4}, std::vector<float>{1.1f, -2.2f, 4.4f});
  EXPECT_NEAR(tenth.sqnr_db(), 20.0, 1e-5);
  EXPECT_NEAR(tenth.cosine(), 1.0, 1e-12);
}

TEST(QuantizeErrorMetrics, EdgeCases) {
  const double inf = std::numeric_limits<double>::infinity();
  ErrorAccumulator exact;
  exact.add(std::vector<float>{1, -2, 3}, std::vector<float>{1, -2, 3});
  EXPECT_EQ(exact.sqnr_db(), inf);
  EXPECT_EQ(exact.cosine(), 1.0);
  ErrorAccumulator empty;
  EXPECT_EQ(empty.sqnr_db(), inf);
  EXPECT_EQ(empty.cosine(), 1.0);
  ErrorAccumulator zeros;
  zeros.add(std::vector<float>{0, 0}, std::vector<float>{0, 0});
  EXPECT_EQ(zeros.sqnr_db(), inf);
  EXPECT_EQ(zeros.cosine(), 1.0);
  ErrorAccumulator zero_ref;
  zero_ref.add(std::vector<float>{0, 0}, std::vector<float>{0, 1});
  EXPECT_EQ(zero_ref.sqnr_db(), -inf);
  EXPECT_EQ(zero_ref.cosine(), 0.0);
  ErrorAccumulator negated;
  negated.add(std::vector<float>{1, 2}, std::vector<float>{-1, -2});
  EXPECT_NEAR(negated.sqnr_db(), 10 * std::log10(5.0 / 20.0), 1e-12);
  EXPECT_EQ(negated.cosine(), -1.0);
  EXPECT_THROW(negated.add(std::vector<float>{1}, std::vector<float>{1, 2}), std::invalid_argument);
}

TEST(QuantizeErrorMetrics, AccumulatesOverSamplesAndMerges) {
  const std::vector<float> ref = {0.5f, -1.25f, 2.0f, 3.5f, -0.75f, 0.0f};
  const std::vector<float> test = {0.45f, -1.3f, 2.1f, 3.4f, -0.7f, 0.05f};
  ErrorAccumulator all;
  all.add(ref, test);
  ErrorAccumulator first, second;
  first.add(ref.data(), test.data(), 3);
  second.add(ref.data() + 3, test.data() + 3, 3);
  ErrorAccumulator by_samples = first;
  by_samples.add(ref.data() + 3, test.data() + 3, 3);
  first.merge(second);
  for (const ErrorAccumulator* acc : {&by_samples, &first}) {
    EXPECT_DOUBLE_EQ(acc->sqnr_db(), all.sqnr_db());
    EXPECT_DOUBLE_EQ(acc->cosine(), all.cosine());
    EXPECT_EQ(acc->count, 6);
    EXPECT_DOUBLE_EQ(acc->max_abs_err, all.max_abs_err);
  }
}

TEST(QuantizeErrorMetrics, DequantizedValues) {
  const std::vector<float> ref = {-1.0f, 0.0f, 0.5f, 1.0f};
  ErrorAccumulator q8;  // scale 0.5, zero point 3: q = ref / 0.5 + 3 is exact
  q8.add_dequantized(ref, std::vector<int8_t>{1, 3, 4, 5}, 0.5f, 3);
  EXPECT_EQ(q8.sqnr_db(), std::numeric_limits<double>::infinity());
  ErrorAccumulator q16;
  q16.add_dequantized(ref, std::vector<int16_t>{-4, 0, 2, 5}, 0.25f, 0);  // last value off by 0.25
  EXPECT_NEAR(q16.sqnr_db(), 10 * std::log10(2.25 / 0.0625), 1e-9);
  EXPECT_DOUBLE_EQ(q16.max_abs_err, 0.25);
}

}  // namespace
}  // namespace mcuforge::quantize
