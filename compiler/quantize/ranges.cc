// SPDX-License-Identifier: Apache-2.0
// The range methods (min/max, percentile, MSE, KL), the error model the MSE method minimises, and the
// scale / zero point of a range (TensorFlow's converter's arithmetic). All read a tensor's histogram only.
#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

#include "diagnostics/error.h"
#include "quantize/calibrate.h"

namespace mcuforge::quantize {

namespace {

constexpr int kMseCandidates = 200;
constexpr int kKlLevelsOneSided = 255;  // an int8 grid over [0, t]
constexpr int kKlLevelsTwoSided = 128;  // an int8 grid over [-t, t], per side
constexpr double kKlMaxClipped = 1e-3;  // see kl_threshold

bool is_degenerate(const TensorStats& stats) {
  return stats.count == 0 || stats.hist.total() == 0 || !(stats.min < stats.max);
}

Range symmetric(double t) { return {static_cast<float>(-t), static_cast<float>(t)}; }

double abs_max(const TensorStats& stats) {
  return std::max(std::fabs(static_cast<double>(stats.min)), std::fabs(static_cast<double>(stats.max)));
}

Range min_max_range(const TensorStats& stats, int bits) {
  if (stats.count == 0) return {0.0f, 0.0f};
  if (bits == 16) return symmetric(abs_max(stats));
  return {stats.min, stats.max};
}

// The observed range widened to include 0: what the histogram covers, the widest useful clipping range.
Range full_range(const TensorStats& stats) { return {std::min(stats.min, 0.0f), std::max(stats.max, 0.0f)}; }

ir::DType dtype_for_bits(int bits) { return bits == 16 ? ir::DType::kInt16 : ir::DType::kInt8; }

// ---- error model -------------------------------------------------------------------------------------
// In grid units u = x / scale + zero_point, quantize->dequantize maps u to clamp(round(u), qmin, qmax), so
// the squared error is scale^2 * g(u) with g(u) = (u - clamp(round(u)))^2. grid_error_integral(u) is a
// primitive of g (0 at qmin - 1/2): a sawtooth-squared part inside the grid (1/12 per step) and a cubic
// clipping part outside it. A bin's expected error, values uniform inside it, is the primitive's
// difference over the bin divided by the bin's width in grid units.
double cube(double x) { return x * x * x; }

double grid_error_integral(double u, double qmin, double qmax) {
  const double inside_lo = qmin - 0.5, inside_hi = qmax + 0.5;
  if (u < inside_lo) return (cube(u - qmin) + 0.125) / 3.0;
  if (u > inside_hi) return (qmax - qmin + 1) / 12.0 + (cube(u - qmax) - 0.125) / 3.0;
  const double v = u - inside_lo;
  const double steps = std::floor(v);
  const double f = v - steps;
  return steps / 12.0 + (cube(f - 0.5) + 0.125) / 3.0;
}

double grid_error_at(double u, double qmin, double qmax) {
  const double q = std::clamp(std::nearbyint(u), qmin, qmax);
  return (u - q) * (u - q);
}

// ---- folded histograms (KL) ----------------------------------------------------------------------------
// The histogram of |x| over [0, extent] in `bins` bins, each source bin's mass spread uniformly over the
// interval it maps to (a bin straddling 0 splits in two). Exact zeros are left out: zero quantizes
// exactly whatever the threshold, and a ReLU's zeros (often half the values) in the first bin would make
// every coarse requantization look lossy and push KL toward thresholds far too small. For a one-sided
// tensor the histogram covers [0, max] or [min, 0] with the same bin width, so the fold is exact there.
std::vector<double> fold_abs(const Histogram& h, double extent, int bins) {
  std::vector<double> out(static_cast<size_t>(bins), 0.0);
  const double w = extent / bins;
  auto spread = [&](double p, double q, double mass) {
    if (mass <= 0) return;
    if (q - p <= 0) {
      out[static_cast<size_t>(std::clamp(static_cast<int>(p / w), 0, bins - 1))] += mass;
      return;
    }
    const int first = std::clamp(static_cast<int>(p / w), 0, bins - 1);
    const int last = std::clamp(static_cast<int>(q / w), first, bins - 1);
    for (int b = first; b <= last; ++b) {  // the end bins absorb what rounding puts past them
      const double from = b == first ? p : b * w;
      const double to = b == last ? q : (b + 1) * w;
      out[static_cast<size_t>(b)] += mass * std::max(to - from, 0.0) / (q - p);
    }
  };
  const int zero_bin = h.bin_of(0.0f);
  for (int b = 0; b < h.bins(); ++b) {
    double c = static_cast<double>(h.counts()[static_cast<size_t>(b)]);
    if (b == zero_bin) c -= static_cast<double>(h.zeros());
    if (c <= 0) continue;
    const double a = h.bin_lower(b), e = h.bin_upper(b);
    if (e <= 0) {
      spread(-e, -a, c);
    } else if (a >= 0) {
      spread(a, e, c);
    } else {  // straddles 0
      spread(0, -a, c * (-a) / (e - a));
      spread(0, e, c * e / (e - a));
    }
  }
  return out;
}

// Prefix sums over a |x| histogram that make one candidate's KL cost O(levels), one log per level.
struct KlPrefix {
  std::vector<double> mass;      // mass[k] = sum of hist[j], j < k
  std::vector<double> mass_log;  // sum of hist[j] * log(hist[j]) over nonempty j < k
  std::vector<int> nonempty;     // count of nonempty j < k

