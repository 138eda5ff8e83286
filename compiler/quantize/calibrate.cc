// SPDX-License-Identifier: Apache-2.0
// calibrate(): the observers. The float graph runs on the host executor once per sample and pass; after
// each forward pass every observed tensor's bytes are read back (Executor::tensor_bytes) and folded into
// its min/max (pass 1) or its histogram (pass 2, over pass 1's range).
#include "quantize/calibrate.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <string>

#include "diagnostics/error.h"
#include "exec/executor.h"

namespace mcuforge::quantize {

namespace {

using Samples = std::vector<std::vector<std::vector<uint8_t>>>;

// What a state tensor holds before the first invocation (as the executor initializes it).
std::vector<uint8_t> initial_state(const ir::Tensor& t) {
  std::vector<uint8_t> bytes(static_cast<size_t>(std::max<int64_t>(t.num_bytes(), 0)), 0);
  if (!t.data.empty()) {
    std::memcpy(bytes.data(), t.data.data(), std::min(bytes.size(), t.data.size()));
  } else if (t.dtype == ir::DType::kInt8 && !t.quant.empty()) {
    std::memset(bytes.data(), static_cast<int>(t.quant.zero_point[0]), bytes.size());
  }
  return bytes;
}

std::string describe_tensor(const ir::Graph& graph, int32_t index) {
  const ir::Tensor& t = graph.tensor(index);
  std::string where;
  for (size_t k = 0; k < graph.inputs.size(); ++k) {
    if (graph.inputs[k] == index) where = "graph input " + std::to_string(k);
  }
  for (const ir::Op& op : graph.ops) {
    if (std::find(op.outputs.begin(), op.outputs.end(), index) != op.outputs.end()) {
      where = "output of op " + std::to_string(op.index) + " " + std::string(ir::op_type_name(op.type));
    }
  }
  return "tensor " + std::to_string(index) + " '" + t.name + "'" + (where.empty() ? "" : " (" + where + ")");
}

[[noreturn]] void throw_not_finite(const ir::Graph& graph, int32_t index, size_t sample, float value) {
  const bool is_input = std::find(graph.inputs.begin(), graph.inputs.end(), index) != graph.inputs.end();
  const std::string what = std::isnan(value) ? "NaN" : "Inf";
  throw Error("calibration sample " + std::to_string(sample) + ": " + describe_tensor(graph, index) + " has " +
                  what,
              is_input ? "calibration data must be finite: fix or leave out this sample"
                       : "the float model overflows on this sample: check its preprocessing (scale, value "
                         "range) or leave it out of the calibration set");
}

// Runs the executor over every sample, calling `observe(sample, tensor_index, values, count)` for each
// observed tensor after each forward pass.
class CalibrationRunner {
 public:
  CalibrationRunner(const ir::Graph& graph, const Samples& samples,
                    const std::function<void(int64_t, int64_t)>& progress)
      : graph_(graph), samples_(samples), progress_(progress), executor_(graph), observed_(observed_tensors(graph)) {
    for (size_t i = 0; i < graph.tensors.size(); ++i) {
      if (graph.tensors[i].is_state()) states_.emplace_back(static_cast<int32_t>(i), initial_state(graph.tensors[i]));
    }
  }

  const std::vector<int32_t>& observed() const { return observed_; }

  template <typename Observe>
  void run_pass(Observe observe) {
    for (const auto& [index, bytes] : states_) executor_.set_tensor(index, bytes);
    for (size_t s = 0; s < samples_.size(); ++s) {
      executor_.invoke(samples_[s]);
      for (int32_t index : observed_) {
        const std::vector<uint8_t>& bytes = executor_.tensor_bytes(index);
        const size_t n = static_cast<size_t>(graph_.tensor(index).num_elements());
        values_.resize(n);
        if (n > 0) std::memcpy(values_.data(), bytes.data(), n * sizeof(float));  // bytes need not be aligned
        observe(s, index, values_.data(), n);
      }
      ++done_;
      if (progress_) progress_(done_, 2 * static_cast<int64_t>(samples_.size()));
    }
  }

