// SPDX-License-Identifier: Apache-2.0
#include "quantize/histogram.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace mcuforge::quantize {

Histogram::Histogram(float lo, float hi, int bins) : lo_(lo), hi_(hi) {
  if (!(lo <= hi) || bins < 1) throw std::invalid_argument("Histogram: needs lo <= hi and at least one bin");
  counts_.assign(static_cast<size_t>(bins), 0);
  const double span = static_cast<double>(hi) - static_cast<double>(lo);
  inv_width_ = span > 0 ? bins / span : 0.0;
}

double Histogram::bin_width() const {
  return counts_.empty() ? 0.0 : (static_cast<double>(hi_) - lo_) / static_cast<double>(counts_.size());
}

int Histogram::bin_of(float value) const {
  const double pos = (static_cast<double>(value) - lo_) * inv_width_;
  const int last = bins() - 1;
  if (!(pos > 0)) return 0;  // also NaN, which calibration refuses before it gets here
  if (pos >= last) return last;
  return static_cast<int>(pos);
}

void Histogram::add(float value) {
  ++counts_[static_cast<size_t>(bin_of(value))];
  ++total_;
  if (value == 0.0f) ++zeros_;
}

void Histogram::add(const float* values, size_t count) {
  for (size_t i = 0; i < count; ++i) add(values[i]);
}

void Histogram::merge(const Histogram& other) {
  if (other.lo_ != lo_ || other.hi_ != hi_ || other.counts_.size() != counts_.size()) {
    throw std::invalid_argument("Histogram::merge: the histograms have different ranges or bin counts");
  }
  for (size_t i = 0; i < counts_.size(); ++i) counts_[i] += other.counts_[i];
  total_ += other.total_;
  zeros_ += other.zeros_;
}

Histogram Histogram::rebinned(float lo, float hi, int bins) const {
  if (!counts_.empty() && (lo > lo_ || hi < hi_)) {
    throw std::invalid_argument("Histogram::rebinned: the new range must contain the old one");
  }
  Histogram out(lo, hi, bins);
  const int zero_bin = lo_ <= 0 && hi_ >= 0 && !counts_.empty() ? bin_of(0.0f) : -1;
  for (int b = 0; b < this->bins(); ++b) {
    int64_t c = counts_[static_cast<size_t>(b)];
    if (b == zero_bin) c -= zeros_;
    if (c == 0) continue;
    const double centre = 0.5 * (bin_lower(b) + bin_upper(b));
    out.counts_[static_cast<size_t>(out.bin_of(static_cast<float>(centre)))] += c;
  }
  if (zeros_ > 0) out.counts_[static_cast<size_t>(out.bin_of(0.0f))] += zeros_;
  out.total_ = total_;
  out.zeros_ = zeros_;
  return out;
}

double Histogram::quantile(double q) const {
  if (total_ == 0 || inv_width_ == 0) return lo_;
  q = std::clamp(q, 0.0, 1.0);
  double remaining = q * static_cast<double>(total_);
  const int zero_bin = (lo_ <= 0 && hi_ >= 0) ? bin_of(0.0f) : -1;
  for (int b = 0; b < bins(); ++b) {
    const double c = static_cast<double>(counts_[static_cast<size_t>(b)]);
    if (remaining > c && b + 1 < bins()) {
      remaining -= c;
      continue;
    }
    const double a = bin_lower(b), w = bin_width();
    const double z = b == zero_bin ? static_cast<double>(zeros_) : 0.0;
    const double spread = c - z;  // mass uniform over the bin; z sits exactly at 0
    if (z == 0) return spread > 0 ? a + std::min(remaining / spread, 1.0) * w : a;
    const double below_zero = spread * (0.0 - a) / w;
    if (remaining <= below_zero) return a + remaining / spread * w;
    if (remaining <= below_zero + z) return 0.0;
    return spread > 0 ? a + std::min((remaining - z) / spread, 1.0) * w : 0.0;
  }
  return hi_;
}

double Histogram::mass_below(double x) const {
  if (total_ == 0) return 0.0;
  if (inv_width_ == 0) return x > lo_ ? static_cast<double>(total_) : 0.0;
  if (x <= lo_) return 0.0;
  if (x >= hi_) return static_cast<double>(total_);
  const int b = bin_of(static_cast<float>(x));
  double below = 0;
  for (int i = 0; i < b; ++i) below += static_cast<double>(counts_[static_cast<size_t>(i)]);
  const bool zero_bin = lo_ <= 0 && hi_ >= 0 && b == bin_of(0.0f);
  const double z = zero_bin ? static_cast<double>(zeros_) : 0.0;
  const double spread = static_cast<double>(counts_[static_cast<size_t>(b)]) - z;
  const double fraction = std::clamp((x - bin_lower(b)) / bin_width(), 0.0, 1.0);
  return below + spread * fraction + (x > 0 ? z : 0.0);
}

}  // namespace mcuforge::quantize
