// SPDX-License-Identifier: Apache-2.0
// The logical family: LOGICAL_AND and LOGICAL_OR (bool, TFLite broadcasting; one kernel with an
// mf_logical_op) and SELECT_V2 (a bool condition choosing between x and y, all three broadcast to the
// output; values copied raw, so quantized x, y and output must share one quantization). SELECT_V2
// takes float32, int8 and int16 as TFLM, and int32, checked against TensorFlow Lite.
#include <fmt/format.h>

#include <algorithm>

#include "mcuforge/mf_compare.h"
#include "ops/arith_util.h"
#include "ops/call_writer.h"
#include "ops/conv_util.h"
#include "ops/elementwise_util.h"
#include "ops/op.h"

namespace mcuforge::ops {
namespace {

struct LogicalRow {
  const char* name;
  mf_logical_op op;
  const char* op_enum;
};

constexpr LogicalRow kLogicalAnd = {"LOGICAL_AND", MF_LOGICAL_AND, "MF_LOGICAL_AND"};
constexpr LogicalRow kLogicalOr = {"LOGICAL_OR", MF_LOGICAL_OR, "MF_LOGICAL_OR"};

class LogicalOp : public BinaryArithOp {
 public:
  LogicalOp(const LogicalRow& row, const mf_logical_params& p, int32_t inplace)
      : BinaryArithOp("mf_logical_bool", inplace), row_(row), p_(p) {}

 protected:
  mf_status call(const void* x, const void* y, void* out) const override {
    return mf_logical_bool(&p_, static_cast<const uint8_t*>(x), static_cast<const uint8_t*>(y),
                           static_cast<uint8_t*>(out));
  }
  std::string emit_params(CallWriter& ctx) const override {
    return ctx.constant("mf_logical_params", "params",
                        fmt::format("{{{}, {}}}", bcast_initializer(p_.shape), row_.op_enum));
  }

 private:
  const LogicalRow& row_;
  mf_logical_params p_;
};

std::unique_ptr<PreparedOp> prepare_logical(const ir::Graph& g, const ir::Op& op, const LogicalRow& row) {
  ew_require_operands(op, 2, 1);
  const ir::Tensor& a = ew_input(g, op, 0);
  const ir::Tensor& b = ew_input(g, op, 1);
  const ir::Tensor& out = g.op_output(op, 0);
  if (a.dtype != ir::DType::kBool || b.dtype != ir::DType::kBool || out.dtype != ir::DType::kBool) {
    op_error(op, "element type combination " + dtype_signature(g, op) + " is not supported",
             std::string(row.name) + " takes and produces bool tensors");
  }
  const mf_bcast shape = make_bcast(op, a, b, out);
  return std::make_unique<LogicalOp>(row, mf_logical_params{shape, row.op}, bcast_inplace_input(shape, a, b, out));
}

// Right-aligned extents of `t` in MF_BCAST_DIMS dimensions.
std::vector<int64_t> padded_dims(const ir::Tensor& t) {
  std::vector<int64_t> d(MF_BCAST_DIMS, 1);
  for (int i = 0; i < t.rank(); ++i) d[static_cast<size_t>(MF_BCAST_DIMS - t.rank() + i)] = t.dim(i);
  return d;
}

// Element strides of `t` along the output's dimensions (0 where `t` is broadcast).
void broadcast_strides(const ir::Tensor& t, int32_t* stride) {
  const std::vector<int64_t> d = padded_dims(t);
  int64_t s = 1;
  for (int i = MF_BCAST_DIMS - 1; i >= 0; --i) {
    const size_t k = static_cast<size_t>(i);
    stride[i] = d[k] == 1 ? 0 : static_cast<int32_t>(s);
    s *= d[k];
  }
}

class SelectOp : public PreparedOp {
 public:
  SelectOp(const mf_select_params& p, int32_t inplace) : p_(p), inplace_(inplace) {}
  void run(const OpBuffers& b) const override {
    check_status(mf_select(&p_, static_cast<const uint8_t*>(b.inputs[0]), b.inputs[1], b.inputs[2], b.outputs[0]),
                 "mf_select");
  }
  std::string kernel_name() const override { return "mf_select"; }
  int32_t inplace_input() const override { return inplace_; }
  void emit(CallWriter& ctx) const override {
    std::string cond;
    for (int d = 0; d < MF_BCAST_DIMS; ++d) cond += fmt::format("{}{}", d ? ", " : "", p_.cond_stride[d]);
    const std::string params = ctx.constant(
        "mf_select_params", "params", fmt::format("{{{}, {{{}}}, {}}}", bcast_initializer(p_.shape), cond, p_.elem_size));
    ctx.call("mf_select", {address_of(params), ctx.input(0), ctx.input(1), ctx.input(2), ctx.output(0)});
  }

