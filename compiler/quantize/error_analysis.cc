// SPDX-License-Identifier: Apache-2.0
#include "quantize/error_analysis.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <optional>

#include "exec/executor.h"
#include "opdefs/op_def.h"

namespace mcuforge::quantize {

using ir::DType;

namespace {

template <typename T>
T load(const std::vector<uint8_t>& bytes, size_t i) {
  T v;
  std::memcpy(&v, bytes.data() + i * sizeof(T), sizeof(T));
  return v;
}

template <typename T>
void store(std::vector<uint8_t>& bytes, size_t i, T v) {
  std::memcpy(bytes.data() + i * sizeof(T), &v, sizeof(T));
}

// The channel of element `i` for a per-channel quantization along `axis`.
size_t channel_of(const ir::Tensor& t, int64_t i) {
  if (t.quant.scale.size() <= 1) return 0;
  int64_t inner = 1;
  for (int d = t.quant.axis + 1; d < t.rank(); ++d) inner *= t.dim(d);
  return static_cast<size_t>((i / inner) % t.dim(t.quant.axis));
}

}  // namespace

std::vector<double> real_values(const ir::Tensor& t, const std::vector<uint8_t>& bytes) {
  const int64_t n = t.num_elements();
  std::vector<double> v(static_cast<size_t>(n));
  for (int64_t i = 0; i < n; ++i) {
    const size_t k = static_cast<size_t>(i);
    double q = 0;
    switch (t.dtype) {
      case DType::kFloat32: v[k] = load<float>(bytes, k); continue;
      case DType::kInt8: q = load<int8_t>(bytes, k); break;
      case DType::kInt16: q = load<int16_t>(bytes, k); break;
      case DType::kInt32: q = load<int32_t>(bytes, k); break;
      case DType::kUInt8: q = load<uint8_t>(bytes, k); break;
      default: q = 0; break;
    }
    if (t.quant.empty()) {
      v[k] = q;
    } else {
      const size_t c = channel_of(t, i);
      v[k] = static_cast<double>(t.quant.scale[c]) * (q - static_cast<double>(t.quant.zero_point[c]));
    }
  }
  return v;
}

std::vector<uint8_t> quantize_values(const ir::Tensor& t, const std::vector<double>& values) {
  std::vector<uint8_t> bytes(values.size() * ir::dtype_size(t.dtype));
  for (size_t i = 0; i < values.size(); ++i) {
    if (t.dtype == DType::kFloat32) {
      store<float>(bytes, i, static_cast<float>(values[i]));
      continue;
    }
    const size_t c = channel_of(t, static_cast<int64_t>(i));
    // TFLM's QUANTIZE: round(x / scale) half away from zero (std::round), + zero point, clamped; the
    // division in float32 as the kernel does.
    const float scaled = static_cast<float>(values[i]) / t.quant.scale[c];
    const double q = std::round(static_cast<double>(scaled)) + static_cast<double>(t.quant.zero_point[c]);
    if (t.dtype == DType::kInt8) store<int8_t>(bytes, i, static_cast<int8_t>(std::clamp(q, -128.0, 127.0)));
    if (t.dtype == DType::kInt16) store<int16_t>(bytes, i, static_cast<int16_t>(std::clamp(q, -32768.0, 32767.0)));
    if (t.dtype == DType::kUInt8) store<uint8_t>(bytes, i, static_cast<uint8_t>(std::clamp(q, 0.0, 255.0)));
  }
  return bytes;
}

namespace {

ir::Activation fused_activation(const ir::Op& op) {
  return std::visit([](const auto& o) -> ir::Activation {
    if constexpr (requires { o.activation; }) {
      return o.activation;
    } else {
      return ir::Activation::kNone;
    }
  }, op.options);
}

// Whether a float output value is where the fused activation clamps (its error there says nothing
// about the bias).
bool clamped(ir::Activation a, double y) {
  switch (a) {
    case ir::Activation::kRelu: return y <= 0;
    case ir::Activation::kRelu6: return y <= 0 || y >= 6;
    case ir::Activation::kReluN1To1: return y <= -1 || y >= 1;
    default: return false;
  }
}

class Analyzer {
 public:
  Analyzer(const ir::Graph& fg, const QuantizedGraph& qg) : fg_(fg), qg_(qg), fexec_(fg), qexec_(qg.graph) {}

  void sample(const std::vector<std::vector<uint8_t>>& inputs) {
    fexec_.invoke(inputs);
    std::vector<std::vector<uint8_t>> qin;
    for (size_t k = 0; k < qg_.graph.inputs.size(); ++k) {
      const ir::Tensor& t = qg_.graph.tensor(qg_.graph.inputs[k]);
      qin.push_back(quantize_values(t, real_values(fg_.tensor(fg_.inputs[k]), inputs.at(k))));
    }
    qexec_.invoke(qin);
    accumulate_tensors();
    accumulate_outputs();
    run_ops_alone();
  }

