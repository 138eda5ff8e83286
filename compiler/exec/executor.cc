// SPDX-License-Identifier: Apache-2.0
#include "exec/executor.h"

#include <algorithm>
#include <cstring>
#include <string>
#include <vector>

#include "diagnostics/error.h"

namespace mcuforge::exec {

namespace {

// A model with custom ops (an NPU's ethos-u, TFLM's Signal* audio ops) cannot run at all; say so once,
// naming all of them, instead of failing on whichever op happens to come first.
void reject_custom_ops(const ir::Graph& graph) {
  const ir::Op* first = nullptr;
  std::vector<std::string> names;
  for (const ir::Op& op : graph.ops) {
    if (op.type != ir::OpType::kCustom) continue;
    if (!first) first = &op;
    if (std::find(names.begin(), names.end(), op.name) == names.end()) names.push_back(op.name);
  }
  if (!first) return;
  try {
    ops::prepare(graph, *first);
  } catch (const Error& e) {
    if (names.size() == 1) throw;
    std::string list;
    for (const auto& n : names) list += (list.empty() ? "" : ", ") + n;
    throw Error(std::string(e.what()) + " (custom ops in this model: " + list + ")", e.hint());
  }
}

}  // namespace

Executor::Executor(const ir::Graph& graph, bool allow_unsupported) : graph_(graph) {
  if (!allow_unsupported) reject_custom_ops(graph);
  size_t scratch = 0;
  for (const ir::Op& op : graph.ops) {
    try {
      prepared_.push_back(ops::prepare(graph, op));
      scratch = std::max(scratch, prepared_.back()->scratch_bytes());
    } catch (const Error&) {
      if (!allow_unsupported) throw;
      prepared_.push_back(nullptr);
    }
  }
  scratch_.resize(std::max<size_t>(scratch, 16));
  buffers_.resize(graph.tensors.size());
  for (size_t i = 0; i < graph.tensors.size(); ++i) {
    const ir::Tensor& t = graph.tensors[i];
    if (t.is_constant()) continue;
    // Variable tensors start from their initial value (or zeros) and keep their state after that.
    buffers_[i].assign(std::max<size_t>(static_cast<size_t>(t.num_bytes()), 1), 0);
    if (!t.data.empty()) std::memcpy(buffers_[i].data(), t.data.data(), t.data.size());
    // Like TFLM's ResetVariableTensors, an int8 state without initial data starts at its zero point.
    if (t.is_state() && t.data.empty() && t.dtype == ir::DType::kInt8 && !t.quant.empty()) {
      std::memset(buffers_[i].data(), static_cast<int>(t.quant.zero_point[0]), buffers_[i].size());
    }
  }
}

void* Executor::tensor_ptr(int32_t index) {
  if (index == ir::kNoTensor) return nullptr;
  const ir::Tensor& t = graph_.tensor(index);
  if (t.is_constant()) {
    // Kernels never write constant inputs; the const_cast only fits the uniform buffer list.
    return const_cast<uint8_t*>(t.data.data());
  }
  return buffers_[static_cast<size_t>(index)].data();
}

const std::vector<uint8_t>& Executor::tensor_bytes(int32_t index) const {
  const ir::Tensor& t = graph_.tensor(index);
  if (t.is_constant()) return t.data;
  return buffers_.at(static_cast<size_t>(index));
}

std::vector<std::vector<uint8_t>> Executor::invoke(const std::vector<std::vector<uint8_t>>& inputs) {
  if (inputs.size() != graph_.inputs.size()) {
    throw Error("the model has " + std::to_string(graph_.inputs.size()) + " inputs but " +
                    std::to_string(inputs.size()) + " were given",
                "pass one input per model input, in order");
  }
  for (size_t k = 0; k < inputs.size(); ++k) {
    const ir::Tensor& t = graph_.tensor(graph_.inputs[k]);
    if (static_cast<int64_t>(inputs[k].size()) != t.num_bytes()) {
      throw Error("input " + std::to_string(k) + " '" + t.name + "' needs " + std::to_string(t.num_bytes()) +
                      " bytes (" + std::string(ir::dtype_name(t.dtype)) + " " + ir::shape_to_string(t.shape) +
                      ") but " + std::to_string(inputs[k].size()) + " were given",
                  "give raw little-endian data of exactly the tensor's size, or a .npy of its shape and dtype");
    }
    if (!inputs[k].empty()) std::memcpy(tensor_ptr(graph_.inputs[k]), inputs[k].data(), inputs[k].size());
  }
  for (size_t i = 0; i < graph_.ops.size(); ++i) run_op(i);
  std::vector<std::vector<uint8_t>> outputs;
  for (int32_t o : graph_.outputs) {
    const ir::Tensor& t = graph_.tensor(o);
    const auto* p = static_cast<const uint8_t*>(tensor_ptr(o));
    outputs.emplace_back(p, p + t.num_bytes());
  }
  return outputs;
}

void Executor::set_tensor(int32_t index, const std::vector<uint8_t>& bytes) {
  const ir::Tensor& t = graph_.tensor(index);
  if ((t.is_constant()) || static_cast<int64_t>(bytes.size()) != t.num_bytes()) {
    throw Error("cannot set tensor " + std::to_string(index) + " '" + t.name + "'");
  }
  if (!bytes.empty()) std::memcpy(tensor_ptr(index), bytes.data(), bytes.size());
}

void Executor::run_op(size_t i) {
  const ir::Op& op = graph_.ops.at(i);
  if (!prepared_[i]) ops::prepare(graph_, op);  // rethrows the reason it cannot run
  std::vector<void*> in_ptrs, out_ptrs;
  for (int32_t t : op.inputs) in_ptrs.push_back(tensor_ptr(t));
  for (int32_t t : op.outputs) out_ptrs.push_back(tensor_ptr(t));
  prepared_[i]->run({in_ptrs, out_ptrs, scratch_.data()});
}

std::vector<int64_t> input_sizes(const ir::Graph& graph) {
  std::vector<int64_t> sizes;
  for (int32_t i : graph.inputs) sizes.push_back(graph.tensor(i).num_bytes());
  return sizes;
}

}  // namespace mcuforge::exec
