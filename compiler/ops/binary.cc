// SPDX-License-Identifier: Apache-2.0
// The binary element-wise family, table-driven (one row per op, one kernel per element type with an
// mf_binary_op, as XNNPACK's binary operators): SUB (float32, int32, int8, int16, fused activation),
// SQUARED_DIFFERENCE (float32, int32, int8, int16), FLOOR_DIV and FLOOR_MOD (float32; int32 checked
// against TensorFlow Lite, TFLM has no int32 kernel), all with TFLite broadcasting; and ADD_N
// (float32, int8: N inputs of one shape). The quantized
// paths are TFLM's general rescaling (sub_common.cc, squared_difference.cc): both inputs brought to a
// common scale with headroom, combined, rescaled to the output.
#include <fmt/format.h>

#include <algorithm>
#include <variant>
#include <vector>

#include "mcuforge/mf_binary.h"
#include "ops/arith_util.h"
#include "ops/binary_util.h"
#include "ops/call_writer.h"
#include "ops/conv_util.h"
#include "ops/elementwise_util.h"
#include "ops/op.h"
#include "ops/quant_util.h"

namespace mcuforge::ops {
namespace {

// What one op of the family supports.
struct BinaryRow {
  const char* name;      // "SUB", for messages
  mf_binary_op op;
  const char* op_enum;   // its enumerator in generated code
  bool s32, s8, s16;     // float32 always
  bool fused_activation; // the op's options carry one (SubOptions)
};

constexpr BinaryRow kSub = {"SUB", MF_BINARY_SUB, "MF_BINARY_SUB", true, true, true, true};
constexpr BinaryRow kSquaredDifference = {"SQUARED_DIFFERENCE", MF_BINARY_SQUARED_DIFFERENCE,
                                          "MF_BINARY_SQUARED_DIFFERENCE", true, true, true, false};
constexpr BinaryRow kFloorDiv = {"FLOOR_DIV", MF_BINARY_FLOOR_DIV, "MF_BINARY_FLOOR_DIV", true, false, false, false};
constexpr BinaryRow kFloorMod = {"FLOOR_MOD", MF_BINARY_FLOOR_MOD, "MF_BINARY_FLOOR_MOD", true, false, false, false};

class BinaryF32 : public BinaryArithOp {
 public:
  BinaryF32(const BinaryRow& row, const mf_binary_f32_params& p, int32_t inplace)
      : BinaryArithOp("mf_binary_f32", inplace), row_(row), p_(p) {}

 protected:
  mf_status call(const void* x, const void* y, void* out) const override {
    return mf_binary_f32(&p_, static_cast<const float*>(x), static_cast<const float*>(y), static_cast<float*>(out));
  }
  std::string emit_params(CallWriter& ctx) const override {
    return ctx.constant("mf_binary_f32_params", "params",
                        fmt::format("{{{}, {}, {}}}", bcast_initializer(p_.shape), row_.op_enum,
                                    CallWriter::act_range_f32(p_.act)));
  }

 private:
  const BinaryRow& row_;
  mf_binary_f32_params p_;
};

class BinaryS32 : public BinaryArithOp {
 public:
  BinaryS32(const BinaryRow& row, const mf_binary_s32_params& p, int32_t inplace)
      : BinaryArithOp("mf_binary_s32", inplace), row_(row), p_(p) {}

 protected:
  mf_status call(const void* x, const void* y, void* out) const override {
    return mf_binary_s32(&p_, static_cast<const int32_t*>(x), static_cast<const int32_t*>(y),
                         static_cast<int32_t*>(out));
  }
  std::string emit_params(CallWriter& ctx) const override {
    return ctx.constant("mf_binary_s32_params", "params",
                        fmt::format("{{{}, {}, {}}}", bcast_initializer(p_.shape), row_.op_enum,
                                    act_range_initializer(p_.act)));
  }

 private:
  const BinaryRow& row_;
  mf_binary_s32_params p_;
};

class BinaryQuantized : public BinaryArithOp {
 public:
  BinaryQuantized(const BinaryRow& row, const mf_binary_q_params& p, bool s16, int32_t inplace)
      : BinaryArithOp(s16 ? "mf_binary_s16" : "mf_binary_s8", inplace), row_(row), p_(p), s16_(s16) {}

