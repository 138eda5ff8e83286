// SPDX-License-Identifier: Apache-2.0
#include "ir/verify.h"

#include <stdexcept>

namespace mcuforge::ir {
namespace {

// Collects problems up to a limit; the checks below stop early once it is full.
class Problems {
 public:
  explicit Problems(size_t limit) : limit_(limit) {}
  void add(std::string what) {
    if (list_.size() < limit_) list_.push_back(std::move(what));
  }
  bool full() const { return list_.size() >= limit_; }
  std::vector<std::string> take() { return std::move(list_); }

 private:
  size_t limit_;
  std::vector<std::string> list_;
};

std::string tensor_label(const Graph& g, int32_t i) {
  return "tensor " + std::to_string(i) + " '" + g.tensor(i).name + "'";
}

std::string op_label(const Op& op, size_t position) {
  return "op " + std::to_string(position) + " (" + op.name + ")";
}

bool valid_index(const Graph& g, int32_t i) { return i >= 0 && static_cast<size_t>(i) < g.tensors.size(); }

void check_data(const Graph& g, int32_t i, Problems& p) {
  const Tensor& t = g.tensor(i);
  for (int32_t d : t.shape) {
    if (d < 0) {
      p.add(tensor_label(g, i) + " has a negative dimension in its shape " + shape_to_string(t.shape));
      return;  // its size is meaningless
    }
  }
  const std::string need = std::to_string(t.num_bytes());
  switch (t.kind) {
    case TensorKind::kConstant:
      if (dtype_size(t.dtype) == 0) {
        p.add(tensor_label(g, i) + " is a constant of type " + std::string(dtype_name(t.dtype)) +
              ", which has no fixed element size");
      } else if (static_cast<int64_t>(t.data.size()) != t.num_bytes()) {
        p.add(tensor_label(g, i) + " is a constant with " + std::to_string(t.data.size()) +
              " bytes of data but its shape and type need " + need);
      }
      break;
    case TensorKind::kState:
      if (!t.data.empty() && static_cast<int64_t>(t.data.size()) != t.num_bytes()) {
        p.add(tensor_label(g, i) + " is a state tensor with " + std::to_string(t.data.size()) +
              " bytes of initial data but its shape and type need " + need);
      }
      break;
    case TensorKind::kActivation:
      if (!t.data.empty()) {
        p.add(tensor_label(g, i) + " is an activation but holds " + std::to_string(t.data.size()) +
              " bytes of data");
      }
      break;
  }
}

void check_quantization(const Graph& g, int32_t i, Problems& p) {
  const Tensor& t = g.tensor(i);
  const Quantization& q = t.quant;
  if (q.zero_point.size() != q.scale.size()) {
    p.add(tensor_label(g, i) + " has " + std::to_string(q.scale.size()) + " quantization scales but " +
          std::to_string(q.zero_point.size()) + " zero points");
  }
  if (!q.per_channel()) return;
  if (q.axis < 0 || q.axis >= t.rank()) {
    p.add(tensor_label(g, i) + " has its per-channel quantization axis " + std::to_string(q.axis) +
          " outside its rank " + std::to_string(t.rank()));
  } else if (static_cast<int64_t>(q.scale.size()) != t.dim(q.axis)) {
    p.add(tensor_label(g, i) + " has " + std::to_string(q.scale.size()) + " per-channel scales for dimension " +
          std::to_string(q.axis) + " of size " + std::to_string(t.dim(q.axis)));
  }
}

// Every index valid (kNoTensor only as an op input) and every op numbered by its position. The order
// checks below index tensors freely, so they run only when this passes.
bool check_indices(const Graph& g, Problems& p) {
  bool ok = true;
  auto check_list = [&](const std::vector<int32_t>& list, bool absent_allowed, const std::string& where) {
    for (int32_t i : list) {
      if (i == kNoTensor && absent_allowed) continue;
      if (!valid_index(g, i)) {
        p.add(where + " refers to tensor " + std::to_string(i) + " but the graph has " +
              std::to_string(g.tensors.size()) + " tensors");
        ok = false;
      }
    }
  };
  check_list(g.inputs, false, "the graph's input list");
  check_list(g.outputs, false, "the graph's output list");
  for (size_t k = 0; k < g.ops.size(); ++k) {
    const Op& op = g.ops[k];
    if (op.index != static_cast<int32_t>(k)) {
      p.add(op_label(op, k) + " has index " + std::to_string(op.index) + " but sits at position " +
            std::to_string(k) + " (renumber after moving ops)");
    }
    check_list(op.inputs, true, op_label(op, k) + "'s inputs");
    check_list(op.outputs, false, op_label(op, k) + "'s outputs");
  }
  return ok;
}

void check_graph_inputs(const Graph& g, Problems& p) {
  for (int32_t i : g.inputs) {
    if (!g.tensor(i).is_activation()) {
      p.add("graph input " + tensor_label(g, i) + " is a " +
            (g.tensor(i).is_constant() ? "constant" : "state tensor") + ", not an activation");
    }
  }
}

// Execution order and single producers, as the importer established them.
void check_order(const Graph& g, Problems& p) {
  std::vector<bool> ready(g.tensors.size(), false);
  std::vector<bool> graph_input(g.tensors.size(), false);
  for (size_t i = 0; i < g.tensors.size(); ++i) ready[i] = !g.tensors[i].is_activation();
  for (int32_t i : g.inputs) ready[static_cast<size_t>(i)] = graph_input[static_cast<size_t>(i)] = true;
  for (size_t k = 0; k < g.ops.size() && !p.full(); ++k) {
    const Op& op = g.ops[k];
    const bool opaque = op.type == OpType::kCustom || op.type == OpType::kUnknownBuiltin;
    for (int32_t in : op.inputs) {
      if (in == kNoTensor || opaque || ready[static_cast<size_t>(in)]) continue;
      p.add(op_label(op, k) + " reads " + tensor_label(g, in) + " before any op has written it");
    }
    for (int32_t out : op.outputs) {
      const Tensor& t = g.tensor(out);
      if (t.is_constant()) {
        p.add(op_label(op, k) + " writes " + tensor_label(g, out) + ", which is a constant");
      } else if (graph_input[static_cast<size_t>(out)]) {
        p.add(op_label(op, k) + " writes " + tensor_label(g, out) + ", which is a graph input");
      } else if (ready[static_cast<size_t>(out)] && !t.is_state()) {
        p.add(op_label(op, k) + " writes " + tensor_label(g, out) + ", which an earlier op already writes");
      }
      ready[static_cast<size_t>(out)] = true;
    }
  }
  for (int32_t o : g.outputs) {
    if (!ready[static_cast<size_t>(o)]) p.add("graph output " + tensor_label(g, o) + " is never computed");
  }
}

}  // namespace

std::vector<std::string> find_problems(const Graph& g, size_t limit) {
  Problems p(limit);
  if (!check_indices(g, p)) return p.take();
  for (size_t i = 0; i < g.tensors.size() && !p.full(); ++i) {
    check_data(g, static_cast<int32_t>(i), p);
    check_quantization(g, static_cast<int32_t>(i), p);
  }
  check_graph_inputs(g, p);
  check_order(g, p);
  return p.take();
}

void verify(const Graph& g, const std::string& context) {
  const std::vector<std::string> problems = find_problems(g);
  if (problems.empty()) return;
  std::string what = context + ": " + problems[0];
  if (problems.size() > 1) what += " (and " + std::to_string(problems.size() - 1) + " more)";
  throw std::logic_error(what);
}

}  // namespace mcuforge::ir
