// SPDX-License-Identifier: Apache-2.0
// Calibration for `mcuforge quantize`: observe every float activation of a float graph while the host
// executor runs it over a calibration set (calibrate), choose each tensor's clipping range from what was
// observed (choose_range: min/max, percentile, MSE, KL), and turn a range into int8 / int16 quantization
// parameters exactly as TensorFlow's converter does (params_for_range).
//
// The histogram of a tensor covers [min(min, 0), max(max, 0)] of its observed values: that is the widest
// range any int8 quantization of the tensor spans (zero must be representable), so its 2048 bins give
// the same resolution (8 bins per int8 step) to every candidate range the methods try. The range
// methods read only TensorStats, never the samples: each is deterministic and costs at most a few
// million operations per tensor.
#pragma once

#include <cstdint>
#include <functional>
#include <limits>
#include <optional>
#include <string_view>
#include <vector>

#include "ir/dtype.h"
#include "ir/graph.h"
#include "quantize/histogram.h"

namespace mcuforge::quantize {

struct TensorStats {
  float min = std::numeric_limits<float>::infinity();   // over all calibration samples
  float max = -std::numeric_limits<float>::infinity();
  Histogram hist;     // Histogram::kDefaultBins bins over [min(min, 0), max(max, 0)]
  int64_t count = 0;  // values observed (elements x samples)
};

// Throws mcuforge::Error naming the first problem when there are no samples or a sample does not match
// the graph's inputs (count, byte size). samples[s][k] = raw bytes of graph input k for sample s.
void check_samples(const ir::Graph& graph, const std::vector<std::vector<std::vector<uint8_t>>>& samples);

// The tensors calibrate() observes: every float32 tensor that is a graph input, an op output or a state
// tensor an op reads (never constants, never op intermediates). Indices in graph order.
std::vector<int32_t> observed_tensors(const ir::Graph& graph);

// One calibration run: every observed tensor (above) over every sample. Two passes over the samples
// (min/max, then histograms over the first pass's ranges), one executor for both; state tensors are
// reset to their initial values at the start of each pass so that both passes see the same values.
// samples[s][k] = raw little-endian float32 bytes of graph input k for sample s (an input of another
// dtype takes its raw bytes). `progress(done, total)` is called after each forward pass (total = 2 x
// samples). Returns one entry per graph tensor, empty for the tensors not observed.
// Throws mcuforge::Error when there are no samples, when a sample does not match the inputs (count or
// byte size), when the graph cannot run on the host, or when a tensor gets NaN/Inf (naming the tensor
// and the sample index).
std::vector<std::optional<TensorStats>> calibrate(
    const ir::Graph& graph, const std::vector<std::vector<std::vector<uint8_t>>>& samples,
    const std::function<void(int64_t, int64_t)>& progress = {});

// The statistics of several tensors taken as one (tensors that must share one quantization, such as
// the inputs and output of an int8 CONCATENATION): min/max and counts combined, histograms rebinned
// onto the union range (Histogram::rebinned). Entries without values are skipped.
TensorStats merge_stats(const std::vector<const TensorStats*>& parts);

enum class RangeMethod { kMinMax, kPercentile, kMse, kKl };
std::optional<RangeMethod> parse_range_method(std::string_view name);  // "minmax" | "percentile" | "mse" | "kl"
std::string_view range_method_name(RangeMethod method);

struct Range {
  float min, max;
};

// The clipping range a method chooses for one tensor, for `bits` 8 (asymmetric int8) or 16 (symmetric
// int16: every method returns [-t, t]). Never wider than the observed values (with 0 added):
//  * kMinMax: the observed [min, max] (int16: +-max(|min|, |max|)), what TensorFlow's converter uses.
//  * kPercentile: [quantile(1 - p), quantile(p)] of the histogram with p = percentile / 100, widened to
//    include 0 (int16: the quantile p of |x|).
//  * kMse: the range whose quantize->dequantize has the least expected squared error over the
//    histogram (rounding inside, clipping outside), with the grid params_for_range really gives it:
//    a sweep of 200 common shrink ratios of [min, max], then 200 candidates for each side alone.
//  * kKl: TensorRT's entropy calibration: the threshold whose clipped, 8-bit-requantized histogram
//    has the least KL divergence from the reference. One-sided tensors use their side with 255 levels;
//    two-sided tensors use |x| with 128 levels and clip each side at the threshold. Exact zeros are
//    left out and thresholds clipping more than 0.1 % of the values are not considered (ranges.cc says
//    why: sparse histograms of deep layers made KL alone clip several %). For int16 the
//    histogram is coarser than the grid (the divergence is 0 everywhere), so kKl gives kMinMax's range.
// A tensor with a single value (or none) gets its min/max range whatever the method.
// Throws std::invalid_argument for bits other than 8 or 16.
Range choose_range(const TensorStats& stats, RangeMethod method, int bits, double percentile = 99.99);

struct QuantParams {
  float scale;
  int64_t zero_point;
};

// Scale and zero point of a range, as TensorFlow's converter computes them for activations (its
// quantization_utils.cc GetAsymmetricQuantizationParams, in float; bit-exact with TF 2.x's converter on
// the ranges checked, int8 and int16x8). int8 asymmetric: the range is widened to include 0, scale =
// (max - min) / 255, zero point = round(-128 - min / scale) clamped to [-128, 127], so 0 is exactly
// q = zero_point and the ends lie within half a step of the grid's. int16 symmetric: scale =
// max(|min|, |max|) / 32767, zero point 0. A degenerate range (min == max == 0, or one too small for a
// normal float scale) gets scale 1 and zero point -128 (int8) / 0 (int16): valid for every kernel.
// Throws std::invalid_argument for a dtype other than int8 / int16.
QuantParams params_for_range(Range range, ir::DType dtype);

// Expected squared error per value of quantize->dequantize with `params` over the histogram: values
// uniform inside their bins, exact zeros exact. What kMse minimises; reported by tests and tools.
double expected_squared_error(const Histogram& hist, QuantParams params, ir::DType dtype);

}  // namespace mcuforge::quantize
