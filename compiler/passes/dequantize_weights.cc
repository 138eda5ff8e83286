// SPDX-License-Identifier: Apache-2.0
#include "passes/dequantize_weights.h"

#include <cstring>
#include <map>

#include "ir/graph_editor.h"

namespace mcuforge::passes {
namespace {

bool is_float_activation(const ir::Graph& g, int32_t t) {
  return t != ir::kNoTensor && g.tensor(t).dtype == ir::DType::kFloat32 && !g.tensor(t).is_constant();
}

bool is_quantized_int8_constant(const ir::Tensor& t) {
  return t.is_constant() && t.dtype == ir::DType::kInt8 && !t.quant.empty() && !t.data.empty();
}

// The per-channel scale/zero point index of flat element i (C order) along the quantized axis.
size_t channel_of(const ir::Tensor& t, int64_t i) {
  if (!t.quant.per_channel()) return 0;
  int64_t inner = 1;
  for (int d = t.quant.axis + 1; d < t.rank(); ++d) inner *= t.dim(d);
  return static_cast<size_t>((i / inner) % t.dim(t.quant.axis));
}

ir::Tensor dequantized(const ir::Tensor& q) {
  ir::Tensor f;
  f.name = q.name;
  f.dtype = ir::DType::kFloat32;
  f.shape = q.shape;
  f.kind = ir::TensorKind::kConstant;
  const int64_t n = q.num_elements();
  f.data.resize(static_cast<size_t>(n) * sizeof(float));
  const int8_t* values = q.data_as<int8_t>();
  for (int64_t i = 0; i < n; ++i) {
    const size_t c = channel_of(q, i);
    const float real = q.quant.scale[c] * static_cast<float>(values[i] - q.quant.zero_point[c]);
    std::memcpy(f.data.data() + static_cast<size_t>(i) * sizeof(float), &real, sizeof(float));
  }
  return f;
}

}  // namespace

size_t dequantize_weights(ir::Graph& graph) {
  // Which int8 constants hybrid ops read, and whether anything else reads them too.
  std::map<int32_t, bool> only_hybrid_readers;
  for (const ir::Op& op : graph.ops) {
    const bool hybrid = !op.inputs.empty() && is_float_activation(graph, op.inputs[0]);
    for (size_t k = 0; k < op.inputs.size(); ++k) {
      const int32_t t = op.inputs[k];
      if (t == ir::kNoTensor || !is_quantized_int8_constant(graph.tensor(t))) continue;
      auto [it, fresh] = only_hybrid_readers.emplace(t, true);
      it->second = it->second && hybrid && k > 0;
    }
  }
  // In place, so that tensor indices (what --dump-tensors and layer comparisons match) stay the same.
  size_t changed = 0;
  for (const auto& [t, only_hybrid] : only_hybrid_readers) {
    if (!only_hybrid) continue;  // also read as int8 by a quantized op: left as is (that op refuses)
    ir::Tensor& weights = graph.tensors[static_cast<size_t>(t)];
    weights = dequantized(weights);
    ++changed;
  }
  return changed;
}

}  // namespace mcuforge::passes
