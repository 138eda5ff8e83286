// SPDX-License-Identifier: Apache-2.0
// The data movement family beyond the pads (pad.cc): ops that only relabel memory (SQUEEZE,
// EXPAND_DIMS: aliased with their input by the memory planner, like RESHAPE), slices (SLICE, and
// REVERSE_V2 as a slice with stride -1: both run mf_strided_slice), SPLIT_V (mf_split), repeats
// (TILE, and BROADCAST_TO as a tile of its size-1 axes: both run mf_tile) and BROADCAST_ARGS (a
// broadcast of two shape vectors at run time). Every operand that decides a shape (axis, begin/size,
// target shape, multiples) must be a constant, as TFLM requires; values are moved unchanged, so the
// output must have the input's type and quantization.
#include <fmt/format.h>

#include <algorithm>
#include <variant>

#include "diagnostics/error.h"
#include "mcuforge/mf_broadcast_args.h"
#include "mcuforge/mf_copy.h"
#include "mcuforge/mf_strided_slice.h"
#include "mcuforge/mf_tile.h"
#include "ops/call_writer.h"
#include "ops/conv_util.h"
#include "ops/data_move_util.h"

namespace mcuforge::ops {
namespace {

// SQUEEZE, EXPAND_DIMS: the bytes stay as they are; mf_copy only runs when the planner could not
// give input and output the same memory.
class Relabel : public PreparedOp {
 public:
  explicit Relabel(size_t bytes) : bytes_(bytes) {}
  void run(const OpBuffers& b) const override { check_status(mf_copy(bytes_, b.inputs[0], b.outputs[0]), "mf_copy"); }
  std::string kernel_name() const override { return "mf_copy"; }
  bool output_aliases_input() const override { return true; }
  void emit(CallWriter& ctx) const override {
    if (ctx.same_memory(0, 0)) return;
    ctx.call("mf_copy", {std::to_string(bytes_) + "u", ctx.input(0), ctx.output(0)});
  }

 private:
  size_t bytes_;
};

class Slice : public PreparedOp {
 public:
  explicit Slice(const mf_strided_slice_params& p) : p_(p) {}
  void run(const OpBuffers& b) const override {
    check_status(mf_strided_slice(&p_, b.inputs[0], b.outputs[0]), "mf_strided_slice");
  }
  std::string kernel_name() const override { return "mf_strided_slice"; }
  void emit(CallWriter& ctx) const override {
    constexpr size_t n = MF_STRIDED_SLICE_MAX_DIMS;
    const std::string params = ctx.constant(
        "mf_strided_slice_params", "params",
        fmt::format("{{{}, {}, {}, {}, {}, {}}}", p_.rank, p_.element_bytes, int_list(p_.in_dims, n),
                    int_list(p_.start, n), int_list(p_.stride, n), int_list(p_.count, n)));
    ctx.call("mf_strided_slice", {address_of(params), ctx.input(0), ctx.output(0)});
  }

 private:
  mf_strided_slice_params p_;
};

class Tile : public PreparedOp {
 public:
  explicit Tile(const mf_tile_params& p) : p_(p) {}
  void run(const OpBuffers& b) const override { check_status(mf_tile(&p_, b.inputs[0], b.outputs[0]), "mf_tile"); }
  std::string kernel_name() const override { return "mf_tile"; }
  void emit(CallWriter& ctx) const override {
    constexpr size_t n = MF_TILE_MAX_DIMS;
    const std::string params =
        ctx.constant("mf_tile_params", "params",
                     fmt::format("{{{}, {}, {}, {}}}", p_.rank, p_.element_bytes, int_list(p_.in_dims, n),
                                 int_list(p_.multiples, n)));
    ctx.call("mf_tile", {address_of(params), ctx.input(0), ctx.output(0)});
  }

 private:
  mf_tile_params p_;
};

class BroadcastArgs : public PreparedOp {
 public:
  explicit BroadcastArgs(const mf_broadcast_args_params& p) : p_(p) {}
  // The shapes are data: two entries that differ (neither 1) are the caller's input, not a compiler bug.
  void run(const OpBuffers& b) const override {
    if (mf_broadcast_args(&p_, b.inputs[0], b.inputs[1], b.outputs[0]) != MF_STATUS_OK) {
      throw Error("BROADCAST_ARGS: the two input shapes are not broadcast-compatible (two entries differ and "
                  "neither is 1)",
                  "TFLM aborts on such inputs; give shapes that broadcast");
    }
  }
  std::string kernel_name() const override { return "mf_broadcast_args"; }
  void emit(CallWriter& ctx) const override {
    const std::string params = ctx.constant(
        "mf_broadcast_args_params", "params",
        fmt::format("{{{}, {}, {}, {}}}", p_.element_bytes, p_.count1, p_.count2, p_.out_count));
    ctx.call("mf_broadcast_args", {address_of(params), ctx.input(0), ctx.input(1), ctx.output(0)});
  }

