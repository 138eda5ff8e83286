// SPDX-License-Identifier: Apache-2.0
// Error metrics of a quantized tensor against its float reference, accumulated over samples: the
// per-layer report of `mcuforge quantize` (SQNR in dB and cosine similarity per tensor, on the
// calibration or evaluation data). Sums are kept in double, so one accumulator per tensor can take any
// number of samples; accumulators merge (per-thread or per-batch partial sums).
//
// Contract:
//  * sqnr_db() = 10 log10(sum ref^2 / sum (ref - x)^2): +inf when the values are exact (also when there
//    are none), -inf when the reference is all zero but the values are not.
//  * cosine() = sum ref x / sqrt(sum ref^2 sum x^2): 1 when both are all zero (or there are no values),
//    0 when exactly one of them is all zero.
//  * add() with different lengths throws std::invalid_argument (a programming error, not user input).
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace mcuforge::quantize {

struct ErrorAccumulator {
  double sum_ref_sq = 0;    // sum ref^2
  double sum_test_sq = 0;   // sum x^2
  double sum_err_sq = 0;    // sum (ref - x)^2
  double sum_dot = 0;       // sum ref * x
  double max_abs_err = 0;   // max |ref - x|
  int64_t count = 0;

  void add(const float* ref, const float* test, size_t n);
  void add(const std::vector<float>& ref, const std::vector<float>& test);
  void add(const std::vector<double>& ref, const std::vector<double>& test);  // dequantized values
  // The test values as quantized integers, dequantized with scale * (q - zero_point) first.
  void add_dequantized(const std::vector<float>& ref, const std::vector<int8_t>& q, float scale, int64_t zero_point);
  void add_dequantized(const std::vector<float>& ref, const std::vector<int16_t>& q, float scale, int64_t zero_point);
  void merge(const ErrorAccumulator& other);

  double sqnr_db() const;
  double cosine() const;
  double mse() const { return count > 0 ? sum_err_sq / static_cast<double>(count) : 0.0; }
};

}  // namespace mcuforge::quantize
