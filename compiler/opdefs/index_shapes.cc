// SPDX-License-Identifier: Apache-2.0
// Shape rules of the index family (ARG_MAX / ARG_MIN, GATHER, GATHER_ND, EMBEDDING_LOOKUP, DEPTH_TO_SPACE,
// SPACE_TO_DEPTH, BATCH_TO_SPACE_ND, SPACE_TO_BATCH_ND), kept apart from shape_rules.cc so the family's
// rows stay together. Each returns nullopt when the operands do not fit; the op's prepare names why.
#include <variant>

#include "opdefs/shape_rules.h"

namespace mcuforge::opdefs {
namespace {

const ir::Tensor* input(const ir::Graph& g, const ir::Op& op, size_t k) {
  if (k >= op.inputs.size() || op.inputs[k] < 0 || static_cast<size_t>(op.inputs[k]) >= g.tensors.size()) {
    return nullptr;
  }
  return &g.tensor(op.inputs[k]);
}

// Values of a constant int32/int64 operand.
std::optional<std::vector<int64_t>> constant_ints(const ir::Tensor* t) {
  if (!t || !t->is_constant()) return std::nullopt;
  std::vector<int64_t> v;
  const int64_t n = t->num_elements();
  if (t->dtype == ir::DType::kInt32 && static_cast<int64_t>(t->data.size()) == n * 4) {
    for (int64_t i = 0; i < n; ++i) v.push_back(t->data_as<int32_t>()[i]);
  } else if (t->dtype == ir::DType::kInt64 && static_cast<int64_t>(t->data.size()) == n * 8) {
    for (int64_t i = 0; i < n; ++i) v.push_back(t->data_as<int64_t>()[i]);
  } else {
    return std::nullopt;
  }
  return v;
}

std::optional<size_t> normalized(int64_t axis, size_t rank) {
  const int64_t r = static_cast<int64_t>(rank);
  if (axis < -r || axis >= r) return std::nullopt;
  return static_cast<size_t>(axis < 0 ? axis + r : axis);
}

int32_t block_size(const ir::Op& op) {
  const auto* o = std::get_if<ir::BlockSizeOptions>(&op.options);
  return o ? o->block_size : 0;
}

// The block shape and crops/paddings of the *_ND ops on an NHWC or NHC input: {in, block[2], pads[4]}.
struct SpaceBatchOperands {
  Shape in;
  int64_t bh, bw, top, bottom, left, right;
};

std::optional<SpaceBatchOperands> space_batch_operands(const ir::Graph& g, const ir::Op& op) {
  const ir::Tensor* in = input(g, op, 0);
  const auto block = constant_ints(input(g, op, 1));
  const auto pads = constant_ints(input(g, op, 2));
  if (!in || !block || !pads || (in->rank() != 3 && in->rank() != 4)) return std::nullopt;
  const size_t spatial = in->shape.size() - 2;
  if (block->size() != spatial || pads->size() != 2 * spatial) return std::nullopt;
  SpaceBatchOperands s{in->shape, (*block)[0], spatial == 2 ? (*block)[1] : 1, (*pads)[0], (*pads)[1],
                       spatial == 2 ? (*pads)[2] : 0, spatial == 2 ? (*pads)[3] : 0};
  if (s.bh < 1 || s.bw < 1 || s.top < 0 || s.bottom < 0 || s.left < 0 || s.right < 0) return std::nullopt;
  if (s.bh > (1 << 15) || s.bw > (1 << 15) || s.top + s.bottom > (1 << 30) || s.left + s.right > (1 << 30)) {
    return std::nullopt;
  }
  return s;
}

Shape nhwc(const Shape& like, int64_t n, int64_t h, int64_t w, int32_t c) {
  if (like.size() == 3) return {static_cast<int32_t>(n), static_cast<int32_t>(h), c};
  return {static_cast<int32_t>(n), static_cast<int32_t>(h), static_cast<int32_t>(w), c};
}

}  // namespace

// The input without the constant axis.
Shapes arg_min_max_shapes(const ir::Graph& g, const ir::Op& op) {
  const ir::Tensor* in = input(g, op, 0);
  const auto axis = constant_ints(input(g, op, 1));
  if (!in || !axis || axis->size() != 1) return std::nullopt;
  const auto a = normalized((*axis)[0], in->shape.size());
  if (!a) return std::nullopt;
  Shape out = in->shape;
  out.erase(out.begin() + static_cast<std::ptrdiff_t>(*a));
  return std::vector<Shape>{out};
}

// input[:axis] + indices[batch_dims:] + input[axis + 1:].
Shapes gather_shapes(const ir::Graph& g, const ir::Op& op) {
  const ir::Tensor* in = input(g, op, 0);
  const ir::Tensor* idx = input(g, op, 1);
  const auto* o = std::get_if<ir::GatherOptions>(&op.options);
  if (!in || !idx) return std::nullopt;
  const auto axis = normalized(o ? o->axis : 0, in->shape.size());
  int64_t batch_dims = o ? o->batch_dims : 0;
  if (batch_dims < 0) batch_dims += idx->rank();
  if (!axis || batch_dims < 0 || batch_dims > static_cast<int64_t>(*axis) || batch_dims > idx->rank()) {
    return std::nullopt;
  }
  Shape out(in->shape.begin(), in->shape.begin() + static_cast<std::ptrdiff_t>(*axis));
  out.insert(out.end(), idx->shape.begin() + batch_dims, idx->shape.end());
  out.insert(out.end(), in->shape.begin() + static_cast<std::ptrdiff_t>(*axis) + 1, in->shape.end());
  return std::vector<Shape>{out};
}

// indices[:-1] + params[indices.shape[-1]:].
Shapes gather_nd_shapes(const ir::Graph& g, const ir::Op& op) {
  const ir::Tensor* in = input(g, op, 0);
  const ir::Tensor* idx = input(g, op, 1);
  if (!in || !idx || idx->shape.empty()) return std::nullopt;
  const int32_t depth = idx->shape.back();
  if (depth < 0 || depth > in->rank()) return std::nullopt;
  Shape out(idx->shape.begin(), idx->shape.end() - 1);
  out.insert(out.end(), in->shape.begin() + depth, in->shape.end());
  return std::vector<Shape>{out};
}

// [lookups] + value.shape[1:].
Shapes embedding_lookup_shapes(const ir::Graph& g, const ir::Op& op) {
  const ir::Tensor* lookup = input(g, op, 0);
  const ir::Tensor* value = input(g, op, 1);
  if (!lookup || !value || lookup->rank() != 1 || value->rank() < 2) return std::nullopt;
  Shape out = value->shape;
  out[0] = lookup->dim(0);
  return std::vector<Shape>{out};
}

Shapes depth_to_space_shapes(const ir::Graph& g, const ir::Op& op) {
  const ir::Tensor* in = input(g, op, 0);
  const int64_t bs = block_size(op);
  if (!in || in->rank() != 4 || bs < 1 || bs > (1 << 15) || in->dim(3) % (bs * bs) != 0) return std::nullopt;
  return std::vector<Shape>{{in->dim(0), static_cast<int32_t>(in->dim(1) * bs), static_cast<int32_t>(in->dim(2) * bs),
                             static_cast<int32_t>(in->dim(3) / (bs * bs))}};
}

Shapes space_to_depth_shapes(const ir::Graph& g, const ir::Op& op) {
  const ir::Tensor* in = input(g, op, 0);
  const int64_t bs = block_size(op);
  if (!in || in->rank() != 4 || bs < 1 || bs > (1 << 15) || in->dim(1) % bs != 0 || in->dim(2) % bs != 0) {
    return std::nullopt;
  }
  return std::vector<Shape>{{in->dim(0), static_cast<int32_t>(in->dim(1) / bs), static_cast<int32_t>(in->dim(2) / bs),
                             static_cast<int32_t>(in->dim(3) * bs * bs)}};
}

Shapes batch_to_space_nd_shapes(const ir::Graph& g, const ir::Op& op) {
  const auto s = space_batch_operands(g, op);
  if (!s) return std::nullopt;
  const bool nhc = s->in.size() == 3;
  const int64_t w = nhc ? 1 : s->in[2];
  const int64_t oh = s->in[1] * s->bh - s->top - s->bottom, ow = w * s->bw - s->left - s->right;
  if (s->in[0] % (s->bh * s->bw) != 0 || oh < 0 || ow < 0) return std::nullopt;
  return std::vector<Shape>{nhwc(s->in, s->in[0] / (s->bh * s->bw), oh, ow, s->in.back())};
}

Shapes space_to_batch_nd_shapes(const ir::Graph& g, const ir::Op& op) {
  const auto s = space_batch_operands(g, op);
  if (!s) return std::nullopt;
  const bool nhc = s->in.size() == 3;
  const int64_t w = nhc ? 1 : s->in[2];
  const int64_t ph = s->in[1] + s->top + s->bottom, pw = w + s->left + s->right;
  if (ph % s->bh != 0 || pw % s->bw != 0) return std::nullopt;
  return std::vector<Shape>{nhwc(s->in, s->in[0] * s->bh * s->bw, ph / s->bh, pw / s->bw, s->in.back())};
}

}  // namespace mcuforge::opdefs