 private:
  mf_broadcast_args_params p_;
};

void require_output_shape(const ir::Op& op, const ir::Tensor& out, const std::vector<int32_t>& expected,
                          size_t k = 0) {
  if (out.shape != expected) {
    op_error(op, "output " + std::to_string(k) + " has shape " + ir::shape_to_string(out.shape) + ", expected " +
                     ir::shape_to_string(expected),
             "the model is inconsistent; re-export it");
  }
}

void require_rank_at_most(const ir::Op& op, int32_t rank, int32_t max, const std::string& what) {
  if (rank > max) {
    op_error(op, what + " has rank " + std::to_string(rank) + ", above the supported " + std::to_string(max));
  }
}

// A constant 1-D (or, where `scalar_ok`, 0-D) index tensor: input k.
std::vector<int32_t> index_vector(const ir::Graph& g, const ir::Op& op, size_t k, const std::string& name,
                                  bool scalar_ok = false) {
  std::vector<int32_t> v = constant_indices(g, op, k, name);
  const int rank = g.tensor(op.inputs[k]).rank();
  if (rank != 1 && !(scalar_ok && rank == 0)) {
    op_error(op, "the " + name + " tensor must be 1-D, it has shape " +
                     ir::shape_to_string(g.tensor(op.inputs[k]).shape),
             "the model is inconsistent; re-export it");
  }
  return v;
}

// Byte-moving ops on one data input (input 0) and one output of the same type and quantization.
int32_t same_type_element_bytes(const ir::Graph& g, const ir::Op& op) {
  const ir::Tensor& in = g.tensor(op.inputs[0]);
  require_same_type(op, in, g.op_output(op, 0), "the input");
  return movable_element_bytes(op, in, "the input");
}

// A slice of `in` (rank >= 0) with a start, stride and count per axis; a scalar is a 1-element vector.
std::unique_ptr<PreparedOp> make_slice(const ir::Tensor& in, int32_t elem, const std::vector<int32_t>& start,
                                       const std::vector<int32_t>& stride, const std::vector<int32_t>& count) {
  mf_strided_slice_params p{};
  p.element_bytes = elem;
  p.rank = std::max(in.rank(), 1);
  p.in_dims[0] = p.stride[0] = p.count[0] = 1;  // a scalar: one element
  for (int a = 0; a < in.rank(); ++a) {
    p.in_dims[a] = in.dim(a);
    p.start[a] = start[static_cast<size_t>(a)];
    p.stride[a] = stride[static_cast<size_t>(a)];
    p.count[a] = count[static_cast<size_t>(a)];
  }
  return std::make_unique<Slice>(p);
}

// A tile of `in_dims` (left-padded with 1s to the output's rank by the caller).
std::unique_ptr<PreparedOp> make_tile(std::vector<int32_t> in_dims, std::vector<int32_t> multiples, int32_t elem) {
  mf_tile_params p{};
  p.element_bytes = elem;
  p.rank = std::max<int32_t>(static_cast<int32_t>(in_dims.size()), 1);
  p.in_dims[0] = p.multiples[0] = 1;
  for (size_t a = 0; a < in_dims.size(); ++a) {
    p.in_dims[a] = in_dims[a];
    p.multiples[a] = multiples[a];
  }
  return std::make_unique<Tile>(p);
}

}  // namespace

std::unique_ptr<PreparedOp> prepare_squeeze(const ir::Graph& g, const ir::Op& op) {
  require_operands(op, 1, 1);
  static const ir::SqueezeOptions kNoOptions;  // no table: squeeze every axis of size 1
  const auto* opts = std::get_if<ir::SqueezeOptions>(&op.options);
  if (!opts) opts = &kNoOptions;
  const ir::Tensor& in = g.tensor(op.inputs[0]);
  same_type_element_bytes(g, op);
  require_rank_at_most(op, in.rank(), 8, "the input");
  std::vector<bool> drop(static_cast<size_t>(in.rank()), false);
  if (opts->squeeze_dims.empty()) {
    for (int a = 0; a < in.rank(); ++a) drop[static_cast<size_t>(a)] = in.dim(a) == 1;
  }
  for (int32_t d : opts->squeeze_dims) {
    const int32_t a = normalize_axis(op, d, in.rank(), "squeeze dimension");
    if (in.dim(a) != 1) {
      op_error(op, "squeeze dimension " + std::to_string(d) + " has size " + std::to_string(in.dim(a)) + ", not 1",
               "only axes of size 1 can be squeezed; fix squeeze_dims in the model");
    }
    drop[static_cast<size_t>(a)] = true;
  }
  std::vector<int32_t> expected;
  for (int a = 0; a < in.rank(); ++a) {
    if (!drop[static_cast<size_t>(a)]) expected.push_back(in.dim(a));
  }
  require_output_shape(op, g.op_output(op, 0), expected);
  return std::make_unique<Relabel>(static_cast<size_t>(in.num_bytes()));
}

std::unique_ptr<PreparedOp> prepare_expand_dims(const ir::Graph& g, const ir::Op& op) {
  require_operands(op, 2, 1);
  const ir::Tensor& in = g.tensor(op.inputs[0]);
  same_type_element_bytes(g, op);
  const std::vector<int32_t> axis = index_vector(g, op, 1, "axis", /*scalar_ok=*/true);
  if (axis.size() != 1) op_error(op, "the axis tensor must hold exactly one value", "re-export the model");
  const int32_t a = normalize_axis(op, axis[0], in.rank() + 1, "axis");
  std::vector<int32_t> expected = in.shape;
  expected.insert(expected.begin() + a, 1);
  require_output_shape(op, g.op_output(op, 0), expected);
  return std::make_unique<Relabel>(static_cast<size_t>(in.num_bytes()));
}

std::unique_ptr<PreparedOp> prepare_slice(const ir::Graph& g, const ir::Op& op) {
  require_operands(op, 3, 1);
  const ir::Tensor& in = g.tensor(op.inputs[0]);
  const int32_t elem = same_type_element_bytes(g, op);
  require_rank_at_most(op, in.rank(), MF_STRIDED_SLICE_MAX_DIMS, "the input");
  const std::vector<int32_t> begin = index_vector(g, op, 1, "begin");
  const std::vector<int32_t> size = index_vector(g, op, 2, "size");
  if (begin.size() != static_cast<size_t>(in.rank()) || size.size() != begin.size()) {
    op_error(op, "begin and size have " + std::to_string(begin.size()) + " and " + std::to_string(size.size()) +
                     " entries for an input of rank " + std::to_string(in.rank()),
             "they need one entry per input axis; re-export the model");
  }
  std::vector<int32_t> count;
  for (int a = 0; a < in.rank(); ++a) {
    const int64_t b = begin[static_cast<size_t>(a)], dim = in.dim(a);
    const int64_t s = size[static_cast<size_t>(a)] == -1 ? dim - b : size[static_cast<size_t>(a)];
    if (b < 0 || b > dim || s < 0 || b + s > dim) {
      op_error(op, "the slice of axis " + std::to_string(a) + " (begin " + std::to_string(b) + ", size " +
                       std::to_string(size[static_cast<size_t>(a)]) + ") is outside its " + std::to_string(dim) +
                       " elements",
               "begin must be in [0, dim] and size -1 or in [0, dim - begin]; fix the model");
    }
    count.push_back(static_cast<int32_t>(s));
  }
  require_output_shape(op, g.op_output(op, 0), count);
  return make_slice(in, elem, begin, std::vector<int32_t>(begin.size(), 1), count);
}

std::unique_ptr<PreparedOp> prepare_reverse_v2(const ir::Graph& g, const ir::Op& op) {
  require_operands(op, 2, 1);
  const ir::Tensor& in = g.tensor(op.inputs[0]);
  const int32_t elem = same_type_element_bytes(g, op);
  require_rank_at_most(op, in.rank(), MF_STRIDED_SLICE_MAX_DIMS, "the input");
  const std::vector<int32_t> axes = index_vector(g, op, 1, "axis");
  std::vector<int32_t> start(static_cast<size_t>(in.rank()), 0), stride(start.size(), 1), count = in.shape;
  for (int32_t axis : axes) {
    const size_t a = static_cast<size_t>(normalize_axis(op, axis, in.rank(), "axis"));
    if (stride[a] < 0) {
      op_error(op, "axis " + std::to_string(a) + " is listed twice", "list each reversed axis once");
    }
    start[a] = in.shape[a] - 1;
    stride[a] = -1;
  }
  require_output_shape(op, g.op_output(op, 0), in.shape);
  return make_slice(in, elem, start, stride, count);
}

std::unique_ptr<PreparedOp> prepare_split_v(const ir::Graph& g, const ir::Op& op) {
  require_operands(op, 3, op.outputs.size());
  if (op.outputs.empty()) op_error(op, "has no outputs", "the model is inconsistent; re-export it");
  const ir::Tensor& in = g.tensor(op.inputs[0]);
  const int32_t elem = movable_element_bytes(op, in, "the input");
  if (in.rank() == 0) op_error(op, "the input is a scalar; there is no axis to split");
  const std::vector<int32_t> axis_value = index_vector(g, op, 2, "axis", /*scalar_ok=*/true);
  if (axis_value.size() != 1) op_error(op, "the axis tensor must hold exactly one value", "re-export the model");
  const int32_t axis = normalize_axis(op, axis_value[0], in.rank(), "axis");
  // TFLM reads only the output shapes; a constant size_splits must agree with them.
  const ir::Tensor& sizes = g.tensor(op.inputs[1]);
  std::vector<int32_t> splits;
  if (sizes.is_constant()) {
    splits = index_vector(g, op, 1, "size_splits");
    if (splits.size() != op.outputs.size()) {
      op_error(op, "size_splits has " + std::to_string(splits.size()) + " entries for " +
                       std::to_string(op.outputs.size()) + " outputs",
               "the model is inconsistent; re-export it");
    }
    int64_t known = 0;
    int unknown = -1;
    for (size_t k = 0; k < splits.size(); ++k) {
      if (splits[k] == -1 && unknown < 0) {
        unknown = static_cast<int>(k);
      } else if (splits[k] < 0) {
        op_error(op, "size_splits " + ir::shape_to_string(splits) + " has a negative size other than one -1",
                 "sizes must be >= 0, with at most one -1 (the rest of the axis)");
      } else {
        known += splits[k];
      }
    }
    if (known > in.dim(axis) || (unknown < 0 && known != in.dim(axis))) {
      op_error(op, "size_splits " + ir::shape_to_string(splits) + " does not add up to the axis size " +
                       std::to_string(in.dim(axis)),
               "the model is inconsistent; re-export it");
    }
    if (unknown >= 0) splits[static_cast<size_t>(unknown)] = static_cast<int32_t>(in.dim(axis) - known);
  }
  std::vector<int32_t> part_bytes;
  int64_t total = 0;
  const int64_t inner = dims_product(in.shape, static_cast<size_t>(axis) + 1, in.shape.size()) * elem;
  for (size_t k = 0; k < op.outputs.size(); ++k) {
    const ir::Tensor& out = g.op_output(op, k);
    require_same_type(op, in, out, "the input (vs output " + std::to_string(k) + ")");
    std::vector<int32_t> expected = in.shape;
    expected[static_cast<size_t>(axis)] = splits.empty() ? (out.rank() == in.rank() ? out.dim(axis) : -1) : splits[k];
    require_output_shape(op, out, expected, k);
    total += expected[static_cast<size_t>(axis)];
    part_bytes.push_back(static_cast<int32_t>(expected[static_cast<size_t>(axis)] * inner));
  }
  if (total != in.dim(axis)) {
    op_error(op, "the outputs' sizes along axis " + std::to_string(axis) + " add up to " + std::to_string(total) +
                     ", not the input's " + std::to_string(in.dim(axis)),
             "the model is inconsistent; re-export it");
  }
  return make_scatter(static_cast<int32_t>(dims_product(in.shape, 0, static_cast<size_t>(axis))),
                      std::move(part_bytes), 0);
}

std::unique_ptr<PreparedOp> prepare_tile(const ir::Graph& g, const ir::Op& op) {
  require_operands(op, 2, 1);
  const ir::Tensor& in = g.tensor(op.inputs[0]);
  const int32_t elem = same_type_element_bytes(g, op);
  require_rank_at_most(op, in.rank(), MF_TILE_MAX_DIMS, "the input");
  const std::vector<int32_t> multiples = index_vector(g, op, 1, "multiples");
  if (multiples.size() != static_cast<size_t>(in.rank())) {
    op_error(op, "multiples has " + std::to_string(multiples.size()) + " entries for an input of rank " +
                     std::to_string(in.rank()),
             "it needs one entry per input axis; re-export the model");
  }
  std::vector<int32_t> expected;
  for (int a = 0; a < in.rank(); ++a) {
    const int32_t m = multiples[static_cast<size_t>(a)];
    if (m < 0) {
      op_error(op, "multiple " + std::to_string(m) + " of axis " + std::to_string(a) + " is negative",
               "multiples must be >= 0");
    }
    expected.push_back(static_cast<int32_t>(int64_t{in.dim(a)} * m));
  }
  require_output_shape(op, g.op_output(op, 0), expected);
  return make_tile(in.shape, multiples, elem);
}

std::unique_ptr<PreparedOp> prepare_broadcast_to(const ir::Graph& g, const ir::Op& op) {
  require_operands(op, 2, 1);
  const ir::Tensor& in = g.tensor(op.inputs[0]);
  const int32_t elem = same_type_element_bytes(g, op);
  const std::vector<int32_t> target = index_vector(g, op, 1, "shape");
  const int32_t rank = static_cast<int32_t>(target.size());
  require_rank_at_most(op, rank, MF_TILE_MAX_DIMS, "the target shape");
  if (rank < in.rank()) {
    op_error(op, "the target shape " + ir::shape_to_string(target) + " has fewer axes than the input " +
                     ir::shape_to_string(in.shape),
             "BROADCAST_TO only adds or widens axes; fix the model");
  }
  std::vector<int32_t> in_dims(static_cast<size_t>(rank - in.rank()), 1);
  in_dims.insert(in_dims.end(), in.shape.begin(), in.shape.end());
  std::vector<int32_t> multiples;
  for (size_t a = 0; a < target.size(); ++a) {
    if (target[a] < 0 || (in_dims[a] != 1 && in_dims[a] != target[a])) {
      op_error(op, "the input shape " + ir::shape_to_string(in.shape) + " does not broadcast to " +
                       ir::shape_to_string(target),
               "each input axis must be 1 or equal to the target's (numpy broadcasting); fix the model");
    }
    multiples.push_back(in_dims[a] == target[a] ? 1 : target[a]);
  }
  require_output_shape(op, g.op_output(op, 0), target);
  return make_tile(in_dims, multiples, elem);
}

std::unique_ptr<PreparedOp> prepare_broadcast_args(const ir::Graph& g, const ir::Op& op) {
  require_operands(op, 2, 1);
  const ir::Tensor& s1 = g.tensor(op.inputs[0]);
  const ir::Tensor& s2 = g.tensor(op.inputs[1]);
  const ir::Tensor& out = g.op_output(op, 0);
  if ((s1.dtype != ir::DType::kInt32 && s1.dtype != ir::DType::kInt64) || s2.dtype != s1.dtype ||
      out.dtype != s1.dtype) {
    op_error(op, "the shapes and the output must all be int32 or all int64, they are " +
                     std::string(ir::dtype_name(s1.dtype)) + ", " + std::string(ir::dtype_name(s2.dtype)) + " and " +
                     std::string(ir::dtype_name(out.dtype)),
             "the model is inconsistent; re-export it");
  }
  if (s1.rank() != 1 || s2.rank() != 1 || out.rank() != 1) {
    op_error(op, "the shapes and the output must be 1-D tensors", "the model is inconsistent; re-export it");
  }
  const mf_broadcast_args_params p{static_cast<int32_t>(ir::dtype_size(s1.dtype)), s1.dim(0), s2.dim(0), out.dim(0)};
  // Constant shapes (a model that folding could not reduce) are checked now rather than at run time.
  if (s1.is_constant() && s2.is_constant()) {
    std::vector<uint8_t> scratch(static_cast<size_t>(out.num_bytes()) + 8);
    if (mf_broadcast_args(&p, s1.data.data(), s2.data.data(), scratch.data()) != MF_STATUS_OK) {
      op_error(op, "the shapes " + ir::shape_to_string(constant_indices(g, op, 0, "shape")) + " and " +
                       ir::shape_to_string(constant_indices(g, op, 1, "shape")) + " do not broadcast",
               "each pair of entries must be equal or contain a 1; fix the model");
    }
  }
  return std::make_unique<BroadcastArgs>(p);
}

}  // namespace mcuforge::ops
