// SPDX-License-Identifier: Apache-2.0
// The indexing family, one file: ARG_MAX / ARG_MIN, GATHER, GATHER_ND, EMBEDDING_LOOKUP and CUMSUM
// (TFLM's arg_min_max.cc, gather.cc, gather_nd.cc, embedding_lookup.cc, cumsum.cc). Kernels:
// runtime/include/mcuforge/mf_index.h. A table (kIndexDtypes) says which element types each op runs;
// the ones TFLM runs are checked against the tflite-micro package, the others (int64 indices, int16 /
// int32 values) against TensorFlow Lite's reference interpreter (tests/oracle/gen_index.py).
// Indices read at run time are checked by the kernels: one out of range makes them return
// MF_STATUS_BAD_INPUT (generated code returns it from invoke), and the host run names the index.
// The prepare_<stem> functions of ops.def are at the end.
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <variant>

#include "c99/c_literals.h"
#include "diagnostics/error.h"
#include "mcuforge/mf_index.h"
#include "ops/call_writer.h"
#include "ops/conv_util.h"
#include "ops/data_move_util.h"
#include "ops/elementwise_util.h"
#include "ops/op.h"
#include "ops/quant_util.h"

namespace mcuforge::ops {
namespace {

using ir::DType;

// ---- what each op accepts ------------------------------------------------------------------------

struct IndexDtypes {
  ir::OpType type;
  std::array<DType, 4> values;  // the value (data) types, the first `count` entries
  size_t count;
  const char* names;  // for messages
};

constexpr std::array kIndexDtypes = {
    IndexDtypes{ir::OpType::ARG_MAX, {DType::kFloat32, DType::kInt8, DType::kInt32}, 3, "float32, int8 and int32"},
    IndexDtypes{ir::OpType::ARG_MIN, {DType::kFloat32, DType::kInt8, DType::kInt32}, 3, "float32, int8 and int32"},
    IndexDtypes{ir::OpType::GATHER,
                {DType::kFloat32, DType::kInt8, DType::kInt16, DType::kInt32},
                4,
                "float32, int8, int16 and int32"},
    IndexDtypes{ir::OpType::GATHER_ND,
                {DType::kFloat32, DType::kInt8, DType::kInt16, DType::kInt32},
                4,
                "float32, int8, int16 and int32"},
    IndexDtypes{ir::OpType::EMBEDDING_LOOKUP, {DType::kFloat32, DType::kInt8}, 2, "float32 and int8"},
    IndexDtypes{ir::OpType::CUMSUM, {DType::kFloat32, DType::kInt8, DType::kInt32}, 3, "float32, int8 and int32"},
};

void require_value_dtype(const ir::Graph& g, const ir::Op& op, const ir::Tensor& t, const std::string& role) {
  for (const IndexDtypes& row : kIndexDtypes) {
    if (row.type != op.type) continue;
    for (size_t k = 0; k < row.count; ++k)
      if (row.values[k] == t.dtype) return;
    op_error(op,
             role + " has type " + std::string(ir::dtype_name(t.dtype)) + " (" + dtype_signature(g, op) +
                 "): mcuforge runs " + op.name + " with " + row.names + " values",
             "convert the model to one of those types");
  }
  throw std::logic_error("internal error: op type is not in the index family");
}

// int32 indices (what TFLM reads) or int64 ones (TensorFlow Lite); returns the bytes of one.
int32_t index_bytes(const ir::Op& op, const ir::Tensor& t, const std::string& role) {
  if (t.dtype == DType::kInt32) return 4;
  if (t.dtype == DType::kInt64) return 8;
  op_error(op, role + " '" + t.name + "' has type " + std::string(ir::dtype_name(t.dtype)),
           "indices must be int32 (or int64); re-export the model");
}

int64_t product(const std::vector<int32_t>& s, size_t begin, size_t end) { return dims_product(s, begin, end); }

int32_t to_i32(const ir::Op& op, int64_t v, const std::string& what) {
  if (v > INT32_MAX) op_error(op, what + " has " + std::to_string(v) + " elements, more than the kernels count");
  return static_cast<int32_t>(v);
}

void require_output_shape(const ir::Op& op, const ir::Tensor& out, const std::vector<int32_t>& expected,
                          const std::string& why) {
  if (out.shape != expected) {
    op_error(op, "output shape " + ir::shape_to_string(out.shape) + " should be " + ir::shape_to_string(expected) +
                     " (" + why + ")",
             "the model is inconsistent; re-export it");
  }
}

// The one value of a constant axis tensor (ARG_MAX, CUMSUM), normalized against `rank`.
int32_t constant_axis(const ir::Graph& g, const ir::Op& op, int32_t rank) {
  const std::vector<int32_t> axis = constant_indices(g, op, 1, "axis");
  if (axis.size() != 1) {
    op_error(op, "the axis tensor holds " + std::to_string(axis.size()) + " values; it must hold exactly one",
             "re-export the model with a single axis");
  }
  return normalize_axis(op, axis[0], rank, "axis");
}

// Index value k of a run-time index buffer (int32 or int64).
int64_t index_at(const void* indices, int32_t bytes, size_t k) {
  if (bytes == 4) return static_cast<const int32_t*>(indices)[k];
  return static_cast<const int64_t*>(indices)[k];
}

// The host's report of a run-time index out of range (the kernel found it and wrote nothing past it).
[[noreturn]] void bad_index(const std::string& where, size_t position, int64_t value, int64_t limit) {
  throw Error(where + ": index " + std::to_string(value) + " (element " + std::to_string(position) +
                  " of the indices) is outside [0, " + std::to_string(limit) + ")",
              "TFLM fails this invoke too; the generated code returns MF_STATUS_BAD_INPUT (2) from invoke. Feed "
              "indices within the indexed dimension");
}

std::string op_where(const ir::Op& op) { return "op " + std::to_string(op.index) + " (" + op.name + ")"; }

// ---- ARG_MAX / ARG_MIN ---------------------------------------------------------------------------

class ArgMinMax : public PreparedOp {
 public:
  ArgMinMax(const mf_arg_minmax_params& p, DType dtype) : p_(p), dtype_(dtype) {}
  void run(const OpBuffers& b) const override {
    mf_status s;
    if (dtype_ == DType::kFloat32) {
      s = mf_arg_minmax_f32(&p_, static_cast<const float*>(b.inputs[0]), b.outputs[0]);
    } else if (dtype_ == DType::kInt8) {
      s = mf_arg_minmax_s8(&p_, static_cast<const int8_t*>(b.inputs[0]), b.outputs[0]);
    } else {
      s = mf_arg_minmax_s32(&p_, static_cast<const int32_t*>(b.inputs[0]), b.outputs[0]);
    }
    check_status(s, kernel_name().c_str());
  }
  std::string kernel_name() const override {
    return dtype_ == DType::kFloat32 ? "mf_arg_minmax_f32" : dtype_ == DType::kInt8 ? "mf_arg_minmax_s8" : "mf_arg_minmax_s32";
  }
  void emit(CallWriter& ctx) const override {
    const std::string params =
        ctx.constant("mf_arg_minmax_params", "params",
                     fmt::format("{{{}, {}, {}, {}, {}}}", p_.outer, p_.axis_size, p_.inner, p_.is_max, p_.output_bytes));
    ctx.call(kernel_name(), {address_of(params), ctx.input(0), ctx.output(0)});
  }