  explicit KlPrefix(const std::vector<double>& hist)
      : mass(hist.size() + 1, 0.0), mass_log(hist.size() + 1, 0.0), nonempty(hist.size() + 1, 0) {
    for (size_t j = 0; j < hist.size(); ++j) {
      const double h = hist[j];
      mass[j + 1] = mass[j] + h;
      mass_log[j + 1] = mass_log[j] + (h > 0 ? h * std::log(h) : 0.0);
      nonempty[j + 1] = nonempty[j] + (h > 0 ? 1 : 0);
    }
  }
};

// KL(P || Q), TensorRT's entropy criterion: P = the first `kept` bins of `hist` with the mass beyond
// them clipped into the last kept bin; Q = the kept bins alone (no clipped mass) requantized to `levels`
// levels, each level's mass shared equally by its nonempty bins. Both normalized. With p_j = h_j / T
// and q_j = (m_g / n_g) / Q constant over level g's nonempty bins, the sum over all bins but the last
// is (sum h log h) / T - log T * (sum h) / T - sum over levels of log(q_g) * (level mass) / T.
double clipped_kl(const std::vector<double>& hist, const KlPrefix& pre, int kept, int levels) {
  const double total = pre.mass.back();  // P's mass: the kept bins plus everything clipped
  const double kept_mass = pre.mass[static_cast<size_t>(kept)];
  if (!(total > 0) || !(kept_mass > 0)) return std::numeric_limits<double>::infinity();
  const int last = kept - 1;
  const double h_last = hist[static_cast<size_t>(last)];
  double kl = 0;
  double q_last = 0;
  for (int g = 0; g < levels; ++g) {
    const size_t start = static_cast<size_t>(static_cast<int64_t>(g) * kept / levels);
    const size_t end = static_cast<size_t>(static_cast<int64_t>(g + 1) * kept / levels);
    const double m = pre.mass[end] - pre.mass[start];
    const int n = pre.nonempty[end] - pre.nonempty[start];
    if (n == 0) continue;
    const double q = m / n / kept_mass;
    const bool holds_last = static_cast<size_t>(last) >= start && static_cast<size_t>(last) < end;
    if (holds_last) q_last = q;
    const double m_body = m - (holds_last ? h_last : 0.0);  // the last bin is added apart (clipped mass)
    const double last_log = holds_last && h_last > 0 ? h_last * std::log(h_last) : 0.0;
    const double m_log_body = pre.mass_log[end] - pre.mass_log[start] - last_log;
    kl += (m_log_body - m_body * std::log(total) - m_body * std::log(q)) / total;
  }
  const double p_last = (h_last + (total - kept_mass)) / total;
  if (p_last > 0) {
    const double q = h_last > 0 ? q_last : 1e-7;  // outliers clipped into an empty bin: a large, finite cost
    kl += p_last * std::log(p_last / q);
  }
  return kl;
}

// The threshold t in [0, extent] that TensorRT's entropy calibration picks on a |x| histogram. Only
// thresholds that clip at most kKlMaxClipped of the (nonzero) values are candidates. Deep layers of MCU
// models give sparse histograms (a 3x3x256 ReLU output over 200 samples: some 10^5 nonzero values over
// 2048 bins), where count noise dominates the divergence of coarse requantizations and KL alone picks
// thresholds that clip several % of the values (VWW: 8.6 -> 1.1, the logits' SQNR 26 -> 3 dB). The cap
// also keeps the reference from degenerating into the clipped spike in its last bin, which its
// requantization reproduces exactly (KL 0) on tensors whose values start away from 0.
double kl_threshold(const std::vector<double>& hist, double extent, int levels) {
  const int bins = static_cast<int>(hist.size());
  if (bins <= levels) return extent;
  const KlPrefix pre(hist);
  const double total = pre.mass.back();
  if (!(total > 0)) return extent;
  int best = bins;
  double best_kl = std::numeric_limits<double>::infinity();
  for (int kept = bins; kept >= levels; --kept) {  // from the widest: ties keep the wider range
    if (pre.mass[static_cast<size_t>(kept)] < (1.0 - kKlMaxClipped) * total) break;
    const double kl = clipped_kl(hist, pre, kept, levels);
    if (kl < best_kl) {
      best_kl = kl;
      best = kept;
    }
  }
  return extent * best / bins;
}

Range kl_range(const TensorStats& stats, int bits) {
  if (bits == 16) return min_max_range(stats, bits);
  const Range full = full_range(stats);
  const bool one_sided = full.min == 0.0f || full.max == 0.0f;
  const double extent = std::max(-static_cast<double>(full.min), static_cast<double>(full.max));
  const std::vector<double> folded = fold_abs(stats.hist, extent, stats.hist.bins());
  const double t = kl_threshold(folded, extent, one_sided ? kKlLevelsOneSided : kKlLevelsTwoSided);
  return {static_cast<float>(std::max<double>(full.min, -t)), static_cast<float>(std::min<double>(full.max, t))};
}

// ---- percentile ----------------------------------------------------------------------------------------
// The quantile of |x| by bisection on the histogram's cumulative distribution.
double abs_quantile(const Histogram& h, double q, double extent) {
  const double target = q * static_cast<double>(h.total());
  double lo = 0, hi = extent;
  for (int i = 0; i < 60; ++i) {
    const double mid = 0.5 * (lo + hi);
    const double inside = h.mass_below(std::nextafter(mid, INFINITY)) - h.mass_below(-mid);
    (inside >= target ? hi : lo) = mid;
  }
  return hi;
}

Range percentile_range(const TensorStats& stats, int bits, double percentile) {
  if (!(percentile > 50.0 && percentile <= 100.0)) {
    throw Error("the percentile must be in (50, 100], not " + std::to_string(percentile),
                "99.99 clips the 0.01 % most extreme values of each tensor at each end");
  }
  const double p = percentile / 100.0;
  const Range full = full_range(stats);
  if (bits == 16) return symmetric(std::min(abs_quantile(stats.hist, p, abs_max(stats)), abs_max(stats)));
  const double lo = std::clamp(stats.hist.quantile(1.0 - p), static_cast<double>(full.min), 0.0);
  const double hi = std::clamp(stats.hist.quantile(p), 0.0, static_cast<double>(full.max));
  return {static_cast<float>(lo), static_cast<float>(hi)};
}

// ---- MSE ----------------------------------------------------------------------------------------------
Range mse_range(const TensorStats& stats, int bits) {
  const ir::DType dtype = dtype_for_bits(bits);
  auto error_of = [&](Range r) { return expected_squared_error(stats.hist, params_for_range(r, dtype), dtype); };
  if (bits == 16) {
    const double t0 = abs_max(stats);
    Range best = symmetric(t0);
    double best_error = error_of(best);
    for (int k = kMseCandidates - 1; k >= 1; --k) {
      const Range r = symmetric(t0 * k / kMseCandidates);
      const double e = error_of(r);
      if (e < best_error) best_error = e, best = r;
    }
    return best;
  }
  const Range full = full_range(stats);
  auto scaled = [](float v, int k) { return static_cast<float>(static_cast<double>(v) * k / kMseCandidates); };
  Range best = full;
  double best_error = error_of(best);
  auto consider = [&](Range r) {
    const double e = error_of(r);
    if (e < best_error) best_error = e, best = r;
  };
  // Both ends shrunk together, then each end alone around the best pair (ties keep the wider range).
  for (int k = kMseCandidates - 1; k >= 1; --k) consider({scaled(full.min, k), scaled(full.max, k)});
  if (full.min < 0) {
    const float high = best.max;
    for (int k = kMseCandidates; k >= 1; --k) consider({scaled(full.min, k), high});
  }
  if (full.max > 0) {
    const float low = best.min;
    for (int k = kMseCandidates; k >= 1; --k) consider({low, scaled(full.max, k)});
  }
  return best;
}

}  // namespace

std::optional<RangeMethod> parse_range_method(std::string_view name) {
  if (name == "minmax") return RangeMethod::kMinMax;
  if (name == "percentile") return RangeMethod::kPercentile;
  if (name == "mse") return RangeMethod::kMse;
  if (name == "kl") return RangeMethod::kKl;
  return std::nullopt;
}

std::string_view range_method_name(RangeMethod method) {
  switch (method) {
    case RangeMethod::kMinMax: return "minmax";
    case RangeMethod::kPercentile: return "percentile";
    case RangeMethod::kMse: return "mse";
    case RangeMethod::kKl: return "kl";
  }
  return "?";
}

Range choose_range(const TensorStats& stats, RangeMethod method, int bits, double percentile) {
  if (bits != 8 && bits != 16) throw std::invalid_argument("choose_range: bits must be 8 or 16");
  if (is_degenerate(stats)) return min_max_range(stats, bits);
  switch (method) {
    case RangeMethod::kMinMax: return min_max_range(stats, bits);
    case RangeMethod::kPercentile: return percentile_range(stats, bits, percentile);
    case RangeMethod::kMse: return mse_range(stats, bits);
    case RangeMethod::kKl: return kl_range(stats, bits);
  }
  return min_max_range(stats, bits);
}

QuantParams params_for_range(Range range, ir::DType dtype) {
  if (dtype == ir::DType::kInt16) {
    const float half_range = std::max(std::fabs(range.min), std::fabs(range.max));
    const float scale = half_range / 32767.0f;
    if (!std::isnormal(scale)) return {1.0f, 0};
    return {scale, 0};
  }
  if (dtype != ir::DType::kInt8) throw std::invalid_argument("params_for_range: dtype must be int8 or int16");
  // GetAsymmetricQuantizationParams of TensorFlow's quantizer, in float like it.
  const float qmin = -128.0f, qmax = 127.0f;
  const float min = std::min(range.min, 0.0f);
  const float max = std::max(range.max, 0.0f);
  const float scale = (max - min) / (qmax - qmin);
  if (!std::isnormal(scale)) return {1.0f, -128};
  const float zero_point_from_min = qmin - min / scale;
  int64_t zero_point;
  if (zero_point_from_min < qmin) {
    zero_point = -128;
  } else if (zero_point_from_min > qmax) {
    zero_point = 127;
  } else {
    zero_point = static_cast<int64_t>(std::round(zero_point_from_min));
  }
  return {scale, zero_point};
}

double expected_squared_error(const Histogram& hist, QuantParams params, ir::DType dtype) {
  if (hist.total() == 0) return 0.0;
  const double qmin = static_cast<double>(ir::dtype_min(dtype)), qmax = static_cast<double>(ir::dtype_max(dtype));
  const double s = params.scale, zp = static_cast<double>(params.zero_point);
  const bool has_zero_bin = hist.lo() <= 0 && hist.hi() >= 0;
  const int zero_bin = has_zero_bin ? hist.bin_of(0.0f) : -1;
  const bool point_bins = !(hist.bin_width() * hist.bins() / s > 1e-6);  // lo == hi: one value
  double sum = 0;
  const double u_first = hist.lo() / s + zp, u_step = hist.bin_width() / s;  // bin edges in grid units
  double u_lower = u_first;
  double g_lower = grid_error_integral(u_lower, qmin, qmax);
  const std::vector<int64_t>& counts = hist.counts();
  for (int b = 0; b < hist.bins(); ++b) {  // each edge's primitive is computed once
    const double u_upper = u_first + (b + 1) * u_step;
    const double g_upper = grid_error_integral(u_upper, qmin, qmax);
    double c = static_cast<double>(counts[static_cast<size_t>(b)]);
    if (b == zero_bin) c -= static_cast<double>(hist.zeros());  // exact zeros quantize exactly
    if (c > 0) {
      sum += c * (point_bins ? grid_error_at(0.5 * (u_lower + u_upper), qmin, qmax)
                             : (g_upper - g_lower) / (u_upper - u_lower));
    }
    u_lower = u_upper;
    g_lower = g_upper;
  }
  return sum * s * s / static_cast<double>(hist.total());
}

}  // namespace mcuforge::quantize
