// SPDX-License-Identifier: Apache-2.0
#include "ir/graph_editor.h"

#include <algorithm>
#include <stdexcept>
#include <string>

namespace mcuforge::ir {
namespace {

bool reads(const Op& op, int32_t tensor) {
  return std::find(op.inputs.begin(), op.inputs.end(), tensor) != op.inputs.end();
}

// Custom ops may do more than write their outputs (talk to an accelerator, log): never dead.
bool has_unknown_effects(const Op& op) { return op.outputs.empty() || op.type == OpType::kCustom; }

}  // namespace

int32_t add_tensor(Graph& g, Tensor tensor) {
  g.tensors.push_back(std::move(tensor));
  return static_cast<int32_t>(g.tensors.size() - 1);
}

int32_t insert_op(Graph& g, size_t position, Op op) {
  if (position > g.ops.size()) {
    throw std::out_of_range("insert_op: position " + std::to_string(position) + " is past the " +
                            std::to_string(g.ops.size()) + " ops");
  }
  g.ops.insert(g.ops.begin() + static_cast<std::ptrdiff_t>(position), std::move(op));
  renumber_ops(g);
  return static_cast<int32_t>(position);
}

void erase_op(Graph& g, size_t position) {
  if (position >= g.ops.size()) {
    throw std::out_of_range("erase_op: no op at position " + std::to_string(position) + " of " +
                            std::to_string(g.ops.size()));
  }
  g.ops.erase(g.ops.begin() + static_cast<std::ptrdiff_t>(position));
  renumber_ops(g);
}

int32_t producer(const Graph& g, int32_t tensor) {
  for (size_t k = 0; k < g.ops.size(); ++k) {
    const auto& outs = g.ops[k].outputs;
    if (std::find(outs.begin(), outs.end(), tensor) != outs.end()) return static_cast<int32_t>(k);
  }
  return -1;
}

std::vector<int32_t> consumers(const Graph& g, int32_t tensor) {
  std::vector<int32_t> positions;
  for (size_t k = 0; k < g.ops.size(); ++k) {
    if (reads(g.ops[k], tensor)) positions.push_back(static_cast<int32_t>(k));
  }
  return positions;
}

int replace_uses(Graph& g, int32_t from, int32_t to, int32_t after_op) {
  int changed = 0;
  for (size_t k = after_op < 0 ? 0 : static_cast<size_t>(after_op) + 1; k < g.ops.size(); ++k) {
    for (int32_t& in : g.ops[k].inputs) {
      if (in == from) {
        in = to;
        ++changed;
      }
    }
  }
  for (int32_t& out : g.outputs) {
    if (out == from) {
      out = to;
      ++changed;
    }
  }
  return changed;
}

size_t remove_dead_ops(Graph& g) {
  // Walking backwards, a tensor is needed once a live op (or the graph's output list) reads it; every
  // reader of an op's outputs comes later, so it has been decided by then.
  std::vector<bool> needed(g.tensors.size(), false);
  for (int32_t o : g.outputs) needed.at(static_cast<size_t>(o)) = true;
  std::vector<bool> live(g.ops.size(), false);
  for (size_t k = g.ops.size(); k-- > 0;) {
    const Op& op = g.ops[k];
    bool keep = has_unknown_effects(op);
    for (int32_t o : op.outputs) keep = keep || needed.at(static_cast<size_t>(o)) || g.tensor(o).is_state();
    if (!keep) continue;
    live[k] = true;
    for (int32_t in : op.inputs) {
      if (in != kNoTensor) needed.at(static_cast<size_t>(in)) = true;
    }
  }
  std::vector<Op> kept;
  for (size_t k = 0; k < g.ops.size(); ++k) {
    if (live[k]) kept.push_back(std::move(g.ops[k]));
  }
  const size_t removed = g.ops.size() - kept.size();
  g.ops = std::move(kept);
  renumber_ops(g);
  return removed;
}

void renumber_ops(Graph& g) {
  for (size_t k = 0; k < g.ops.size(); ++k) g.ops[k].index = static_cast<int32_t>(k);
}

std::vector<int32_t> remove_dead_tensors(Graph& g) {
  std::vector<bool> referenced(g.tensors.size(), false);
  auto mark = [&](const std::vector<int32_t>& list) {
    for (int32_t t : list) {
      if (t != kNoTensor) referenced.at(static_cast<size_t>(t)) = true;
    }
  };
  mark(g.inputs);
  mark(g.outputs);
  for (const Op& op : g.ops) {
    mark(op.inputs);
    mark(op.outputs);
  }
  std::vector<int32_t> new_index(g.tensors.size(), kNoTensor);
  std::vector<Tensor> kept;
  for (size_t i = 0; i < g.tensors.size(); ++i) {
    if (!referenced[i]) continue;
    new_index[i] = static_cast<int32_t>(kept.size());
    kept.push_back(std::move(g.tensors[i]));
  }
  g.tensors = std::move(kept);
  auto remap = [&](std::vector<int32_t>& list) {
    for (int32_t& t : list) {
      if (t != kNoTensor) t = new_index[static_cast<size_t>(t)];
    }
  };
  remap(g.inputs);
  remap(g.outputs);
  for (Op& op : g.ops) {
    remap(op.inputs);
    remap(op.outputs);
  }
  return new_index;
}

std::vector<int32_t> renumber(Graph& g) {
  renumber_ops(g);
  return remove_dead_tensors(g);
}

}  // namespace mcuforge::ir