 private:
  mf_arg_minmax_params p_;
  DType dtype_;
};

std::unique_ptr<PreparedOp> prepare_arg_min_max(const ir::Graph& g, const ir::Op& op) {
  require_operands(op, 2, 1);
  const ir::Tensor& in = g.tensor(op.inputs[0]);
  const ir::Tensor& out = g.op_output(op, 0);
  require_value_dtype(g, op, in, "the input");
  if (out.dtype != DType::kInt32 && out.dtype != DType::kInt64) {
    op_error(op, "the output has type " + std::string(ir::dtype_name(out.dtype)), "the output must be int32 or int64");
  }
  if (const auto* o = std::get_if<ir::ArgMinMaxOptions>(&op.options)) {
    // FLOAT32 is how the format spells an absent output_type.
    if (o->output_type && *o->output_type != DType::kFloat32 && *o->output_type != out.dtype) {
      op_error(op, "output_type says " + std::string(ir::dtype_name(*o->output_type)) + " but the output is " +
                       std::string(ir::dtype_name(out.dtype)));
    }
  }
  if (in.rank() < 1) op_error(op, "the input is a scalar", "ARG_MAX / ARG_MIN need an input of rank 1 or more");
  if (in.num_elements() == 0) op_error(op, "the input '" + in.name + "' has no elements");
  const int32_t axis = constant_axis(g, op, in.rank());
  std::vector<int32_t> expected = in.shape;
  expected.erase(expected.begin() + axis);
  require_output_shape(op, out, expected, "the input without the axis");
  mf_arg_minmax_params p{};
  p.outer = to_i32(op, product(in.shape, 0, static_cast<size_t>(axis)), "the input");
  p.axis_size = in.dim(axis);
  p.inner = to_i32(op, product(in.shape, static_cast<size_t>(axis) + 1, in.shape.size()), "the input");
  p.is_max = op.type == ir::OpType::ARG_MAX ? 1 : 0;
  p.output_bytes = out.dtype == DType::kInt32 ? 4 : 8;
  return std::make_unique<ArgMinMax>(p, in.dtype);
}

// ---- GATHER (and EMBEDDING_LOOKUP's copy) --------------------------------------------------------

class Gather : public PreparedOp {
 public:
  Gather(const mf_gather_params& p, std::string where, size_t values_input, size_t indices_input)
      : p_(p), where_(std::move(where)), values_(values_input), indices_(indices_input) {}
  void run(const OpBuffers& b) const override {
    const mf_status s = mf_gather(&p_, b.inputs[values_], b.inputs[indices_], b.outputs[0]);
    if (s == MF_STATUS_BAD_INPUT) {
      const size_t n = static_cast<size_t>(p_.batch) * static_cast<size_t>(p_.coords);
      for (size_t k = 0; k < n; ++k) {
        const int64_t v = index_at(b.inputs[indices_], p_.index_bytes, k);
        if (v < 0 || v >= p_.axis_size) bad_index(where_, k, v, p_.axis_size);
      }
    }
    check_status(s, "mf_gather");
  }
  std::string kernel_name() const override { return "mf_gather"; }
  void emit(CallWriter& ctx) const override {
    const std::string params = ctx.constant(
        "mf_gather_params", "params",
        fmt::format("{{{}, {}, {}, {}, {}, {}, {}}}", p_.element_bytes, p_.batch, p_.outer, p_.axis_size, p_.coords,
                    p_.inner, p_.index_bytes));
    ctx.call("mf_gather", {address_of(params), ctx.input(values_), ctx.input(indices_), ctx.output(0)});
  }

