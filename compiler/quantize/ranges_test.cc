// SPDX-License-Identifier: Apache-2.0
// Histograms and range methods on known distributions (uniform, gaussian with far outliers, ReLU-shaped
// half-normal, all-zero, a single value, all-negative), the error model, and params_for_range's
// exactness (0 representable, zero points in range, TensorFlow's nudging).
#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <vector>

#include "diagnostics/error.h"
#include "quantize/calibrate.h"
#include "quantize/histogram.h"

namespace mcuforge::quantize {
namespace {

// Platform-independent draws (std::*_distribution differ between standard libraries).
class Draws {
 public:
  explicit Draws(uint32_t seed) : gen_(seed) {}
  double uniform() { return (static_cast<double>(gen_()) + 0.5) / 4294967296.0; }
  double gaussian() { return std::sqrt(-2.0 * std::log(uniform())) * std::cos(6.283185307179586 * uniform()); }

 private:
  std::mt19937 gen_;
};

TensorStats stats_of(const std::vector<float>& values) {
  TensorStats st;
  for (float v : values) {
    st.min = std::min(st.min, v);
    st.max = std::max(st.max, v);
  }
  st.count = static_cast<int64_t>(values.size());
  st.hist = Histogram(std::min(st.min, 0.0f), std::max(st.max, 0.0f));
  st.hist.add(values.data(), values.size());
  return st;
}

std::vector<float> gaussian_with_outliers() {
  Draws d(7);
  std::vector<float> v;
  for (int i = 0; i < 100000; ++i) v.push_back(static_cast<float>(d.gaussian()));
  for (float o : {50.0f, -40.0f, 45.0f, 60.0f, -55.0f}) v.push_back(o);
  return v;
}

std::vector<float> relu_half_normal() {
  Draws d(11);
  std::vector<float> v;
  for (int i = 0; i < 100000; ++i) v.push_back(std::max(0.0f, static_cast<float>(2.0 * d.gaussian())));
  return v;
}

constexpr RangeMethod kAllMethods[] = {RangeMethod::kMinMax, RangeMethod::kPercentile, RangeMethod::kMse,
                                       RangeMethod::kKl};

double error_of(const TensorStats& st, Range r, ir::DType dt = ir::DType::kInt8) {
  return expected_squared_error(st.hist, params_for_range(r, dt), dt);
}

TEST(QuantizeHistogram, UniformCountsQuantilesAndMerge) {
  Draws d(1);
  std::vector<float> v;
  for (int i = 0; i < 204800; ++i) v.push_back(static_cast<float>(d.uniform()));
  Histogram h(0.0f, 1.0f);
  h.add(v.data(), v.size());
  EXPECT_EQ(h.total(), 204800);
  EXPECT_EQ(h.bins(), 2048);
  for (int64_t c : h.counts()) EXPECT_NEAR(static_cast<double>(c), 100.0, 60.0);
  EXPECT_NEAR(h.quantile(0.5), 0.5, 0.01);
  EXPECT_NEAR(h.quantile(0.9), 0.9, 0.01);
  EXPECT_NEAR(h.mass_below(0.25) / h.total(), 0.25, 0.01);
  EXPECT_EQ(h.bin_of(-3.0f), 0);  // out of range values go to the end bins
  EXPECT_EQ(h.bin_of(7.0f), 2047);
  Histogram other(0.0f, 1.0f);
  other.add(0.0f);
  other.add(0.75f);
  h.merge(other);
  EXPECT_EQ(h.total(), 204802);
  EXPECT_EQ(h.zeros(), 1);
  EXPECT_THROW(h.merge(Histogram(0.0f, 2.0f)), std::invalid_argument);
}

TEST(QuantizeHistogram, ZerosArePointMassAndSingleValueHasOneBin) {
  Histogram h(0.0f, 1.0f, 100);
  for (int i = 0; i < 500; ++i) h.add(0.0f);
  for (int i = 0; i < 500; ++i) h.add((i + 0.5f) / 500.0f);
  EXPECT_EQ(h.quantile(0.25), 0.0);
  EXPECT_NEAR(h.quantile(0.75), 0.5, 0.01);
  Histogram single(3.0f, 3.0f);
  single.add(3.0f);
  EXPECT_EQ(single.counts()[0], 1);
  EXPECT_EQ(single.quantile(0.99), 3.0);
}

TEST(QuantizeHistogram, RebinnedAndMergedStats) {
  const TensorStats a = stats_of({-1.0f, 0.0f, 0.5f, 1.0f, 0.0f});
  const TensorStats b = stats_of({2.0f, 3.0f, 0.0f});
  const Histogram wide = a.hist.rebinned(-1.0f, 3.0f);
  EXPECT_EQ(wide.total(), 5);
  EXPECT_EQ(wide.zeros(), 2);
  EXPECT_EQ(wide.counts()[static_cast<size_t>(wide.bin_of(0.0f))], 2);
  EXPECT_EQ(wide.counts()[static_cast<size_t>(wide.bin_of(0.5f))], 1);
  EXPECT_THROW(a.hist.rebinned(0.0f, 3.0f), std::invalid_argument);
  const TensorStats m = merge_stats({&a, &b, nullptr});
  EXPECT_EQ(m.min, -1.0f);
  EXPECT_EQ(m.max, 3.0f);
  EXPECT_EQ(m.count, 8);
  EXPECT_EQ(m.hist.total(), 8);
  EXPECT_EQ(m.hist.zeros(), 3);
  EXPECT_EQ(m.hist.lo(), -1.0f);
  EXPECT_EQ(m.hist.hi(), 3.0f);
  EXPECT_NEAR(m.hist.quantile(1.0), 3.0, 1e-6);
  EXPECT_EQ(merge_stats({}).count, 0);
}

TEST(QuantizeRanges, MethodNames) {
  EXPECT_EQ(parse_range_method("minmax"), RangeMethod::kMinMax);
  EXPECT_EQ(parse_range_method("percentile"), RangeMethod::kPercentile);
  EXPECT_EQ(parse_range_method("mse"), RangeMethod::kMse);
  EXPECT_EQ(parse_range_method("kl"), RangeMethod::kKl);
  EXPECT_EQ(parse_range_method("entropy"), std::nullopt);
  for (RangeMethod m : kAllMethods) EXPECT_EQ(parse_range_method(range_method_name(m)), m);
}

TEST(QuantizeRanges, MinMaxKeepsOutliersOthersClipThem) {
  const TensorStats st = stats_of(gaussian_with_outliers());
  const Range mm = choose_range(st, RangeMethod::kMinMax, 8);
  EXPECT_EQ(mm.min, -55.0f);
  EXPECT_EQ(mm.max, 60.0f);
  for (RangeMethod m : {RangeMethod::kPercentile, RangeMethod::kMse, RangeMethod::kKl}) {
    const Range r = choose_range(st, m, 8);
    SCOPED_TRACE(std::string(range_method_name(m)) + " [" + std::to_string(r.min) + ", " + std::to_string(r.max) + "]");
    // The 5 far outliers are clipped; MSE keeps most of their extent (with 1 in 20000 values at 40-60,
    // their clipping error outweighs the finer rounding of a tight range) ...
    EXPECT_LT(r.max, m == RangeMethod::kMse ? 55.0f : 20.0f);
    EXPECT_GT(r.min, m == RangeMethod::kMse ? -50.0f : -20.0f);
    EXPECT_GT(r.max, 2.0f);    // ... the body of the gaussian is not
    EXPECT_LT(r.min, -2.0f);
    EXPECT_EQ(choose_range(st, m, 8).max, r.max);  // deterministic
  }
}

TEST(QuantizeRanges, MseBeatsMinMaxOnOutliers) {
  const TensorStats st = stats_of(gaussian_with_outliers());
  const double minmax_error = error_of(st, choose_range(st, RangeMethod::kMinMax, 8));
  const double mse_error = error_of(st, choose_range(st, RangeMethod::kMse, 8));
  EXPECT_LT(mse_error, minmax_error * 0.9);  // measured: 0.0135 vs 0.0170
  for (RangeMethod m : {RangeMethod::kPercentile, RangeMethod::kKl}) {
    EXPECT_LE(mse_error, error_of(st, choose_range(st, m, 8)) * 1.0000001) << range_method_name(m);
  }
  // int16: MSE is never worse than min/max either.
  const ir::DType i16 = ir::DType::kInt16;
  EXPECT_LE(error_of(st, choose_range(st, RangeMethod::kMse, 16), i16),
            error_of(st, choose_range(st, RangeMethod::kMinMax, 16), i16));
}

TEST(QuantizeRanges, ErrorModelMatchesUniformRoundingAndMeasuredError) {
  Draws d(3);
  std::vector<float> v;
  for (int i = 0; i < 200000; ++i) v.push_back(static_cast<float>(2.0 * d.uniform() - 0.5));
  const TensorStats st = stats_of(v);
  const QuantParams p = params_for_range({st.min, st.max}, ir::DType::kInt8);
  const double model = expected_squared_error(st.hist, p, ir::DType::kInt8);
  EXPECT_NEAR(model, p.scale * p.scale / 12.0, 0.03 * p.scale * p.scale / 12.0);
  // The model against the measured quantize->dequantize error, clipped range included.
  const Range clipped{-0.25f, 1.0f};
  const QuantParams q = params_for_range(clipped, ir::DType::kInt8);
  double measured = 0;
  for (float x : v) {
    const double k = std::clamp<double>(std::nearbyint(x / q.scale) + q.zero_point, -128, 127);
    const double e = x - (k - q.zero_point) * q.scale;
    measured += e * e;
  }
  measured /= static_cast<double>(v.size());
  EXPECT_NEAR(expected_squared_error(st.hist, q, ir::DType::kInt8), measured, 0.02 * measured);
}

TEST(QuantizeRanges, ReluShapedStaysOneSided) {
  const TensorStats st = stats_of(relu_half_normal());
  EXPECT_GT(st.hist.zeros(), 40000);
  for (RangeMethod m : kAllMethods) {
    const Range r = choose_range(st, m, 8);
    SCOPED_TRACE(std::string(range_method_name(m)) + " [" + std::to_string(r.min) + ", " + std::to_string(r.max) + "]");
    EXPECT_EQ(r.min, 0.0f);
    EXPECT_GT(r.max, 4.0f);  // 2 sigma of the positive half at least
    EXPECT_LE(r.max, st.max);
    EXPECT_EQ(params_for_range(r, ir::DType::kInt8).zero_point, -128);
  }
}

TEST(QuantizeRanges, AllNegativeKeepsZeroAtTheTop) {
  Draws d(5);
  std::vector<float> v;
  for (int i = 0; i < 50000; ++i) v.push_back(static_cast<float>(-1.0 - 4.0 * d.uniform()));
  const TensorStats st = stats_of(v);
  for (RangeMethod m : kAllMethods) {
    const Range r = choose_range(st, m, 8);
    SCOPED_TRACE(std::string(range_method_name(m)) + " [" + std::to_string(r.min) + ", " + std::to_string(r.max) + "]");
    EXPECT_LT(r.min, -4.5f);
    EXPECT_GE(r.min, st.min);
    EXPECT_LE(r.max, 0.0f);
    EXPECT_EQ(params_for_range(r, ir::DType::kInt8).zero_point, 127);
  }
}

TEST(QuantizeRanges, AllZeroAndSingleValue) {
  const TensorStats zeros = stats_of(std::vector<float>(1000, 0.0f));
  const TensorStats threes = stats_of(std::vector<float>(1000, 3.0f));
  for (RangeMethod m : kAllMethods) {
    for (int bits : {8, 16}) {
      const Range z = choose_range(zeros, m, bits);
      EXPECT_EQ(z.min, 0.0f);
      EXPECT_EQ(z.max, 0.0f);
    }
    const Range r = choose_range(threes, m, 8);
    EXPECT_EQ(r.min, 3.0f);
    EXPECT_EQ(r.max, 3.0f);
    const Range r16 = choose_range(threes, m, 16);
    EXPECT_EQ(r16.min, -3.0f);
    EXPECT_EQ(r16.max, 3.0f);
  }
  const QuantParams z8 = params_for_range({0.0f, 0.0f}, ir::DType::kInt8);
  EXPECT_EQ(z8.scale, 1.0f);
  EXPECT_EQ(z8.zero_point, -128);
  const QuantParams z16 = params_for_range({0.0f, 0.0f}, ir::DType::kInt16);
  EXPECT_EQ(z16.scale, 1.0f);
  EXPECT_EQ(z16.zero_point, 0);
  const QuantParams three = params_for_range({3.0f, 3.0f}, ir::DType::kInt8);
  EXPECT_EQ(three.zero_point, -128);
  EXPECT_FLOAT_EQ(three.scale * (127 - three.zero_point), 3.0f);
  EXPECT_EQ(expected_squared_error(zeros.hist, z8, ir::DType::kInt8), 0.0);
  EXPECT_EQ(choose_range(TensorStats{}, RangeMethod::kMse, 8).max, 0.0f);  // nothing observed
}

TEST(QuantizeRanges, Int16IsSymmetric) {
  const TensorStats st = stats_of(gaussian_with_outliers());
  for (RangeMethod m : kAllMethods) {
    const Range r = choose_range(st, m, 16);
    EXPECT_EQ(r.min, -r.max) << range_method_name(m);
    EXPECT_GT(r.max, 3.0f) << range_method_name(m);
    EXPECT_LE(r.max, 60.0f) << range_method_name(m);
    EXPECT_EQ(params_for_range(r, ir::DType::kInt16).zero_point, 0);
  }
  EXPECT_EQ(choose_range(st, RangeMethod::kMinMax, 16).max, 60.0f);
  EXPECT_LT(choose_range(st, RangeMethod::kPercentile, 16).max, 10.0f);
}

TEST(QuantizeRanges, BadArgumentsThrow) {
  const TensorStats st = stats_of(gaussian_with_outliers());
  EXPECT_THROW(choose_range(st, RangeMethod::kPercentile, 8, 30.0), Error);
  EXPECT_THROW(choose_range(st, RangeMethod::kPercentile, 8, 100.5), Error);
  EXPECT_THROW(choose_range(st, RangeMethod::kMinMax, 4), std::invalid_argument);
  EXPECT_THROW(params_for_range({-1, 1}, ir::DType::kUInt8), std::invalid_argument);
}

TEST(QuantizeParams, Int8AsTensorFlowComputesThem) {
  // Known values: [-1, 1] -> 2/255 and round(-0.5) = -1; [0, 6] -> zero point -128; [-6, 0] -> 127.
  QuantParams p = params_for_range({-1.0f, 1.0f}, ir::DType::kInt8);
  EXPECT_EQ(p.scale, 2.0f / 255.0f);
  EXPECT_EQ(p.zero_point, -1);
  EXPECT_EQ(params_for_range({0.0f, 6.0f}, ir::DType::kInt8).zero_point, -128);
  EXPECT_EQ(params_for_range({-6.0f, 0.0f}, ir::DType::kInt8).zero_point, 127);
  // A range that excludes 0 is widened to include it.
  p = params_for_range({2.0f, 6.0f}, ir::DType::kInt8);
  EXPECT_EQ(p.scale, 6.0f / 255.0f);
  EXPECT_EQ(p.zero_point, -128);
  // Values TensorFlow 2.21's converter gave these ranges (activation tensors, representative data).
  p = params_for_range({-1.3f, 2.7f}, ir::DType::kInt8);
  EXPECT_EQ(p.scale, 0.01568627543747425f);
  EXPECT_EQ(p.zero_point, -45);
  p = params_for_range({-12.345f, 0.678f}, ir::DType::kInt8);
  EXPECT_EQ(p.scale, 0.05107058957219124f);
  EXPECT_EQ(p.zero_point, 114);
  p = params_for_range({-0.37f, 5.91f}, ir::DType::kInt8);
  EXPECT_EQ(p.scale, 0.024627450853586197f);
  EXPECT_EQ(p.zero_point, -113);
  EXPECT_EQ(params_for_range({-1.3f, 2.7f}, ir::DType::kInt16).scale, 8.239997987402603e-05f);
  EXPECT_EQ(params_for_range({-12.345f, 0.678f}, ir::DType::kInt16).scale, 0.00037675100611522794f);
  // Every range: the zero point is in [-128, 127], q(0) = zero point, and the ends land within half a
  // step of the grid's ends (the nudge moves the grid by less than one step).
  Draws d(9);
  for (int i = 0; i < 2000; ++i) {
    const float lo = static_cast<float>(-std::exp(8 * d.uniform() - 4) * (d.uniform() < 0.2 ? 0 : 1));
    const float hi = static_cast<float>(std::exp(8 * d.uniform() - 4) * (d.uniform() < 0.2 ? 0 : 1));
    if (lo == 0 && hi == 0) continue;
    const QuantParams q = params_for_range({lo, hi}, ir::DType::kInt8);
    ASSERT_GE(q.zero_point, -128);
    ASSERT_LE(q.zero_point, 127);
    ASSERT_GT(q.scale, 0.0f);
    EXPECT_EQ(std::nearbyint(0.0f / q.scale) + q.zero_point, q.zero_point);
    EXPECT_NEAR(q.scale * (-128 - q.zero_point), lo, 0.5001 * q.scale) << lo << " " << hi;
    EXPECT_NEAR(q.scale * (127 - q.zero_point), hi, 0.5001 * q.scale) << lo << " " << hi;
  }
}

TEST(QuantizeParams, Int16IsSymmetricWithZeroPointZero) {
  QuantParams p = params_for_range({-3.0f, 1.0f}, ir::DType::kInt16);
  EXPECT_EQ(p.scale, 3.0f / 32767.0f);
  EXPECT_EQ(p.zero_point, 0);
  p = params_for_range({0.0f, 5.0f}, ir::DType::kInt16);
  EXPECT_EQ(p.scale, 5.0f / 32767.0f);
  EXPECT_EQ(p.zero_point, 0);
  const QuantParams tiny = params_for_range({0.0f, 1e-42f}, ir::DType::kInt16);  // subnormal scale
  EXPECT_EQ(tiny.scale, 1.0f);
}

}  // namespace
}  // namespace mcuforge::quantize
