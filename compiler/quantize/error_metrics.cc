// SPDX-License-Identifier: Apache-2.0
#include "quantize/error_metrics.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace mcuforge::quantize {

namespace {

template <typename Q>
void add_quantized(ErrorAccumulator& acc, const std::vector<float>& ref, const std::vector<Q>& q, float scale,
                   int64_t zero_point) {
  if (ref.size() != q.size()) throw std::invalid_argument("ErrorAccumulator: reference and test sizes differ");
  std::vector<float> values(q.size());
  for (size_t i = 0; i < q.size(); ++i) {
    values[i] = scale * static_cast<float>(static_cast<int64_t>(q[i]) - zero_point);
  }
  acc.add(ref.data(), values.data(), values.size());
}

}  // namespace

namespace {
template <typename T>
void accumulate(ErrorAccumulator& a, const T* ref, const T* test, size_t n) {
  for (size_t i = 0; i < n; ++i) {
    const double r = ref[i], x = test[i], e = r - x;
    a.sum_ref_sq += r * r;
    a.sum_test_sq += x * x;
    a.sum_err_sq += e * e;
    a.sum_dot += r * x;
    a.max_abs_err = std::max(a.max_abs_err, std::fabs(e));
  }
  a.count += static_cast<int64_t>(n);
}
}  // namespace

void ErrorAccumulator::add(const float* ref, const float* test, size_t n) { accumulate(*this, ref, test, n); }

void ErrorAccumulator::add(const std::vector<double>& ref, const std::vector<double>& test) {
  if (ref.size() != test.size()) throw std::invalid_argument("ErrorAccumulator: reference and test sizes differ");
  accumulate(*this, ref.data(), test.data(), ref.size());
}

void ErrorAccumulator::add(const std::vector<float>& ref, const std::vector<float>& test) {
  if (ref.size() != test.size()) throw std::invalid_argument("ErrorAccumulator: reference and test sizes differ");
  add(ref.data(), test.data(), ref.size());
}

void ErrorAccumulator::add_dequantized(const std::vector<float>& ref, const std::vector<int8_t>& q, float scale,
                                       int64_t zero_point) {
  add_quantized(*this, ref, q, scale, zero_point);
}

void ErrorAccumulator::add_dequantized(const std::vector<float>& ref, const std::vector<int16_t>& q, float scale,
                                       int64_t zero_point) {
  add_quantized(*this, ref, q, scale, zero_point);
}

void ErrorAccumulator::merge(const ErrorAccumulator& other) {
  sum_ref_sq += other.sum_ref_sq;
  sum_test_sq += other.sum_test_sq;
  sum_err_sq += other.sum_err_sq;
  sum_dot += other.sum_dot;
  max_abs_err = std::max(max_abs_err, other.max_abs_err);
  count += other.count;
}

double ErrorAccumulator::sqnr_db() const {
  if (sum_err_sq == 0) return std::numeric_limits<double>::infinity();
  if (sum_ref_sq == 0) return -std::numeric_limits<double>::infinity();
  return 10.0 * std::log10(sum_ref_sq / sum_err_sq);
}

double ErrorAccumulator::cosine() const {
  if (sum_ref_sq == 0 && sum_test_sq == 0) return 1.0;
  if (sum_ref_sq == 0 || sum_test_sq == 0) return 0.0;
  // Rounding can push |cos| a hair past 1 for identical vectors.
  return std::clamp(sum_dot / std::sqrt(sum_ref_sq * sum_test_sq), -1.0, 1.0);
}

}  // namespace mcuforge::quantize