 private:
  mf_gather_params p_;
  std::string where_;
  size_t values_, indices_;
};

// A constant index tensor is checked here, in the model's own words, rather than at run time: element i
// must lie in [0, limit(i)).
template <typename Limit>
void check_constant_indices(const ir::Graph& g, const ir::Op& op, size_t k, Limit limit) {
  const ir::Tensor& t = g.tensor(op.inputs[k]);
  if (!t.is_constant()) return;
  const size_t n = static_cast<size_t>(t.num_elements());
  for (size_t i = 0; i < n; ++i) {
    int64_t v;
    if (t.dtype == DType::kInt64) {
      std::memcpy(&v, t.data.data() + i * 8, 8);
    } else {
      int32_t x;
      std::memcpy(&x, t.data.data() + i * 4, 4);
      v = x;
    }
    const int64_t bound = limit(i);
    if (v < 0 || v >= bound) {
      op_error(op, "the constant indices '" + t.name + "' hold " + std::to_string(v) + " (element " +
                       std::to_string(i) + "), outside [0, " + std::to_string(bound) + ")",
               "TFLM fails on this model too; fix the indices");
    }
  }
}

std::unique_ptr<PreparedOp> prepare_gather_op(const ir::Graph& g, const ir::Op& op) {
  require_operands(op, 2, 1);
  const ir::Tensor& in = g.tensor(op.inputs[0]);
  const ir::Tensor& idx = g.tensor(op.inputs[1]);
  const ir::Tensor& out = g.op_output(op, 0);
  require_value_dtype(g, op, in, "the input");
  require_same_type(op, in, out, "the input");
  const int32_t ibytes = index_bytes(op, idx, "the indices");
  const auto* o = std::get_if<ir::GatherOptions>(&op.options);
  const ir::GatherOptions opts = o ? *o : ir::GatherOptions{};
  const int32_t rank = in.rank(), irank = idx.rank();
  if (rank < 1) op_error(op, "the input is a scalar", "GATHER needs an input of rank 1 or more");
  const int32_t axis = normalize_axis(op, opts.axis, rank, "axis");
  int32_t batch_dims = opts.batch_dims < 0 ? opts.batch_dims + irank : opts.batch_dims;
  if (batch_dims < 0 || batch_dims > irank || batch_dims >= rank || batch_dims > axis) {
    op_error(op,
             "batch_dims " + std::to_string(opts.batch_dims) + " is not in [0, min(axis " + std::to_string(axis) +
                 ", indices rank " + std::to_string(irank) + ")] (negative values count from the indices' rank)",
             "the model is inconsistent; re-export it");
  }
  for (int32_t d = 0; d < batch_dims; ++d) {
    if (in.dim(d) != idx.dim(d)) {
      op_error(op, "batch dimension " + std::to_string(d) + " differs between the input " +
                       ir::shape_to_string(in.shape) + " and the indices " + ir::shape_to_string(idx.shape));
    }
  }
  std::vector<int32_t> expected(in.shape.begin(), in.shape.begin() + axis);
  expected.insert(expected.end(), idx.shape.begin() + batch_dims, idx.shape.end());
  expected.insert(expected.end(), in.shape.begin() + axis + 1, in.shape.end());
  require_output_shape(op, out, expected, "input[:axis] + indices[batch_dims:] + input[axis+1:]");
  check_constant_indices(g, op, 1, [&](size_t) { return int64_t{in.dim(axis)}; });
  mf_gather_params p{};
  p.element_bytes = movable_element_bytes(op, in, "the input");
  p.batch = to_i32(op, product(in.shape, 0, static_cast<size_t>(batch_dims)), "the input");
  p.outer = to_i32(op, product(in.shape, static_cast<size_t>(batch_dims), static_cast<size_t>(axis)), "the input");
  p.axis_size = in.dim(axis);
  p.coords = to_i32(op, product(idx.shape, static_cast<size_t>(batch_dims), idx.shape.size()), "the indices");
  p.inner = to_i32(op, product(in.shape, static_cast<size_t>(axis) + 1, in.shape.size()), "the input");
  p.index_bytes = ibytes;
  return std::make_unique<Gather>(p, op_where(op), 0, 1);
}

// ---- GATHER_ND -----------------------------------------------------------------------------------

class GatherNd : public PreparedOp {
 public:
  GatherNd(const mf_gather_nd_params& p, std::string where) : p_(p), where_(std::move(where)) {}
  void run(const OpBuffers& b) const override {
    const mf_status s = mf_gather_nd(&p_, b.inputs[0], b.inputs[1], b.outputs[0]);
    if (s == MF_STATUS_BAD_INPUT) {
      for (size_t k = 0; k < static_cast<size_t>(p_.slices) * static_cast<size_t>(p_.depth); ++k) {
        const int64_t v = index_at(b.inputs[1], p_.index_bytes, k);
        const int32_t limit = p_.dims[k % static_cast<size_t>(p_.depth)];
        if (v < 0 || v >= limit) bad_index(where_, k, v, limit);
      }
    }
    check_status(s, "mf_gather_nd");
  }
  std::string kernel_name() const override { return "mf_gather_nd"; }
  void emit(CallWriter& ctx) const override {
    constexpr size_t n = MF_GATHER_ND_MAX_DEPTH;
    const std::string params =
        ctx.constant("mf_gather_nd_params", "params",
                     fmt::format("{{{}, {}, {}, {}, {}, {}}}", p_.slice_bytes, p_.slices, p_.depth, p_.index_bytes,
                                 int_list(p_.dims, n), int_list(p_.stride, n)));
    ctx.call("mf_gather_nd", {address_of(params), ctx.input(0), ctx.input(1), ctx.output(0)});
  }

