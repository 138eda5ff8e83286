// SPDX-License-Identifier: Apache-2.0
#include "opdefs/shape_rules.h"

#include <algorithm>
#include <initializer_list>
#include <limits>
#include <variant>

#include "ir/padding.h"

namespace mcuforge::opdefs {
namespace {

const ir::Tensor* input(const ir::Graph& g, const ir::Op& op, size_t k) {
  if (k >= op.inputs.size() || op.inputs[k] < 0 || static_cast<size_t>(op.inputs[k]) >= g.tensors.size()) {
    return nullptr;
  }
  return &g.tensor(op.inputs[k]);
}

const ir::Tensor* output(const ir::Graph& g, const ir::Op& op, size_t k) {
  if (k >= op.outputs.size() || op.outputs[k] < 0 || static_cast<size_t>(op.outputs[k]) >= g.tensors.size()) {
    return nullptr;
  }
  return &g.tensor(op.outputs[k]);
}

int64_t elements(const Shape& s) {
  int64_t n = 1;
  for (int32_t d : s) n *= d;
  return n;
}

// Integer values of a constant int32/int64 operand (axes, shapes, permutations).
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

std::optional<int32_t> normalized_axis(int64_t axis, size_t rank) {
  const int64_t r = static_cast<int64_t>(rank);
  if (axis < -r || axis >= r) return std::nullopt;
  return static_cast<int32_t>(axis < 0 ? axis + r : axis);
}

// One windowed op's output [N, out_h, out_w, channels] from its explicit pads.
Shapes window_shapes(const ir::Graph& g, const ir::Op& op, const ir::Pads& pads, int32_t channels) {
  const auto w = ir::window_geometry(g, op);
  if (!w || std::min({w->stride_h, w->stride_w, w->dilation_h, w->dilation_w, w->filter_h, w->filter_w}) < 1) {
    return std::nullopt;
  }
  const int64_t oh = ir::window_output_size(w->in_h, pads.top, pads.bottom, w->filter_h, w->stride_h, w->dilation_h);
  const int64_t ow = ir::window_output_size(w->in_w, pads.left, pads.right, w->filter_w, w->stride_w, w->dilation_w);
  if (oh < 1 || ow < 1) return std::nullopt;
  const ir::Tensor* in = input(g, op, 0);
  return std::vector<Shape>{{in->dim(0), static_cast<int32_t>(oh), static_cast<int32_t>(ow), channels}};
}

const ir::Tensor* rank4_filter(const ir::Graph& g, const ir::Op& op) {
  const ir::Tensor* f = input(g, op, 1);
  return f && f->rank() == 4 ? f : nullptr;
}

// MAC counts of hostile models must not overflow (inspect and the fuzzer ask for them): saturate.
int64_t product(std::initializer_list<int64_t> factors) {
  int64_t p = 1;
  for (int64_t f : factors) {
    if (f <= 0) return 0;
    if (p > std::numeric_limits<int64_t>::max() / f) return std::numeric_limits<int64_t>::max();
    p *= f;
  }
  return p;
}

int64_t output_elements(const ir::Graph& g, const ir::Op& op) {
  const ir::Tensor* out = output(g, op, 0);
  return out ? out->num_elements() : 0;
}

}  // namespace

Shapes same_shape(const ir::Graph& g, const ir::Op& op) {
  const ir::Tensor* in = input(g, op, 0);
  if (!in) return std::nullopt;
  return std::vector<Shape>(op.outputs.size(), in->shape);
}

Shapes broadcast_shapes(const ir::Graph& g, const ir::Op& op) {
  const ir::Tensor* a = input(g, op, 0);
  const ir::Tensor* b = input(g, op, 1);
  if (!a || !b) return std::nullopt;
  const size_t rank = std::max(a->shape.size(), b->shape.size());
  Shape out(rank);
  for (size_t i = 0; i < rank; ++i) {
    // Align trailing dimensions (numpy): a missing leading dimension counts as 1.
    const int32_t da = i + a->shape.size() >= rank ? a->shape[i + a->shape.size() - rank] : 1;
    const int32_t db = i + b->shape.size() >= rank ? b->shape[i + b->shape.size() - rank] : 1;
    if (da != db && da != 1 && db != 1) return std::nullopt;
    out[i] = da == 1 ? db : da;
  }
  return std::vector<Shape>{out};
}

// Binary family: SELECT_V2 is the broadcast of (condition, x) with y.
Shapes select_shapes(const ir::Graph& g, const ir::Op& op) {
  const ir::Tensor* c = input(g, op, 0);
  const ir::Tensor* x = input(g, op, 1);
  const ir::Tensor* y = input(g, op, 2);
  if (!c || !x || !y) return std::nullopt;
  Shape out;
  for (const ir::Tensor* t : {c, x, y}) {
    const size_t rank = std::max(out.size(), t->shape.size());
    Shape next(rank);
    for (size_t i = 0; i < rank; ++i) {
      const int32_t da = i + out.size() >= rank ? out[i + out.size() - rank] : 1;
      const int32_t db = i + t->shape.size() >= rank ? t->shape[i + t->shape.size() - rank] : 1;
      if (da != db && da != 1 && db != 1) return std::nullopt;
      next[i] = da == 1 ? db : da;
    }
    out = next;
  }
  return std::vector<Shape>{out};
}

Shapes conv2d_shapes(const ir::Graph& g, const ir::Op& op) {
  const auto* o = std::get_if<ir::Conv2DOptions>(&op.options);
  const ir::Tensor* f = rank4_filter(g, op);
  if (!o || !f) return std::nullopt;
  return window_shapes(g, op, o->pads, f->dim(0));
}

Shapes depthwise_shapes(const ir::Graph& g, const ir::Op& op) {
  const auto* o = std::get_if<ir::DepthwiseConv2DOptions>(&op.options);
  const ir::Tensor* f = rank4_filter(g, op);
  if (!o || !f) return std::nullopt;
  return window_shapes(g, op, o->pads, f->dim(3));
}

Shapes pool_shapes(const ir::Graph& g, const ir::Op& op) {
  const auto* o = std::get_if<ir::Pool2DOptions>(&op.options);
  const ir::Tensor* in = input(g, op, 0);
  if (!o || !in || in->rank() != 4) return std::nullopt;
  return window_shapes(g, op, o->pads, in->dim(3));
}

Shapes fully_connected_shapes(const ir::Graph& g, const ir::Op& op) {
  const auto* o = std::get_if<ir::FullyConnectedOptions>(&op.options);
  const ir::Tensor* in = input(g, op, 0);
  const ir::Tensor* w = input(g, op, 1);
  if (!o || !in || !w || w->rank() != 2 || w->dim(1) <= 0 || in->rank() < 1) return std::nullopt;
  const int32_t units = w->dim(0), depth = w->dim(1);
  if (o->keep_num_dims) {
    if (in->shape.back() != depth) return std::nullopt;
    Shape out = in->shape;
    out.back() = units;
    return std::vector<Shape>{out};
  }
  if (in->num_elements() % depth != 0) return std::nullopt;
  return std::vector<Shape>{{static_cast<int32_t>(in->num_elements() / depth), units}};
}

Shapes reshape_shapes(const ir::Graph& g, const ir::Op& op) {
  const ir::Tensor* in = input(g, op, 0);
  if (!in) return std::nullopt;
  std::optional<std::vector<int64_t>> target = constant_ints(input(g, op, 1));
  if (!target) {
    const auto* o = std::get_if<ir::ReshapeOptions>(&op.options);
    if (!o || o->new_shape.empty()) return std::nullopt;
    target = std::vector<int64_t>(o->new_shape.begin(), o->new_shape.end());
  }
  // One -1 takes whatever the other dimensions leave.
  Shape out;
  int64_t known = 1;
  int unknown = -1;
  for (size_t i = 0; i < target->size(); ++i) {
    const int64_t d = (*target)[i];
    if (d == -1 && unknown < 0) {
      unknown = static_cast<int>(i);
      out.push_back(1);
    } else if (d >= 0 && d <= (int64_t{1} << 30)) {
      known *= d;
      out.push_back(static_cast<int32_t>(d));
    } else {
      return std::nullopt;
    }
  }
  if (unknown >= 0) {
    if (known == 0 || in->num_elements() % known != 0) return std::nullopt;
    out[static_cast<size_t>(unknown)] = static_cast<int32_t>(in->num_elements() / known);
  }
  if (elements(out) != in->num_elements()) return std::nullopt;
  return std::vector<Shape>{out};
}

Shapes transpose_shapes(const ir::Graph& g, const ir::Op& op) {
  const ir::Tensor* in = input(g, op, 0);
  const auto perm = constant_ints(input(g, op, 1));
  if (!in || !perm || perm->size() != in->shape.size()) return std::nullopt;
  Shape out;
  for (int64_t p : *perm) {
    const auto axis = normalized_axis(p, in->shape.size());
    if (!axis) return std::nullopt;
    out.push_back(in->shape[static_cast<size_t>(*axis)]);
  }
  return std::vector<Shape>{out};
}

// MEAN, SUM, REDUCE_MAX, REDUCE_MIN: the axes of the constant input 1 (negative wrapped, repeats
// allowed) are dropped, or kept as 1 with keep_dims. A scalar input stays a scalar.
Shapes reduce_shapes(const ir::Graph& g, const ir::Op& op) {
  const ir::Tensor* in = input(g, op, 0);
  const auto axes = constant_ints(input(g, op, 1));
  if (!in || !axes) return std::nullopt;
  const auto* o = std::get_if<ir::ReducerOptions>(&op.options);
  const bool keep_dims = o && o->keep_dims;
  std::vector<bool> reduced(in->shape.size(), false);
  if (!in->shape.empty()) {
    for (int64_t a : *axes) {
      const auto axis = normalized_axis(a, in->shape.size());
      if (!axis) return std::nullopt;
      reduced[static_cast<size_t>(*axis)] = true;
    }
  }
  Shape out;
  for (size_t d = 0; d < in->shape.size(); ++d) {
    if (!reduced[d]) out.push_back(in->shape[d]);
    else if (keep_dims) out.push_back(1);
  }
  return std::vector<Shape>{out};
}

Shapes concatenation_shapes(const ir::Graph& g, const ir::Op& op) {
  const auto* o = std::get_if<ir::ConcatenationOptions>(&op.options);
  const ir::Tensor* first = input(g, op, 0);
  if (!o || !first) return std::nullopt;
  const auto axis = normalized_axis(o->axis, first->shape.size());
  if (!axis) return std::nullopt;
  Shape out = first->shape;
  out[static_cast<size_t>(*axis)] = 0;
  for (size_t k = 0; k < op.inputs.size(); ++k) {
    const ir::Tensor* t = input(g, op, k);
    if (!t || t->shape.size() != out.size()) return std::nullopt;
    out[static_cast<size_t>(*axis)] += t->shape[static_cast<size_t>(*axis)];
  }
  return std::vector<Shape>{out};
}

Shapes pack_shapes(const ir::Graph& g, const ir::Op& op) {
  const auto* o = std::get_if<ir::PackOptions>(&op.options);
  const ir::Tensor* first = input(g, op, 0);
  if (!o || !first) return std::nullopt;
  const auto axis = normalized_axis(o->axis, first->shape.size() + 1);
  if (!axis) return std::nullopt;
  Shape out = first->shape;
  out.insert(out.begin() + *axis, static_cast<int32_t>(op.inputs.size()));
  return std::vector<Shape>{out};
}

Shapes unpack_shapes(const ir::Graph& g, const ir::Op& op) {
  const auto* o = std::get_if<ir::UnpackOptions>(&op.options);
  const ir::Tensor* in = input(g, op, 0);
  if (!o || !in) return std::nullopt;
  const auto axis = normalized_axis(o->axis, in->shape.size());
  if (!axis) return std::nullopt;
  Shape out = in->shape;
  out.erase(out.begin() + *axis);
  return std::vector<Shape>(op.outputs.size(), out);
}

Shapes split_shapes(const ir::Graph& g, const ir::Op& op) {
  // SPLIT's operands are (axis, value).
  const auto axis_value = constant_ints(input(g, op, 0));
  const ir::Tensor* in = input(g, op, 1);
  if (!axis_value || axis_value->size() != 1 || !in || op.outputs.empty()) return std::nullopt;
  const auto axis = normalized_axis((*axis_value)[0], in->shape.size());
  if (!axis) return std::nullopt;
  const int32_t n = static_cast<int32_t>(op.outputs.size());
  if (in->shape[static_cast<size_t>(*axis)] % n != 0) return std::nullopt;
  Shape out = in->shape;
  out[static_cast<size_t>(*axis)] /= n;
  return std::vector<Shape>(op.outputs.size(), out);
}

Shapes shape_shapes(const ir::Graph& g, const ir::Op& op) {
  const ir::Tensor* in = input(g, op, 0);
  if (!in) return std::nullopt;
  return std::vector<Shape>{{in->rank()}};
}

Shapes fill_shapes(const ir::Graph& g, const ir::Op& op) {
  const auto dims = constant_ints(input(g, op, 0));
  if (!dims) return std::nullopt;
  Shape out;
  for (int64_t d : *dims) {
    if (d < 0 || d > (int64_t{1} << 30)) return std::nullopt;
    out.push_back(static_cast<int32_t>(d));
  }
  return std::vector<Shape>{out};
}

Shapes svdf_shapes(const ir::Graph& g, const ir::Op& op) {
  // Inputs: input [batch, input_size], feature weights [filters, input_size], time weights, bias, state.
  const auto* o = std::get_if<ir::SVDFOptions>(&op.options);
  const ir::Tensor* in = input(g, op, 0);
  const ir::Tensor* wf = input(g, op, 1);
  if (!o || !in || !wf || in->rank() != 2 || wf->rank() != 2 || o->rank <= 0 || wf->dim(0) % o->rank != 0) {
    return std::nullopt;
  }
  return std::vector<Shape>{{in->dim(0), wf->dim(0) / o->rank}};
}

Shapes lstm_shapes(const ir::Graph& g, const ir::Op& op) {
  // Input [batch, time, features] (or time-major); hidden state (input 18) [batch, state].
  const ir::Tensor* in = input(g, op, 0);
  const ir::Tensor* h = input(g, op, 18);
  if (!in || !h || in->rank() != 3 || h->rank() != 2) return std::nullopt;
  return std::vector<Shape>{{in->dim(0), in->dim(1), h->dim(1)}};
}

int64_t conv2d_macs(const ir::Graph& g, const ir::Op& op) {
  const ir::Tensor* f = rank4_filter(g, op);
  return f ? product({output_elements(g, op), f->dim(1), f->dim(2), f->dim(3)}) : 0;
}

int64_t depthwise_macs(const ir::Graph& g, const ir::Op& op) {
  const ir::Tensor* f = rank4_filter(g, op);
  return f ? product({output_elements(g, op), f->dim(1), f->dim(2)}) : 0;
}

int64_t pool_macs(const ir::Graph& g, const ir::Op& op) {
  const auto* o = std::get_if<ir::Pool2DOptions>(&op.options);
  return o ? product({output_elements(g, op), o->filter_h, o->filter_w}) : 0;
}

int64_t fully_connected_macs(const ir::Graph& g, const ir::Op& op) {
  const ir::Tensor* w = input(g, op, 1);
  if (!w || w->rank() != 2) return 0;
  return product({output_elements(g, op), w->dim(1)});
}

int64_t elementwise_macs(const ir::Graph& g, const ir::Op& op) { return output_elements(g, op); }

// One accumulate per input element (as AVERAGE_POOL_2D counts its window sums).
int64_t reduce_macs(const ir::Graph& g, const ir::Op& op) {
  const ir::Tensor* in = input(g, op, 0);
  return in ? in->num_elements() : 0;
}

int64_t svdf_macs(const ir::Graph& g, const ir::Op& op) {
  const ir::Tensor* in = input(g, op, 0);
  const ir::Tensor* wf = input(g, op, 1);
  const ir::Tensor* wt = input(g, op, 2);
  if (!in || !wf || !wt || in->rank() != 2 || wf->rank() != 2 || wt->rank() != 2) return 0;
  return product({in->dim(0), wf->dim(0), int64_t{in->dim(1)} + wt->dim(1)});
}

int64_t lstm_macs(const ir::Graph& g, const ir::Op& op) {
  const ir::Tensor* in = input(g, op, 0);
  const ir::Tensor* h = input(g, op, 18);
  if (!in || !h || in->rank() != 3 || h->rank() != 2) return 0;
  // Four gates, each an input and a recurrent matrix-vector product per step.
  return product({in->dim(0), in->dim(1), 4, h->dim(1), int64_t{in->dim(2)} + h->dim(1)});
}

// tconv family ----------------------------------------------------------------------------------------

Shapes transpose_conv_shapes(const ir::Graph& g, const ir::Op& op) {
  const auto dims = constant_ints(input(g, op, 0));
  if (!dims || dims->size() != 4) return std::nullopt;
  Shape out;
  for (int64_t d : *dims) {
    if (d < 1 || d > std::numeric_limits<int32_t>::max()) return std::nullopt;
    out.push_back(static_cast<int32_t>(d));
  }
  return std::vector<Shape>{out};
}

int64_t transpose_conv_macs(const ir::Graph& g, const ir::Op& op) {
  const ir::Tensor* f = rank4_filter(g, op);
  const ir::Tensor* in = input(g, op, 2);
  return f && in ? product({in->num_elements(), f->dim(1), f->dim(2), f->dim(0)}) : 0;
}

// Resize family. RESIZE_*: [N, H, W, C] -> [N, size[0], size[1], C] from the constant size tensor.
Shapes resize_shapes(const ir::Graph& g, const ir::Op& op) {
  const ir::Tensor* in = input(g, op, 0);
  const auto size = constant_ints(input(g, op, 1));
  if (!in || in->rank() != 4 || !size || size->size() != 2) return std::nullopt;
  const int64_t h = (*size)[0], w = (*size)[1];
  if (h <= 0 || w <= 0 || h > std::numeric_limits<int32_t>::max() || w > std::numeric_limits<int32_t>::max()) {
    return std::nullopt;
  }
  return std::vector<Shape>{{in->dim(0), static_cast<int32_t>(h), static_cast<int32_t>(w), in->dim(3)}};
}

// BATCH_MATMUL: [..., A, B] x [..., B, C] -> [..., A, C] (adj_x / adj_y transpose the last two axes of
// an operand first); the leading (batch) axes broadcast numpy-style.
Shapes batch_matmul_shapes(const ir::Graph& g, const ir::Op& op) {
  const auto* o = std::get_if<ir::BatchMatMulOptions>(&op.options);
  const ir::Tensor* l = input(g, op, 0);
  const ir::Tensor* r = input(g, op, 1);
  if (!o || !l || !r || l->rank() < 2 || r->rank() < 2) return std::nullopt;
  const size_t rank = std::max(l->shape.size(), r->shape.size());
  const int32_t rows = o->adj_x ? l->shape[l->shape.size() - 1] : l->shape[l->shape.size() - 2];
  const int32_t depth_l = o->adj_x ? l->shape[l->shape.size() - 2] : l->shape[l->shape.size() - 1];
  const int32_t depth_r = o->adj_y ? r->shape[r->shape.size() - 1] : r->shape[r->shape.size() - 2];
  const int32_t cols = o->adj_y ? r->shape[r->shape.size() - 2] : r->shape[r->shape.size() - 1];
  if (depth_l != depth_r) return std::nullopt;
  Shape out(rank, 1);
  for (size_t k = 0; k + 2 < rank; ++k) {
    const size_t from_end = rank - k;
    const int32_t dl = from_end <= l->shape.size() ? l->shape[l->shape.size() - from_end] : 1;
    const int32_t dr = from_end <= r->shape.size() ? r->shape[r->shape.size() - from_end] : 1;
    if (dl != dr && dl != 1 && dr != 1) return std::nullopt;
    out[k] = dl == 1 ? dr : dl;
  }
  out[rank - 2] = rows;
  out[rank - 1] = cols;
  return std::vector<Shape>{out};
}

// Four multiply-accumulates per output element (the four neighbours).
int64_t resize_bilinear_macs(const ir::Graph& g, const ir::Op& op) { return 4 * output_elements(g, op); }

// One per output element and accumulation step.
int64_t batch_matmul_macs(const ir::Graph& g, const ir::Op& op) {
  const auto* o = std::get_if<ir::BatchMatMulOptions>(&op.options);
  const ir::Tensor* l = input(g, op, 0);
  if (!o || !l || l->rank() < 2) return 0;
  return product({output_elements(g, op), l->dim(l->rank() - (o->adj_x ? 2 : 1))});
}

}  // namespace mcuforge::opdefs
