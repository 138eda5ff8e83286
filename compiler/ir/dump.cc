// SPDX-License-Identifier: Apache-2.0
#include "ir/dump.h"

namespace mcuforge::ir {
namespace {

std::string index_list(const std::vector<int32_t>& list) {
  std::string s;
  for (int32_t t : list) s += (s.empty() ? "t" : ", t") + std::to_string(t);
  return s.empty() ? "(none)" : s;
}

std::string operand_list(const Graph& g, const std::vector<int32_t>& list) {
  std::string s;
  for (int32_t t : list) s += (s.empty() ? "" : ", ") + describe_tensor(g, t);
  return s.empty() ? "(none)" : s;
}

}  // namespace

const char* tensor_kind_name(TensorKind kind) {
  switch (kind) {
    case TensorKind::kActivation: return "activation";
    case TensorKind::kConstant: return "constant";
    case TensorKind::kState: return "state";
  }
  return "?";
}

std::string describe_tensor(const Graph& g, int32_t index) {
  if (index == kNoTensor) return "-";
  // A dump is what one reads when something is broken: show a bad index rather than throw.
  if (index < 0 || static_cast<size_t>(index) >= g.tensors.size()) return "t" + std::to_string(index) + " (no such tensor)";
  const Tensor& t = g.tensor(index);
  return "t" + std::to_string(index) + " '" + t.name + "' " + shape_to_string(t.shape) + " " +
         std::string(dtype_name(t.dtype)) + " " + tensor_kind_name(t.kind);
}

std::string dump(const Graph& g) {
  std::string s = "graph: " + std::to_string(g.tensors.size()) + " tensors, " + std::to_string(g.ops.size()) +
                  " ops; inputs " + index_list(g.inputs) + "; outputs " + index_list(g.outputs) + "\n";
  for (size_t k = 0; k < g.ops.size(); ++k) {
    const Op& op = g.ops[k];
    s += "op " + std::to_string(op.index) + " " + op.name + ": " + operand_list(g, op.inputs) + " -> " +
         operand_list(g, op.outputs) + "\n";
  }
  return s;
}

}  // namespace mcuforge::ir
