// SPDX-License-Identifier: Apache-2.0
// The comparison family, table-driven: EQUAL, NOT_EQUAL, GREATER, GREATER_EQUAL, LESS, LESS_EQUAL
// (one row each) on one kernel per input element type with an mf_compare_op, bool output, TFLite
// broadcasting. Element types as TFLM's comparisons.cc: float32, int32, int64 and int8 for all, bool
// for EQUAL / NOT_EQUAL. Quantized inputs are rescaled as TFLM does (each by its own scale as a
// multiplier, after an 8-bit left shift) and the rescaled values compared, so the two inputs may have
// different quantizations. TFLM's GREATER also takes int16, but its prepare sets the rescaling
// parameters for int8 only, so its int16 result depends on leftover memory: mcuforge refuses int16.
#include <fmt/format.h>

#include "mcuforge/mf_compare.h"
#include "ops/arith_util.h"
#include "ops/binary_util.h"
#include "ops/call_writer.h"
#include "ops/elementwise_util.h"
#include "ops/op.h"
#include "ops/quant_util.h"

namespace mcuforge::ops {
namespace {

struct CompareRow {
  const char* name;  // "GREATER", for messages
  mf_compare_op op;
  const char* op_enum;  // its enumerator in generated code
  bool bool_inputs;
};

constexpr CompareRow kEqual = {"EQUAL", MF_COMPARE_EQUAL, "MF_COMPARE_EQUAL", true};
constexpr CompareRow kNotEqual = {"NOT_EQUAL", MF_COMPARE_NOT_EQUAL, "MF_COMPARE_NOT_EQUAL", true};
constexpr CompareRow kGreater = {"GREATER", MF_COMPARE_GREATER, "MF_COMPARE_GREATER", false};
constexpr CompareRow kGreaterEqual = {"GREATER_EQUAL", MF_COMPARE_GREATER_EQUAL, "MF_COMPARE_GREATER_EQUAL",
                                      false};
constexpr CompareRow kLess = {"LESS", MF_COMPARE_LESS, "MF_COMPARE_LESS", false};
constexpr CompareRow kLessEqual = {"LESS_EQUAL", MF_COMPARE_LESS_EQUAL, "MF_COMPARE_LESS_EQUAL", false};

// Raw-value comparisons: float32, int32, int64, bool.
class CompareRaw : public BinaryArithOp {
 public:
  CompareRaw(const CompareRow& row, ir::DType t, const mf_compare_params& p, int32_t inplace)
      : BinaryArithOp(kernel_for(t), inplace), row_(row), type_(t), p_(p) {}

  static const char* kernel_for(ir::DType t) {
    switch (t) {
      case ir::DType::kFloat32: return "mf_compare_f32";
      case ir::DType::kInt32: return "mf_compare_s32";
      case ir::DType::kInt64: return "mf_compare_s64";
      default: return "mf_compare_bool";
    }
  }

 protected:
  mf_status call(const void* x, const void* y, void* out) const override {
    auto* o = static_cast<uint8_t*>(out);
    switch (type_) {
      case ir::DType::kFloat32:
        return mf_compare_f32(&p_, static_cast<const float*>(x), static_cast<const float*>(y), o);
      case ir::DType::kInt32:
        return mf_compare_s32(&p_, static_cast<const int32_t*>(x), static_cast<const int32_t*>(y), o);
      case ir::DType::kInt64:
        return mf_compare_s64(&p_, static_cast<const int64_t*>(x), static_cast<const int64_t*>(y), o);
      default:
        return mf_compare_bool(&p_, static_cast<const uint8_t*>(x), static_cast<const uint8_t*>(y), o);
    }
  }
  std::string emit_params(CallWriter& ctx) const override {
    return ctx.constant("mf_compare_params", "params",
                        fmt::format("{{{}, {}}}", bcast_initializer(p_.shape), row_.op_enum));
  }

 private:
  const CompareRow& row_;
  ir::DType type_;
  mf_compare_params p_;
};

class CompareQuantized : public BinaryArithOp {
 public:
  CompareQuantized(const CompareRow& row, const mf_compare_q_params& p)
      : BinaryArithOp("mf_compare_s8", -1), row_(row), p_(p) {}

