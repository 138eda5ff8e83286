// SPDX-License-Identifier: Apache-2.0
#include "passes/fold_constants.h"

#include <algorithm>
#include <cstdint>
#include <vector>

#include "diagnostics/error.h"
#include "ir/graph_editor.h"
#include "ops/op.h"

namespace mcuforge::passes {
namespace {

bool foldable(const ir::Graph& g, const ir::Op& op) {
  if (op.type == ir::OpType::kCustom || op.type == ir::OpType::kUnknownBuiltin || op.outputs.empty()) return false;
  for (int32_t o : op.outputs) {
    if (g.tensor(o).is_state()) return false;  // state must stay writable
  }
  if (op.type == ir::OpType::SHAPE) return true;  // reads only the (static) shape
  bool any_input = false;
  for (int32_t i : op.inputs) {
    if (i == ir::kNoTensor) continue;
    if (!g.tensor(i).is_constant()) return false;
    any_input = true;
  }
  return any_input;
}

// Runs `op` on constant inputs and stores its outputs as constants. False if it cannot be prepared.
bool fold(ir::Graph& g, const ir::Op& op) {
  std::unique_ptr<ops::PreparedOp> prepared;
  try {
    prepared = ops::prepare(g, op);
  } catch (const Error&) {
    return false;
  }
  std::vector<void*> inputs;
  for (int32_t i : op.inputs) {
    // Kernels never write their inputs; SHAPE's non-constant input is not read at all.
    const bool have_data = i != ir::kNoTensor && g.tensor(i).is_constant();
    inputs.push_back(have_data ? const_cast<uint8_t*>(g.tensor(i).data.data()) : nullptr);
  }
  std::vector<std::vector<uint8_t>> results;
  std::vector<void*> outputs;
  for (int32_t o : op.outputs) {
    results.emplace_back(std::max<size_t>(static_cast<size_t>(g.tensor(o).num_bytes()), 1), 0);
    outputs.push_back(results.back().data());
  }
  // 16-byte aligned scratch, as the executor provides.
  std::vector<uint64_t> scratch((std::max<size_t>(prepared->scratch_bytes(), 16) + 15) / 16 * 2);
  prepared->run({inputs, outputs, scratch.data()});
  for (size_t k = 0; k < op.outputs.size(); ++k) {
    ir::Tensor& t = g.tensors.at(static_cast<size_t>(op.outputs[k]));
    results[k].resize(static_cast<size_t>(t.num_bytes()));
    t.data = std::move(results[k]);
    t.kind = ir::TensorKind::kConstant;
  }
  return true;
}

}  // namespace

size_t fold_constants(ir::Graph& g) {
  std::vector<ir::Op> kept;
  size_t folded = 0;
  for (const ir::Op& op : g.ops) {
    if (foldable(g, op) && fold(g, op)) {
      ++folded;
    } else {
      kept.push_back(op);
    }
  }
  g.ops = std::move(kept);
  ir::renumber_ops(g);
  return folded;
}

}  // namespace mcuforge::passes
