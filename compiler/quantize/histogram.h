// SPDX-License-Identifier: Apache-2.0
// A value histogram over a fixed range [lo, hi] with equal-width bins, the summary of one tensor's values
// over a calibration set that the range methods (calibrate.h) work on instead of the values themselves.
//
// Contract:
//  * Values outside [lo, hi] go to the first or last bin (calibration fixes the range from a first pass
//    over the same data, so this only absorbs rounding at the edges).
//  * Exact zeros are also counted apart (zeros()): zero is always exactly representable after
//    quantization, so the error models must not spread that mass over the width of its bin.
//  * Histograms over the same range and bin count merge by adding counts (per-sample or per-thread
//    histograms); merging different layouts throws std::invalid_argument (a programming error).
//  * lo == hi is allowed (a tensor with a single value): every value lands in bin 0.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace mcuforge::quantize {

class Histogram {
 public:
  static constexpr int kDefaultBins = 2048;

  Histogram() = default;  // no bins: add() is not allowed, total() == 0
  Histogram(float lo, float hi, int bins = kDefaultBins);

  void add(float value);
  void add(const float* values, size_t count);
  void merge(const Histogram& other);
  // The same counts over another range (which must contain this one's) and bin count: each bin's count
  // moves whole to the new bin holding its centre (exact zeros stay exact), so a bin of the result may
  // hold values up to half a source bin outside it. For tensors that must share one quantization.
  Histogram rebinned(float lo, float hi, int bins = kDefaultBins) const;

  float lo() const { return lo_; }
  float hi() const { return hi_; }
  int bins() const { return static_cast<int>(counts_.size()); }
  double bin_width() const;
  double bin_lower(int bin) const { return lo_ + bin * bin_width(); }
  double bin_upper(int bin) const { return lo_ + (bin + 1) * bin_width(); }
  int bin_of(float value) const;

  const std::vector<int64_t>& counts() const { return counts_; }
  int64_t total() const { return total_; }
  int64_t zeros() const { return zeros_; }

  // The value below which a fraction `q` (0..1) of the counts lie, values spread uniformly inside
  // their bin (exact zeros treated as a point mass at 0). Returns lo for an empty histogram.
  double quantile(double q) const;
  // The counts below `x` with the same in-bin model (the histogram's cumulative distribution, unnormalized).
  double mass_below(double x) const;

 private:
  float lo_ = 0, hi_ = 0;
  double inv_width_ = 0;  // bins / (hi - lo), 0 when lo == hi
  std::vector<int64_t> counts_;
  int64_t total_ = 0;
  int64_t zeros_ = 0;
};

}  // namespace mcuforge::quantize