 protected:
  mf_status call(const void* x, const void* y, void* out) const override {
    if (s16_) {
      return mf_binary_s16(&p_, static_cast<const int16_t*>(x), static_cast<const int16_t*>(y),
                           static_cast<int16_t*>(out));
    }
    return mf_binary_s8(&p_, static_cast<const int8_t*>(x), static_cast<const int8_t*>(y), static_cast<int8_t*>(out));
  }
  std::string emit_params(CallWriter& ctx) const override {
    return ctx.constant(
        "mf_binary_q_params", "params",
        fmt::format("{{{}, {}, {}, {}, {}, {}, {}, {}, {}, {}}}", bcast_initializer(p_.shape), row_.op_enum,
                    p_.left_shift, p_.in1_offset, p_.in2_offset, p_.out_offset, CallWriter::requant(p_.in1),
                    CallWriter::requant(p_.in2), CallWriter::requant(p_.out), act_range_initializer(p_.act)));
  }

 private:
  const BinaryRow& row_;
  mf_binary_q_params p_;
  bool s16_;
};

// SUB's multipliers (sub_common.cc): unlike ADD's, every step is float32 arithmetic, widened to
// double only for QuantizeMultiplier; that decides the last bit of the multipliers.
void sub_multipliers(const ir::Op& op, float s1, float s2, float so, mf_binary_q_params& p) {
  const float twice_max = 2 * std::max(s1, s2);
  const float out_ratio = twice_max / (static_cast<float>(1 << p.left_shift) * so);
  p.in1 = smaller_than_one(op, static_cast<double>(s1 / twice_max), "input 1", "SUB");
  p.in2 = smaller_than_one(op, static_cast<double>(s2 / twice_max), "input 2", "SUB");
  p.out = smaller_than_one(op, static_cast<double>(out_ratio), "output", "SUB");
}

// SQUARED_DIFFERENCE's (squared_difference.cc): double arithmetic, the output multiplier may exceed 1.
void squared_difference_multipliers(const ir::Op& op, float s1, float s2, float so, bool s16,
                                    mf_binary_q_params& p) {
  const double twice_max = 2.0 * static_cast<double>(std::max(s1, s2));
  p.in1 = smaller_than_one(op, static_cast<double>(s1) / twice_max, "input 1", "SQUARED_DIFFERENCE");
  p.in2 = smaller_than_one(op, static_cast<double>(s2) / twice_max, "input 2", "SQUARED_DIFFERENCE");
  const float out_denominator = static_cast<float>(1 << (p.left_shift * 2)) * so;
  p.out = quantize_multiplier(twice_max * twice_max / static_cast<double>(out_denominator));
  // The squared difference of the rescaled inputs stays below 32640^2 (int8) or 2^30 (int16); TFLM
  // shifts it left by the output shift in int32 before multiplying, so a larger shift overflows
  // (undefined behaviour there).
  const int32_t max_left_shift = s16 ? 0 : 1;
  if (p.out.shift > max_left_shift) {
    op_error(op, fmt::format("the output rescaling factor {} is too large: TFLM's squared difference "
                             "would overflow int32 before rescaling",
                             twice_max * twice_max / static_cast<double>(out_denominator)),
             "use an output scale of at least the inputs' (2 * max scale)^2 / 2^14 (int8) or / 1 (int16)");
  }
}

std::unique_ptr<PreparedOp> prepare_quantized(const ir::Op& op, const BinaryRow& row, const ArithOperands& o) {
  const bool s16 = o.out.dtype == ir::DType::kInt16;
  // int16: TFLM's squared difference requires zero points 0; for SUB mcuforge does as for ADD, where
  // (x - zp) << 15 would leave no headroom.
  check_per_tensor_quant(op, o.a, "input 1", s16);
  check_per_tensor_quant(op, o.b, "input 2", s16);
  check_per_tensor_quant(op, o.out, "output", s16);
  mf_binary_q_params p{};
  p.shape = o.shape;
  p.op = row.op;
  p.in1_offset = -zero_point_of(o.a);
  p.in2_offset = -zero_point_of(o.b);
  p.out_offset = zero_point_of(o.out);
  const float s1 = o.a.quant.scale[0], s2 = o.b.quant.scale[0], so = o.out.quant.scale[0];
  if (row.op == MF_BINARY_SUB) {
    p.left_shift = s16 ? 15 : 20;
    sub_multipliers(op, s1, s2, so, p);
    p.act = ew_activation_quantized(op, o.act, o.out);
  } else {
    p.left_shift = s16 ? 0 : 7;
    squared_difference_multipliers(op, s1, s2, so, s16, p);
    p.act = {static_cast<int32_t>(ir::dtype_min(o.out.dtype)), static_cast<int32_t>(ir::dtype_max(o.out.dtype))};
  }
  return std::make_unique<BinaryQuantized>(row, p, s16, o.inplace);
}

std::unique_ptr<PreparedOp> prepare_binary(const ir::Graph& g, const ir::Op& op, const BinaryRow& row) {
  ArithOperands o = arith_operands(g, op, row.name);
  if (!row.fused_activation) o.act = ir::Activation::kNone;
  const ir::DType t = o.out.dtype;
  if (t == ir::DType::kFloat32) {
    const mf_binary_f32_params p{o.shape, row.op, ew_activation_f32(op, o.act)};
    return std::make_unique<BinaryF32>(row, p, o.inplace);
  }
  if (t == ir::DType::kInt32 && row.s32) {
    if (row.op == MF_BINARY_SUB) {  // TFLM's SUB supports only unquantized int32
      require_unquantized(op, o.a, "input 1");
      require_unquantized(op, o.b, "input 2");
      require_unquantized(op, o.out, "output");
    }
    const mf_binary_s32_params p{o.shape, row.op, ew_activation_s32(op, o.act)};
    return std::make_unique<BinaryS32>(row, p, o.inplace);
  }
  if ((t == ir::DType::kInt8 && row.s8) || (t == ir::DType::kInt16 && row.s16)) {
    return prepare_quantized(op, row, o);
  }
  std::string supported = "float32";
  if (row.s32) supported += ", int32";
  if (row.s8) supported += ", int8";
  if (row.s16) supported += ", int16";
  op_error(op, "element type combination " + dtype_signature(g, op) + " is not supported",
           std::string(row.name) + " supports " + supported + " (all operands of one type)");
}

// ADD_N: N same-shaped inputs summed; the kernel reads every input's element i before it writes
// output i, so the output may take any input's memory (the planner offers input 0).
class AddNOp : public PreparedOp {
 public:
  AddNOp(ir::DType t, const mf_add_n_q_params& p) : type_(t), p_(p) {}
  void run(const OpBuffers& b) const override {
    if (type_ == ir::DType::kFloat32) {
      std::vector<const float*> in;
      for (void* x : b.inputs) in.push_back(static_cast<const float*>(x));
      check_status(mf_add_n_f32(&p_.n, in.data(), static_cast<float*>(b.outputs[0])), "mf_add_n_f32");
    } else {
      std::vector<const int8_t*> in;
      for (void* x : b.inputs) in.push_back(static_cast<const int8_t*>(x));
      check_status(mf_add_n_s8(&p_, in.data(), static_cast<int8_t*>(b.outputs[0])), "mf_add_n_s8");
    }
  }
  std::string kernel_name() const override { return type_ == ir::DType::kFloat32 ? "mf_add_n_f32" : "mf_add_n_s8"; }
  int32_t inplace_input() const override { return 0; }
  void emit(CallWriter& ctx) const override {
    std::vector<std::string> inputs;
    for (size_t k = 0; k < ctx.op().inputs.size(); ++k) inputs.push_back(ctx.input(k));
    const bool f32 = type_ == ir::DType::kFloat32;
    const std::string in_array = ctx.array(f32 ? "float* const" : "int8_t* const", "inputs", inputs);
    const std::string n = fmt::format("{{{}, {}}}", p_.n.count, p_.n.inputs);
    const std::string params =
        f32 ? ctx.constant("mf_add_n_params", "params", n)
            : ctx.constant("mf_add_n_q_params", "params",
                           fmt::format("{{{}, {}, {}, {}, {}, {}, {}}}", n, p_.left_shift, p_.in_offset,
                                       p_.out_offset, CallWriter::requant(p_.in), CallWriter::requant(p_.out),
                                       act_range_initializer(p_.act)));
    ctx.call(kernel_name(), {address_of(params), in_array, ctx.output(0)});
  }