 private:
  mf_gather_nd_params p_;
  std::string where_;
};

std::unique_ptr<PreparedOp> prepare_gather_nd_op(const ir::Graph& g, const ir::Op& op) {
  require_operands(op, 2, 1);
  const ir::Tensor& in = g.tensor(op.inputs[0]);
  const ir::Tensor& idx = g.tensor(op.inputs[1]);
  const ir::Tensor& out = g.op_output(op, 0);
  require_value_dtype(g, op, in, "the params");
  require_same_type(op, in, out, "the params");
  const int32_t ibytes = index_bytes(op, idx, "the indices");
  if (in.rank() < 1 || idx.rank() < 1) {
    op_error(op, "params and indices must be at least vectors (shapes " + ir::shape_to_string(in.shape) + ", " +
                     ir::shape_to_string(idx.shape) + ")");
  }
  const int32_t depth = idx.shape.back();
  if (depth > in.rank() || depth > MF_GATHER_ND_MAX_DEPTH) {
    op_error(op, "the indices' last dimension " + std::to_string(depth) + " exceeds the params' rank " +
                     std::to_string(in.rank()) + " or " + std::to_string(MF_GATHER_ND_MAX_DEPTH) + " (TFLM's limit)",
             "the model is inconsistent or beyond TFLM; re-export it");
  }
  std::vector<int32_t> expected(idx.shape.begin(), idx.shape.end() - 1);
  expected.insert(expected.end(), in.shape.begin() + depth, in.shape.end());
  require_output_shape(op, out, expected, "indices[:-1] + params[indices.shape[-1]:]");
  const int32_t elem = movable_element_bytes(op, in, "the params");
  mf_gather_nd_params p{};
  p.slice_bytes = to_i32(op, product(in.shape, static_cast<size_t>(depth), in.shape.size()) * elem, "a slice");
  p.slices = to_i32(op, product(idx.shape, 0, idx.shape.size() - 1), "the indices");
  p.depth = depth;
  p.index_bytes = ibytes;
  for (int32_t j = 0; j < depth; ++j) {
    p.dims[j] = in.dim(j);
    p.stride[j] = to_i32(op, product(in.shape, static_cast<size_t>(j) + 1, static_cast<size_t>(depth)), "the params");
  }
  // Entry j of every index tuple against dimension j.
  check_constant_indices(g, op, 1, [&](size_t i) { return int64_t{p.dims[i % static_cast<size_t>(depth)]}; });
  return std::make_unique<GatherNd>(p, op_where(op));
}

// ---- EMBEDDING_LOOKUP ----------------------------------------------------------------------------

class EmbeddingLookupDequantize : public PreparedOp {
 public:
  EmbeddingLookupDequantize(const mf_embedding_lookup_params& p, std::string where) : p_(p), where_(std::move(where)) {}
  void run(const OpBuffers& b) const override {
    const auto* lookup = static_cast<const int32_t*>(b.inputs[0]);
    const mf_status s =
        mf_embedding_lookup_s8_f32(&p_, lookup, static_cast<const int8_t*>(b.inputs[1]), static_cast<float*>(b.outputs[0]));
    if (s == MF_STATUS_BAD_INPUT) {
      for (int32_t k = 0; k < p_.lookups; ++k)
        if (lookup[k] < 0 || lookup[k] >= p_.rows) bad_index(where_, static_cast<size_t>(k), lookup[k], p_.rows);
    }
    check_status(s, "mf_embedding_lookup_s8_f32");
  }
  std::string kernel_name() const override { return "mf_embedding_lookup_s8_f32"; }
  void emit(CallWriter& ctx) const override {
    const std::string params =
        ctx.constant("mf_embedding_lookup_params", "params",
                     fmt::format("{{{}, {}, {}, {}}}", p_.rows, p_.columns, p_.lookups, c99::float_literal(p_.scale)));
    ctx.call("mf_embedding_lookup_s8_f32", {address_of(params), ctx.input(0), ctx.input(1), ctx.output(0)});
  }

