// SPDX-License-Identifier: Apache-2.0
// Shape rules of the data movement family (PAD, PADV2, MIRROR_PAD, SQUEEZE, EXPAND_DIMS, SLICE,
// SPLIT_V, BROADCAST_TO, BROADCAST_ARGS, TILE): the output shapes follow from the input shape and
// the constant operands (pads, axis, begin/size, size_splits, target shape, multiples) or the options.
// Like every shape rule they return nullopt for operands they cannot read; prepare names the problem.
#include <algorithm>
#include <variant>

#include "opdefs/shape_rules.h"

namespace mcuforge::opdefs {
namespace {

const ir::Tensor* operand(const ir::Graph& g, const ir::Op& op, size_t k) {
  if (k >= op.inputs.size() || op.inputs[k] < 0 || static_cast<size_t>(op.inputs[k]) >= g.tensors.size()) {
    return nullptr;
  }
  return &g.tensor(op.inputs[k]);
}

// Values of a constant int32/int64 operand.
std::optional<std::vector<int64_t>> index_values(const ir::Tensor* t) {
  if (!t || !t->is_constant()) return std::nullopt;
  const int64_t n = t->num_elements();
  std::vector<int64_t> v;
  if (t->dtype == ir::DType::kInt32 && static_cast<int64_t>(t->data.size()) == n * 4) {
    for (int64_t i = 0; i < n; ++i) v.push_back(t->data_as<int32_t>()[i]);
  } else if (t->dtype == ir::DType::kInt64 && static_cast<int64_t>(t->data.size()) == n * 8) {
    for (int64_t i = 0; i < n; ++i) v.push_back(t->data_as<int64_t>()[i]);
  } else {
    return std::nullopt;
  }
  return v;
}

constexpr int64_t kMaxDim = int64_t{1} << 30;

bool valid_dim(int64_t d) { return d >= 0 && d <= kMaxDim; }

std::optional<int64_t> wrap_axis(int64_t axis, int64_t rank) {
  if (axis < -rank || axis >= rank) return std::nullopt;
  return axis < 0 ? axis + rank : axis;
}

}  // namespace

// PAD, PADV2, MIRROR_PAD: input 1 holds [before, after] per axis.
Shapes pad_shapes(const ir::Graph& g, const ir::Op& op) {
  const ir::Tensor* in = operand(g, op, 0);
  const auto pads = index_values(operand(g, op, 1));
  if (!in || !pads || pads->size() != 2 * in->shape.size()) return std::nullopt;
  Shape out;
  for (size_t a = 0; a < in->shape.size(); ++a) {
    const int64_t before = (*pads)[2 * a], after = (*pads)[2 * a + 1];
    if (before < 0 || after < 0 || !valid_dim(in->shape[a] + before + after)) return std::nullopt;
    out.push_back(static_cast<int32_t>(in->shape[a] + before + after));
  }
  return std::vector<Shape>{out};
}

Shapes squeeze_shapes(const ir::Graph& g, const ir::Op& op) {
  const ir::Tensor* in = operand(g, op, 0);
  const auto* o = std::get_if<ir::SqueezeOptions>(&op.options);
  if (!in) return std::nullopt;
  const int64_t rank = static_cast<int64_t>(in->shape.size());
  std::vector<bool> drop(in->shape.size(), false);
  if (!o || o->squeeze_dims.empty()) {
    for (size_t a = 0; a < in->shape.size(); ++a) drop[a] = in->shape[a] == 1;
  } else {
    for (int32_t d : o->squeeze_dims) {
      const auto a = wrap_axis(d, rank);
      if (!a || in->shape[static_cast<size_t>(*a)] != 1) return std::nullopt;
      drop[static_cast<size_t>(*a)] = true;
    }
  }
  Shape out;
  for (size_t a = 0; a < in->shape.size(); ++a) {
    if (!drop[a]) out.push_back(in->shape[a]);
  }
  return std::vector<Shape>{out};
}

Shapes expand_dims_shapes(const ir::Graph& g, const ir::Op& op) {
  const ir::Tensor* in = operand(g, op, 0);
  const auto axis = index_values(operand(g, op, 1));
  if (!in || !axis || axis->size() != 1) return std::nullopt;
  const auto a = wrap_axis((*axis)[0], static_cast<int64_t>(in->shape.size()) + 1);
  if (!a) return std::nullopt;
  Shape out = in->shape;
  out.insert(out.begin() + *a, 1);
  return std::vector<Shape>{out};
}

// SLICE: begin (input 1) and size (input 2, -1 = to the end).
Shapes slice_shapes(const ir::Graph& g, const ir::Op& op) {
  const ir::Tensor* in = operand(g, op, 0);
  const auto begin = index_values(operand(g, op, 1));
  const auto size = index_values(operand(g, op, 2));
  if (!in || !begin || !size || begin->size() != in->shape.size() || size->size() != in->shape.size()) {
    return std::nullopt;
  }
  Shape out;
  for (size_t a = 0; a < in->shape.size(); ++a) {
    const int64_t b = (*begin)[a], dim = in->shape[a];
    const int64_t s = (*size)[a] == -1 ? dim - b : (*size)[a];
    if (b < 0 || b > dim || s < 0 || b + s > dim) return std::nullopt;
    out.push_back(static_cast<int32_t>(s));
  }
  return std::vector<Shape>{out};
}

// SPLIT_V: (value, size_splits, axis); one size may be -1 (what the others leave).
Shapes split_v_shapes(const ir::Graph& g, const ir::Op& op) {
  const ir::Tensor* in = operand(g, op, 0);
  const auto sizes = index_values(operand(g, op, 1));
  const auto axis = index_values(operand(g, op, 2));
  if (!in || !sizes || !axis || axis->size() != 1 || sizes->size() != op.outputs.size()) return std::nullopt;
  const auto a = wrap_axis((*axis)[0], static_cast<int64_t>(in->shape.size()));
  if (!a) return std::nullopt;
  const int64_t dim = in->shape[static_cast<size_t>(*a)];
  int64_t known = 0;
  int64_t unknown = -1;
  for (size_t k = 0; k < sizes->size(); ++k) {
    const int64_t s = (*sizes)[k];
    if (s == -1 && unknown < 0) {
      unknown = static_cast<int64_t>(k);
    } else if (s >= 0 && s <= dim) {
      known += s;
    } else {
      return std::nullopt;
    }
  }
  if (known > dim || (unknown < 0 && known != dim)) return std::nullopt;
  std::vector<Shape> outs;
  for (size_t k = 0; k < sizes->size(); ++k) {
    Shape s = in->shape;
    s[static_cast<size_t>(*a)] = static_cast<int32_t>(static_cast<int64_t>(k) == unknown ? dim - known : (*sizes)[k]);
    outs.push_back(s);
  }
  return outs;
}

// BROADCAST_TO: the constant target shape (input 1); the input must broadcast to it.
Shapes broadcast_to_shapes(const ir::Graph& g, const ir::Op& op) {
  const ir::Tensor* in = operand(g, op, 0);
  const auto target = index_values(operand(g, op, 1));
  if (!in || !target || target->size() < in->shape.size()) return std::nullopt;
  const size_t extra = target->size() - in->shape.size();
  Shape out;
  for (size_t a = 0; a < target->size(); ++a) {
    const int64_t d = (*target)[a];
    if (!valid_dim(d)) return std::nullopt;
    if (a >= extra && in->shape[a - extra] != 1 && in->shape[a - extra] != d) return std::nullopt;
    out.push_back(static_cast<int32_t>(d));
  }
  return std::vector<Shape>{out};
}

// BROADCAST_ARGS: a vector as long as the longer shape.
Shapes broadcast_args_shapes(const ir::Graph& g, const ir::Op& op) {
  const ir::Tensor* s1 = operand(g, op, 0);
  const ir::Tensor* s2 = operand(g, op, 1);
  if (!s1 || !s2 || s1->rank() != 1 || s2->rank() != 1) return std::nullopt;
  return std::vector<Shape>{{std::max(s1->dim(0), s2->dim(0))}};
}

// TILE: each axis times its constant multiple (input 1).
Shapes tile_shapes(const ir::Graph& g, const ir::Op& op) {
  const ir::Tensor* in = operand(g, op, 0);
  const auto multiples = index_values(operand(g, op, 1));
  if (!in || !multiples || multiples->size() != in->shape.size()) return std::nullopt;
  Shape out;
  for (size_t a = 0; a < in->shape.size(); ++a) {
    const int64_t m = (*multiples)[a];
    if (m < 0 || m > kMaxDim || !valid_dim(int64_t{in->shape[a]} * m)) return std::nullopt;
    out.push_back(static_cast<int32_t>(in->shape[a] * m));
  }
  return std::vector<Shape>{out};
}

}  // namespace mcuforge::opdefs