  ErrorAnalysis finish() {
    for (auto& [op, sums] : bias_sum_) {
      std::vector<double> mean(sums.size());
      for (size_t c = 0; c < sums.size(); ++c) mean[c] = bias_count_[op][c] ? sums[c] / static_cast<double>(bias_count_[op][c]) : 0;
      result_.bias_error[op] = std::move(mean);
    }
    return std::move(result_);
  }

 private:
  std::vector<double> float_values(int32_t t) { return real_values(fg_.tensor(t), fexec_.tensor_bytes(t)); }

  void accumulate(ErrorSums& sums, const std::vector<double>& ref, const std::vector<double>& q) { sums.add(ref, q); }

  // Every activation of the quantized graph that holds a float tensor's values under its own index.
  void accumulate_tensors() {
    for (size_t t = 0; t < fg_.tensors.size(); ++t) {
      const ir::Tensor& ft = fg_.tensors[t];
      if (ft.dtype != DType::kFloat32 || ft.is_constant()) continue;
      const ir::Tensor& qt = qg_.graph.tensors[t];
      const int32_t index = static_cast<int32_t>(t);
      accumulate(result_.tensor[index], float_values(index), real_values(qt, qexec_.tensor_bytes(index)));
    }
  }

  void accumulate_outputs() {
    for (size_t k = 0; k < fg_.outputs.size(); ++k) {
      const int32_t qt = qg_.graph.outputs[k];
      accumulate(result_.output, float_values(fg_.outputs[k]), real_values(qg_.graph.tensor(qt), qexec_.tensor_bytes(qt)));
    }
  }

  // Each integer op alone on the quantized reference of its inputs: the error that op adds.
  void run_ops_alone() {
    for (size_t i = 0; i < qg_.graph.ops.size(); ++i) {
      const int32_t src = qg_.source_op[i];
      const ir::Op& op = qg_.graph.ops[i];
      if (src < 0 || op.outputs.empty()) continue;
      const ir::Tensor& out = qg_.graph.tensor(op.outputs[0]);
      if (out.dtype == DType::kFloat32 || out.quant.empty()) continue;
      bool fed = true;
      for (int32_t t : op.inputs) {
        if (t == ir::kNoTensor || qg_.graph.tensor(t).is_constant()) continue;
        const int32_t ref = qg_.source_tensor.at(static_cast<size_t>(t));
        if (ref == ir::kNoTensor) {
          fed = false;
          break;
        }
        qexec_.set_tensor(t, quantize_values(qg_.graph.tensor(t), float_values(ref)));
      }
      if (!fed) continue;
      qexec_.run_op(i);
      const int32_t ref_out = qg_.source_tensor.at(static_cast<size_t>(op.outputs[0]));
      const std::vector<double> ref = float_values(ref_out);
      const std::vector<double> q = real_values(out, qexec_.tensor_bytes(op.outputs[0]));
      accumulate(result_.local[src], ref, q);
      if (opdefs::op_def(op.type).quant.bias) bias_errors(src, op, ref, q);
    }
  }

  void bias_errors(int32_t src, const ir::Op& op, const std::vector<double>& ref, const std::vector<double>& q) {
    const ir::Tensor& out = qg_.graph.tensor(op.outputs[0]);
    const int32_t channels = out.rank() ? out.dim(out.rank() - 1) : 1;
    if (channels <= 0) return;
    auto& sums = bias_sum_[src];
    auto& counts = bias_count_[src];
    sums.resize(static_cast<size_t>(channels), 0.0);
    counts.resize(static_cast<size_t>(channels), 0);
    const ir::Activation act = fused_activation(op);
    for (size_t i = 0; i < ref.size(); ++i) {
      if (clamped(act, ref[i])) continue;
      const size_t c = i % static_cast<size_t>(channels);
      sums[c] += q[i] - ref[i];
      counts[c] += 1;
    }
  }

  const ir::Graph& fg_;
  const QuantizedGraph& qg_;
  exec::Executor fexec_;
  exec::Executor qexec_;
  ErrorAnalysis result_;
  std::map<int32_t, std::vector<double>> bias_sum_;
  std::map<int32_t, std::vector<int64_t>> bias_count_;
};

}  // namespace

ErrorAnalysis analyze_error(const ir::Graph& float_graph, const QuantizedGraph& quantized, const Samples& samples,
                            const std::function<void(int64_t, int64_t)>& progress) {
  Analyzer analyzer(float_graph, quantized);
  for (size_t s = 0; s < samples.size(); ++s) {
    analyzer.sample(samples[s]);
    if (progress) progress(static_cast<int64_t>(s + 1), static_cast<int64_t>(samples.size()));
  }
  return analyzer.finish();
}

}  // namespace mcuforge::quantize