 private:
  mf_select_params p_;
  int32_t inplace_;
};

// The output shape of SELECT_V2: the broadcast of all three inputs (every dimension equal or 1).
std::vector<int32_t> select_shape(const ir::Op& op, const ir::Tensor& c, const ir::Tensor& x, const ir::Tensor& y) {
  const int rank = std::max({c.rank(), x.rank(), y.rank()});
  if (rank > MF_BCAST_DIMS) {
    op_error(op, fmt::format("inputs of rank {} exceed the supported {} dimensions", rank, MF_BCAST_DIMS));
  }
  const std::vector<int64_t> dc = padded_dims(c), dx = padded_dims(x), dy = padded_dims(y);
  std::vector<int32_t> shape;
  for (int i = MF_BCAST_DIMS - rank; i < MF_BCAST_DIMS; ++i) {
    const size_t k = static_cast<size_t>(i);
    const int64_t o = std::max({dc[k], dx[k], dy[k]});
    for (int64_t d : {dc[k], dx[k], dy[k]}) {
      if (d != o && d != 1) {
        op_error(op, "condition " + ir::shape_to_string(c.shape) + ", x " + ir::shape_to_string(x.shape) + " and y " +
                         ir::shape_to_string(y.shape) + " cannot be broadcast together",
                 "each dimension (aligned from the right) must be equal or 1 in every input");
      }
    }
    shape.push_back(static_cast<int32_t>(o));
  }
  return shape;
}

}  // namespace

std::unique_ptr<PreparedOp> prepare_logical_and(const ir::Graph& g, const ir::Op& op) {
  return prepare_logical(g, op, kLogicalAnd);
}
std::unique_ptr<PreparedOp> prepare_logical_or(const ir::Graph& g, const ir::Op& op) {
  return prepare_logical(g, op, kLogicalOr);
}

std::unique_ptr<PreparedOp> prepare_select_v2(const ir::Graph& g, const ir::Op& op) {
  ew_require_operands(op, 3, 1);
  const ir::Tensor& c = ew_input(g, op, 0);
  const ir::Tensor& x = ew_input(g, op, 1);
  const ir::Tensor& y = ew_input(g, op, 2);
  const ir::Tensor& out = g.op_output(op, 0);
  if (c.dtype != ir::DType::kBool) {
    op_error(op, "the condition is " + std::string(ir::dtype_name(c.dtype)) + ", expected bool",
             "SELECT_V2's first input must be a bool tensor");
  }
  if (x.dtype != y.dtype || x.dtype != out.dtype) {
    op_error(op, "x, y and the output have different element types (" + dtype_signature(g, op) + ")",
             "SELECT_V2 needs one element type for x, y and the output");
  }
  int32_t elem_size = 0;
  switch (out.dtype) {
    case ir::DType::kInt8: elem_size = 1; break;
    case ir::DType::kInt16: elem_size = 2; break;
    case ir::DType::kInt32:
    case ir::DType::kFloat32: elem_size = 4; break;
    default:
      op_error(op, "element type combination " + dtype_signature(g, op) + " is not supported",
               "SELECT_V2 supports float32, int8, int16 and int32 values");
  }
  if (!ew_same_quant(x, out) || !ew_same_quant(y, out)) {
    op_error(op, "x, y and the output have different quantization, which SELECT_V2 cannot requantize",
             "give x and y the output's scale and zero point");
  }
  ew_count(op, c);
  ew_count(op, x);
  ew_count(op, y);
  const std::vector<int32_t> shape = select_shape(op, c, x, y);
  // TFLM keeps the model's output shape when every tensor holds one element.
  const bool all_single = c.num_elements() == 1 && x.num_elements() == 1 && y.num_elements() == 1 &&
                          out.num_elements() == 1;
  if (out.shape != shape && !all_single) {
    op_error(op, "output shape " + ir::shape_to_string(out.shape) + " is not the broadcast shape " +
                     ir::shape_to_string(shape) + " of the inputs");
  }
  mf_select_params p{};
  const std::vector<int64_t> dims = all_single ? std::vector<int64_t>(MF_BCAST_DIMS, 1) : [&] {
    ir::Tensor t;
    t.shape = shape;
    return padded_dims(t);
  }();
  for (int d = 0; d < MF_BCAST_DIMS; ++d) p.shape.dims[d] = static_cast<int32_t>(dims[static_cast<size_t>(d)]);
  broadcast_strides(x, p.shape.stride1);
  broadcast_strides(y, p.shape.stride2);
  broadcast_strides(c, p.cond_stride);
  p.elem_size = elem_size;
  int32_t inplace = bcast_inplace_input(p.shape, x, y, out);
  if (inplace >= 0) ++inplace;  // x and y are inputs 1 and 2
  return std::make_unique<SelectOp>(p, inplace);
}

}  // namespace mcuforge::ops