 private:
  ir::DType type_;
  mf_add_n_q_params p_;  // p_.n only for float32
};

}  // namespace

std::unique_ptr<PreparedOp> prepare_add_n(const ir::Graph& g, const ir::Op& op) {
  if (op.inputs.size() < 2 || op.outputs.size() != 1) {
    op_error(op, fmt::format("expects at least 2 inputs and 1 output, the model has {} and {}", op.inputs.size(),
                             op.outputs.size()));
  }
  ew_require_operands(op, op.inputs.size(), 1);
  const ir::Tensor& first = ew_input(g, op, 0);
  const ir::Tensor& out = g.op_output(op, 0);
  for (size_t k = 0; k < op.inputs.size(); ++k) {
    const ir::Tensor& t = ew_input(g, op, k);
    if (t.dtype != out.dtype) {
      op_error(op, "input and output types differ (" + dtype_signature(g, op) + ")",
               "ADD_N needs one element type for all inputs and the output");
    }
    if (t.shape != out.shape) {
      op_error(op, "input " + std::to_string(k) + " has shape " + ir::shape_to_string(t.shape) +
                       ", the output " + ir::shape_to_string(out.shape),
               "ADD_N does not broadcast: every input must have the output's shape");
    }
  }
  mf_add_n_q_params p{};
  p.n.count = ew_count(op, out);
  p.n.inputs = static_cast<int32_t>(op.inputs.size());
  if (out.dtype == ir::DType::kInt8) {
    check_per_tensor_quant(op, out, "output");
    for (size_t k = 0; k < op.inputs.size(); ++k) {
      const ir::Tensor& t = ew_input(g, op, k);
      check_per_tensor_quant(op, t, "input " + std::to_string(k));
      if (!ew_same_quant(t, first)) {
        op_error(op, "input " + std::to_string(k) + " is quantized differently from input 0",
                 "TFLM's ADD_N needs one scale and zero point for all inputs");
      }
    }
    // add_n.cc: the general ADD rescaling with one input scale (so the input factor is 1/2).
    p.left_shift = 20;
    p.in_offset = -zero_point_of(first);
    p.out_offset = zero_point_of(out);
    const double twice = 2 * static_cast<double>(first.quant.scale[0]);
    p.in = smaller_than_one(op, static_cast<double>(first.quant.scale[0]) / twice, "input", "ADD_N");
    p.out = smaller_than_one(op, twice / ((1 << p.left_shift) * static_cast<double>(out.quant.scale[0])),
                             "output", "ADD_N");
    p.act = {-128, 127};
  } else if (out.dtype != ir::DType::kFloat32) {
    op_error(op, "element type combination " + dtype_signature(g, op) + " is not supported",
             "ADD_N supports float32 and int8 (as TFLM)");
  }
  return std::make_unique<AddNOp>(out.dtype, p);
}

std::unique_ptr<PreparedOp> prepare_sub(const ir::Graph& g, const ir::Op& op) { return prepare_binary(g, op, kSub); }
std::unique_ptr<PreparedOp> prepare_squared_difference(const ir::Graph& g, const ir::Op& op) {
  return prepare_binary(g, op, kSquaredDifference);
}
std::unique_ptr<PreparedOp> prepare_floor_div(const ir::Graph& g, const ir::Op& op) {
  return prepare_binary(g, op, kFloorDiv);
}
std::unique_ptr<PreparedOp> prepare_floor_mod(const ir::Graph& g, const ir::Op& op) {
  return prepare_binary(g, op, kFloorMod);
}

}  // namespace mcuforge::ops