 protected:
  mf_status call(const void* x, const void* y, void* out) const override {
    return mf_compare_s8(&p_, static_cast<const int8_t*>(x), static_cast<const int8_t*>(y),
                         static_cast<uint8_t*>(out));
  }
  std::string emit_params(CallWriter& ctx) const override {
    return ctx.constant("mf_compare_q_params", "params",
                        fmt::format("{{{}, {}, {}, {}, {}, {}, {}}}", bcast_initializer(p_.shape), row_.op_enum,
                                    p_.left_shift, p_.in1_offset, p_.in2_offset, CallWriter::requant(p_.in1),
                                    CallWriter::requant(p_.in2)));
  }

 private:
  const CompareRow& row_;
  mf_compare_q_params p_;
};

std::unique_ptr<PreparedOp> prepare_compare(const ir::Graph& g, const ir::Op& op, const CompareRow& row) {
  const std::string name = row.name;
  ew_require_operands(op, 2, 1);
  const ir::Tensor& a = ew_input(g, op, 0);
  const ir::Tensor& b = ew_input(g, op, 1);
  const ir::Tensor& out = g.op_output(op, 0);
  if (a.dtype != b.dtype) {
    op_error(op, "the inputs have different element types (" + dtype_signature(g, op) + ")",
             name + " compares two inputs of one element type");
  }
  if (out.dtype != ir::DType::kBool) {
    op_error(op, "the output is " + std::string(ir::dtype_name(out.dtype)) + ", expected bool",
             name + " produces a bool tensor");
  }
  const mf_bcast shape = make_bcast(op, a, b, out);
  switch (a.dtype) {
    case ir::DType::kFloat32:
    case ir::DType::kInt32:
    case ir::DType::kInt64:
      return std::make_unique<CompareRaw>(row, a.dtype, mf_compare_params{shape, row.op}, -1);
    case ir::DType::kBool:
      if (!row.bool_inputs) break;
      return std::make_unique<CompareRaw>(row, a.dtype, mf_compare_params{shape, row.op},
                                          bcast_inplace_input(shape, a, b, out));
    case ir::DType::kInt8: {
      check_per_tensor_quant(op, a, "input 1");
      check_per_tensor_quant(op, b, "input 2");
      mf_compare_q_params p{};
      p.shape = shape;
      p.op = row.op;
      p.left_shift = 8;
      p.in1_offset = -zero_point_of(a);
      p.in2_offset = -zero_point_of(b);
      // TFLM turns each input's scale itself into a multiplier, which must be below 1.
      p.in1 = smaller_than_one(op, static_cast<double>(a.quant.scale[0]), "input 1 scale as", name);
      p.in2 = smaller_than_one(op, static_cast<double>(b.quant.scale[0]), "input 2 scale as", name);
      return std::make_unique<CompareQuantized>(row, p);
    }
    default:
      break;
  }
  op_error(op, "element type combination " + dtype_signature(g, op) + " is not supported",
           name + " supports float32, int32, int64, int8" + std::string(row.bool_inputs ? " and bool" : "") +
               " inputs (TFLM's int16 comparison leaves its rescaling parameters unset)");
}

}  // namespace

std::unique_ptr<PreparedOp> prepare_equal(const ir::Graph& g, const ir::Op& op) { return prepare_compare(g, op, kEqual); }
std::unique_ptr<PreparedOp> prepare_not_equal(const ir::Graph& g, const ir::Op& op) {
  return prepare_compare(g, op, kNotEqual);
}
std::unique_ptr<PreparedOp> prepare_greater(const ir::Graph& g, const ir::Op& op) {
  return prepare_compare(g, op, kGreater);
}
std::unique_ptr<PreparedOp> prepare_greater_equal(const ir::Graph& g, const ir::Op& op) {
  return prepare_compare(g, op, kGreaterEqual);
}
std::unique_ptr<PreparedOp> prepare_less(const ir::Graph& g, const ir::Op& op) { return prepare_compare(g, op, kLess); }
std::unique_ptr<PreparedOp> prepare_less_equal(const ir::Graph& g, const ir::Op& op) {
  return prepare_compare(g, op, kLessEqual);
}

}  // namespace mcuforge::ops
