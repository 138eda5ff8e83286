// SPDX-License-Identifier: Apache-2.0
#include "quantize/fake_quant.h"

#include <algorithm>
#include <cmath>
#include <cstring>

#include "exec/executor.h"

namespace mcuforge::quantize {

namespace {

std::vector<float> floats_of(const std::vector<uint8_t>& bytes, size_t count) {
  std::vector<float> v(count);
  if (count > 0) std::memcpy(v.data(), bytes.data(), count * sizeof(float));
  return v;
}

void fake_quantize_tensor(exec::Executor& ex, const ir::Graph& graph, int32_t index, const FakeQuantSpec& spec) {
  const size_t n = static_cast<size_t>(graph.tensor(index).num_elements());
  std::vector<float> v = floats_of(ex.tensor_bytes(index), n);
  fake_quantize(v.data(), n, spec);
  std::vector<uint8_t> bytes(n * sizeof(float));
  if (n > 0) std::memcpy(bytes.data(), v.data(), bytes.size());
  ex.set_tensor(index, bytes);
}

}  // namespace

void fake_quantize(float* values, size_t count, const FakeQuantSpec& spec) {
  const float qmin = static_cast<float>(ir::dtype_min(spec.dtype)), qmax = static_cast<float>(ir::dtype_max(spec.dtype));
  const float scale = spec.params.scale;
  const float zp = static_cast<float>(spec.params.zero_point);
  for (size_t i = 0; i < count; ++i) {
    const float q = std::clamp(std::round(values[i] / scale) + zp, qmin, qmax);
    values[i] = scale * (q - zp);
  }
}

std::vector<std::optional<ErrorAccumulator>> simulate_activation_quantization(
    const ir::Graph& graph, const std::vector<std::optional<FakeQuantSpec>>& specs,
    const std::vector<std::vector<std::vector<uint8_t>>>& samples,
    const std::function<void(int64_t, int64_t)>& progress) {
  check_samples(graph, samples);
  exec::Executor reference(graph), quantized(graph);
  const std::vector<int32_t> observed = observed_tensors(graph);
  std::vector<std::optional<ErrorAccumulator>> errors(graph.tensors.size());
  for (int32_t t : observed) errors[static_cast<size_t>(t)].emplace();
  auto spec_of = [&](int32_t t) -> const FakeQuantSpec* {
    const size_t i = static_cast<size_t>(t);
    if (i >= specs.size() || !specs[i] || graph.tensor(t).dtype != ir::DType::kFloat32) return nullptr;
    return &*specs[i];
  };
  for (size_t s = 0; s < samples.size(); ++s) {
    reference.invoke(samples[s]);
    for (size_t k = 0; k < graph.inputs.size(); ++k) {
      quantized.set_tensor(graph.inputs[k], samples[s][k]);
      if (const FakeQuantSpec* spec = spec_of(graph.inputs[k])) fake_quantize_tensor(quantized, graph, graph.inputs[k], *spec);
    }
    for (size_t i = 0; i < graph.ops.size(); ++i) {
      quantized.run_op(i);
      for (int32_t t : graph.ops[i].outputs) {
        if (const FakeQuantSpec* spec = spec_of(t)) fake_quantize_tensor(quantized, graph, t, *spec);
      }
    }
    for (int32_t t : observed) {
      const size_t n = static_cast<size_t>(graph.tensor(t).num_elements());
      errors[static_cast<size_t>(t)]->add(floats_of(reference.tensor_bytes(t), n), floats_of(quantized.tensor_bytes(t), n));
    }
    if (progress) progress(static_cast<int64_t>(s + 1), static_cast<int64_t>(samples.size()));
  }
  return errors;
}

}  // namespace mcuforge::quantize