 private:
  mf_embedding_lookup_params p_;
  std::string where_;
};

std::unique_ptr<PreparedOp> prepare_embedding_lookup_op(const ir::Graph& g, const ir::Op& op) {
  require_operands(op, 2, 1);
  const ir::Tensor& lookup = g.tensor(op.inputs[0]);
  const ir::Tensor& value = g.tensor(op.inputs[1]);
  const ir::Tensor& out = g.op_output(op, 0);
  if (lookup.dtype != DType::kInt32 || lookup.rank() != 1) {
    op_error(op, "the lookup tensor '" + lookup.name + "' is " + std::string(ir::dtype_name(lookup.dtype)) + " " +
                     ir::shape_to_string(lookup.shape),
             "TFLM's EMBEDDING_LOOKUP takes a 1-D int32 lookup tensor");
  }
  require_value_dtype(g, op, value, "the value table");
  if (value.rank() < 2) op_error(op, "the value table has rank " + std::to_string(value.rank()) + "; it needs 2 or more");
  std::vector<int32_t> expected = value.shape;
  expected[0] = lookup.dim(0);
  require_output_shape(op, out, expected, "[lookups] + value.shape[1:]");
  check_constant_indices(g, op, 0, [&](size_t) { return int64_t{value.dim(0)}; });
  const int32_t columns = to_i32(op, product(value.shape, 1, value.shape.size()), "a row");
  if (value.dtype == DType::kInt8 && out.dtype == DType::kFloat32) {
    if (value.quant.scale.size() != 1 || value.quant.zero_point.size() != 1) {
      op_error(op, "the int8 value table needs one (per-tensor) scale and zero point",
               "TFLM dequantizes it with a single scale; re-quantize the table per tensor");
    }
    if (value.quant.zero_point[0] != 0) {
      op_error(op, "the int8 value table has zero point " + std::to_string(value.quant.zero_point[0]),
               "TFLM requires a symmetric table (zero point 0) when it dequantizes to float32");
    }
    mf_embedding_lookup_params p{value.dim(0), columns, lookup.dim(0), value.quant.scale[0]};
    return std::make_unique<EmbeddingLookupDequantize>(p, op_where(op));
  }
  require_same_type(op, value, out, "the value table");
  mf_gather_params p{};
  p.element_bytes = movable_element_bytes(op, value, "the value table");
  p.batch = p.outer = 1;
  p.axis_size = value.dim(0);
  p.coords = lookup.dim(0);
  p.inner = columns;
  p.index_bytes = 4;
  return std::make_unique<Gather>(p, op_where(op), 1, 0);
}

// ---- CUMSUM --------------------------------------------------------------------------------------

std::string cumsum_shape(const mf_cumsum_shape& s) {
  return fmt::format("{{{}, {}, {}, {}, {}}}", s.before, s.depth, s.after, s.exclusive, s.reverse);
}

// float32 and int32: plain running sums.
class CumsumPlain : public PreparedOp {
 public:
  CumsumPlain(const mf_cumsum_shape& s, bool f32) : s_(s), f32_(f32) {}
  void run(const OpBuffers& b) const override {
    if (f32_) {
      check_status(mf_cumsum_f32(&s_, static_cast<const float*>(b.inputs[0]), static_cast<float*>(b.outputs[0])),
                   "mf_cumsum_f32");
    } else {
      check_status(
          mf_cumsum_s32(&s_, static_cast<const int32_t*>(b.inputs[0]), static_cast<int32_t*>(b.outputs[0])),
          "mf_cumsum_s32");
    }
  }
  std::string kernel_name() const override { return f32_ ? "mf_cumsum_f32" : "mf_cumsum_s32"; }
  void emit(CallWriter& ctx) const override {
    const std::string params = ctx.constant("mf_cumsum_shape", "params", cumsum_shape(s_));
    ctx.call(kernel_name(), {address_of(params), ctx.input(0), ctx.output(0)});
  }
  // Each element is read before its output is written.
  int32_t inplace_input() const override { return 0; }