 private:
  const ir::Graph& graph_;
  const Samples& samples_;
  const std::function<void(int64_t, int64_t)>& progress_;
  exec::Executor executor_;
  std::vector<int32_t> observed_;
  std::vector<std::pair<int32_t, std::vector<uint8_t>>> states_;
  std::vector<float> values_;
  int64_t done_ = 0;
};

}  // namespace

void check_samples(const ir::Graph& graph, const Samples& samples) {
  if (samples.empty()) {
    throw Error("the calibration set is empty", "give at least one sample (a few hundred represent a data set well)");
  }
  for (size_t s = 0; s < samples.size(); ++s) {
    if (samples[s].size() != graph.inputs.size()) {
      throw Error("calibration sample " + std::to_string(s) + " has " + std::to_string(samples[s].size()) +
                      " inputs but the model has " + std::to_string(graph.inputs.size()),
                  "give one array per model input, in the model's input order");
    }
    for (size_t k = 0; k < samples[s].size(); ++k) {
      const ir::Tensor& t = graph.tensor(graph.inputs[k]);
      if (static_cast<int64_t>(samples[s][k].size()) != t.num_bytes()) {
        throw Error("calibration sample " + std::to_string(s) + ": input " + std::to_string(k) + " '" + t.name +
                        "' needs " + std::to_string(t.num_bytes()) + " bytes (" +
                        std::string(ir::dtype_name(t.dtype)) + " " + ir::shape_to_string(t.shape) + ") but has " +
                        std::to_string(samples[s][k].size()),
                    "calibration data must have the shape and dtype of the model's inputs");
      }
    }
  }
}

std::vector<int32_t> observed_tensors(const ir::Graph& graph) {
  std::vector<bool> observed(graph.tensors.size(), false);
  auto mark = [&](int32_t index) {
    if (index == ir::kNoTensor) return;
    const ir::Tensor& t = graph.tensor(index);
    if (t.dtype == ir::DType::kFloat32 && !t.is_constant()) observed[static_cast<size_t>(index)] = true;
  };
  for (int32_t index : graph.inputs) mark(index);
  for (const ir::Op& op : graph.ops) {
    for (int32_t index : op.outputs) mark(index);
    for (int32_t index : op.inputs) {
      if (index != ir::kNoTensor && graph.tensor(index).is_state()) mark(index);
    }
  }
  std::vector<int32_t> indices;
  for (size_t i = 0; i < observed.size(); ++i) {
    if (observed[i]) indices.push_back(static_cast<int32_t>(i));
  }
  return indices;
}

std::vector<std::optional<TensorStats>> calibrate(const ir::Graph& graph, const Samples& samples,
                                                  const std::function<void(int64_t, int64_t)>& progress) {
  check_samples(graph, samples);
  CalibrationRunner runner(graph, samples, progress);
  std::vector<std::optional<TensorStats>> stats(graph.tensors.size());
  for (int32_t index : runner.observed()) stats[static_cast<size_t>(index)].emplace();

  runner.run_pass([&](size_t sample, int32_t index, const float* values, size_t n) {
    TensorStats& st = *stats[static_cast<size_t>(index)];
    float lo = st.min, hi = st.max;
    for (size_t i = 0; i < n; ++i) {
      const float v = values[i];
      if (!std::isfinite(v)) throw_not_finite(graph, index, sample, v);
      lo = std::min(lo, v);
      hi = std::max(hi, v);
    }
    st.min = lo;
    st.max = hi;
    st.count += static_cast<int64_t>(n);
  });

  for (int32_t index : runner.observed()) {
    TensorStats& st = *stats[static_cast<size_t>(index)];
    if (st.count == 0) continue;  // an empty tensor: no values, no histogram
    st.hist = Histogram(std::min(st.min, 0.0f), std::max(st.max, 0.0f));
  }
  runner.run_pass([&](size_t, int32_t index, const float* values, size_t n) {
    TensorStats& st = *stats[static_cast<size_t>(index)];
    if (n > 0) st.hist.add(values, n);
  });
  return stats;
}

TensorStats merge_stats(const std::vector<const TensorStats*>& parts) {
  TensorStats merged;
  for (const TensorStats* part : parts) {
    if (!part || part->count == 0) continue;
    merged.min = std::min(merged.min, part->min);
    merged.max = std::max(merged.max, part->max);
    merged.count += part->count;
  }
  if (merged.count == 0) return merged;
  merged.hist = Histogram(std::min(merged.min, 0.0f), std::max(merged.max, 0.0f));
  for (const TensorStats* part : parts) {
    if (!part || part->count == 0) continue;
    merged.hist.merge(part->hist.rebinned(merged.hist.lo(), merged.hist.hi(), merged.hist.bins()));
  }
  return merged;
}

}  // namespace mcuforge::quantize