 private:
  mf_cumsum_shape s_;
  bool f32_;
};

class CumsumS8 : public PreparedOp {
 public:
  explicit CumsumS8(const mf_cumsum_s8_params& p) : p_(p) {}
  void run(const OpBuffers& b) const override {
    check_status(mf_cumsum_s8(&p_, static_cast<const int8_t*>(b.inputs[0]), static_cast<int8_t*>(b.outputs[0])),
                 "mf_cumsum_s8");
  }
  std::string kernel_name() const override { return "mf_cumsum_s8"; }
  void emit(CallWriter& ctx) const override {
    const std::string params = ctx.constant(
        "mf_cumsum_s8_params", "params",
        fmt::format("{{{}, {}, {}, {}, {}, {}}}", cumsum_shape(p_.shape), p_.input_zero_point, p_.output_zero_point,
                    p_.left_shift, CallWriter::requant(p_.input), CallWriter::requant(p_.output)));
    ctx.call("mf_cumsum_s8", {address_of(params), ctx.input(0), ctx.output(0)});
  }
  int32_t inplace_input() const override { return 0; }

 private:
  mf_cumsum_s8_params p_;
};

// TFLM's QuantizeMultiplierSmallerThanOneExp: the multiplier must lie in (0, 1).
mf_requant multiplier_below_one(const ir::Op& op, double m, const std::string& what) {
  if (!(m > 0.0 && m < 1.0)) {
    op_error(op, what + " " + fmt::format("{}", m) + " is not in (0, 1)",
             "TFLM's int8 CUMSUM aborts on this quantization: the output scale must exceed the input scale / 2^19");
  }
  return quantize_multiplier(m);
}

std::unique_ptr<PreparedOp> prepare_cumsum_op(const ir::Graph& g, const ir::Op& op) {
  require_operands(op, 2, 1);
  const ir::Tensor& in = g.tensor(op.inputs[0]);
  const ir::Tensor& out = g.op_output(op, 0);
  require_value_dtype(g, op, in, "the input");
  if (out.dtype != in.dtype) op_error(op, "the output type differs from the input's (" + dtype_signature(g, op) + ")");
  if (g.tensor(op.inputs[1]).dtype != DType::kInt32) {
    op_error(op, "the axis tensor is " + std::string(ir::dtype_name(g.tensor(op.inputs[1]).dtype)),
             "CUMSUM takes an int32 axis (TFLM and TensorFlow Lite)");
  }
  if (in.rank() < 1) op_error(op, "the input is a scalar", "CUMSUM needs an input of rank 1 or more");
  const int32_t axis = constant_axis(g, op, in.rank());
  require_output_shape(op, out, in.shape, "the input's");
  const auto* o = std::get_if<ir::CumsumOptions>(&op.options);
  mf_cumsum_shape s{};
  s.before = to_i32(op, product(in.shape, 0, static_cast<size_t>(axis)), "the input");
  s.depth = in.dim(axis);
  s.after = to_i32(op, product(in.shape, static_cast<size_t>(axis) + 1, in.shape.size()), "the input");
  s.exclusive = o && o->exclusive ? 1 : 0;
  s.reverse = o && o->reverse ? 1 : 0;
  if (in.dtype != DType::kInt8) return std::make_unique<CumsumPlain>(s, in.dtype == DType::kFloat32);
  check_per_tensor_quant(op, in, "input");
  check_per_tensor_quant(op, out, "output");
  // TFLM's quantized path (cumsum.cc): inputs shifted left by 20 and halved, sums scaled by
  // 2 * s_in / (2^20 * s_out).
  constexpr int32_t kLeftShift = 20;
  const double twice_in = 2.0 * scale_of(in);
  mf_cumsum_s8_params p{};
  p.shape = s;
  p.input_zero_point = zero_point_of(in);
  p.output_zero_point = zero_point_of(out);
  p.left_shift = kLeftShift;
  p.input = multiplier_below_one(op, scale_of(in) / twice_in, "the input multiplier");
  p.output = multiplier_below_one(op, twice_in / ((1 << kLeftShift) * scale_of(out)), "the output multiplier");
  return std::make_unique<CumsumS8>(p);
}

}  // namespace

std::unique_ptr<PreparedOp> prepare_arg_max(const ir::Graph& g, const ir::Op& op) { return prepare_arg_min_max(g, op); }
std::unique_ptr<PreparedOp> prepare_arg_min(const ir::Graph& g, const ir::Op& op) { return prepare_arg_min_max(g, op); }
std::unique_ptr<PreparedOp> prepare_gather(const ir::Graph& g, const ir::Op& op) { return prepare_gather_op(g, op); }
std::unique_ptr<PreparedOp> prepare_gather_nd(const ir::Graph& g, const ir::Op& op) { return prepare_gather_nd_op(g, op); }
std::unique_ptr<PreparedOp> prepare_embedding_lookup(const ir::Graph& g, const ir::Op& op) {
  return prepare_embedding_lookup_op(g, op);
}
std::unique_ptr<PreparedOp> prepare_cumsum(const ir::Graph& g, const ir::Op& op) { return prepare_cumsum_op(g, op); }

}  // namespace mcuforge::ops
