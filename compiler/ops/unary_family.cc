// SPDX-License-Identifier: Apache-2.0
// The element-wise unary math family, one table: NEG, ABS, SQRT, RSQRT, SQUARE, EXP, LOG, SIN, COS,
// CEIL, FLOOR, ROUND (float32, and the quantized forms TFLM has: ABS int8/int16, RSQRT int8; plus EXP
// int8/int16 as TensorFlow Lite runs it, beyond TFLM), and LOGICAL_NOT (bool) and ZEROS_LIKE. A row
// names the op's kernel enumerator and which rule prepares each dtype; every op runs in place.
// Kernels: runtime/include/mcuforge/mf_unary.h.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "c99/c_literals.h"
#include "mcuforge/mf_fill.h"
#include "mcuforge/mf_unary.h"
#include "ops/call_writer.h"
#include "ops/conv_util.h"
#include "ops/elementwise_util.h"
#include "ops/lut_util.h"
#include "ops/op.h"
#include "ops/quant_util.h"

namespace mcuforge::ops {
namespace {

using ir::DType;
using ir::OpType;

// Which float32 kernel runs the op: the exactly rounded ops, or the transcendental ones (a kernel of
// their own, so that NEG or ABS alone do not link exp/log/sin/cos).
enum class FloatKernel : uint8_t { kNone, kExact, kMath };

// How a quantized form is prepared.
enum class QuantRule : uint8_t {
  kNone,
  kAbs,     // |x - zp_in|, requantized by s_in / s_out when the scales differ (TFLM elementwise.cc)
  kRsqrt,   // TFLM's fixed-point inverse square root, requantized by 1 / (sqrt(s_in) s_out)
  kExpLut,  // TensorFlow Lite's exp.cc: a 256-entry (int8) or 513-entry (int16) table
};

struct UnaryRow {
  OpType type;
  mf_unary_op op;
  const char* enumerator;  // the mf_unary_op name in generated code
  FloatKernel f32;
  QuantRule s8;
  QuantRule s16;
  const char* dtypes;  // for messages
};

constexpr UnaryRow kRows[] = {
    {OpType::NEG, MF_UNARY_NEG, "MF_UNARY_NEG", FloatKernel::kExact, QuantRule::kNone, QuantRule::kNone, "float32"},
    {OpType::ABS, MF_UNARY_ABS, "MF_UNARY_ABS", FloatKernel::kExact, QuantRule::kAbs, QuantRule::kAbs,
     "float32, int8 and int16"},
    {OpType::SQUARE, MF_UNARY_SQUARE, "MF_UNARY_SQUARE", FloatKernel::kExact, QuantRule::kNone, QuantRule::kNone,
     "float32"},
    {OpType::SQRT, MF_UNARY_SQRT, "MF_UNARY_SQRT", FloatKernel::kExact, QuantRule::kNone, QuantRule::kNone, "float32"},
    {OpType::RSQRT, MF_UNARY_RSQRT, "MF_UNARY_RSQRT", FloatKernel::kExact, QuantRule::kRsqrt, QuantRule::kNone,
     "float32 and int8"},
    {OpType::CEIL, MF_UNARY_CEIL, "MF_UNARY_CEIL", FloatKernel::kExact, QuantRule::kNone, QuantRule::kNone, "float32"},
    {OpType::FLOOR, MF_UNARY_FLOOR, "MF_UNARY_FLOOR", FloatKernel::kExact, QuantRule::kNone, QuantRule::kNone,
     "float32"},
    {OpType::ROUND, MF_UNARY_ROUND, "MF_UNARY_ROUND", FloatKernel::kExact, QuantRule::kNone, QuantRule::kNone,
     "float32"},
    {OpType::EXP, MF_UNARY_EXP, "MF_UNARY_EXP", FloatKernel::kMath, QuantRule::kExpLut, QuantRule::kExpLut,
     "float32, int8 and int16"},
    {OpType::LOG, MF_UNARY_LOG, "MF_UNARY_LOG", FloatKernel::kMath, QuantRule::kNone, QuantRule::kNone, "float32"},
    {OpType::SIN, MF_UNARY_SIN, "MF_UNARY_SIN", FloatKernel::kMath, QuantRule::kNone, QuantRule::kNone, "float32"},
    {OpType::COS, MF_UNARY_COS, "MF_UNARY_COS", FloatKernel::kMath, QuantRule::kNone, QuantRule::kNone, "float32"},
};

const UnaryRow& row_of(const ir::Op& op) {
  for (const UnaryRow& r : kRows) {
    if (r.type == op.type) return r;
  }
  op_error(op, "op is not in the unary family's table");  // a registry bug: ops.def binds it here
}

std::string op_name(const ir::Op& op) { return std::string(ir::op_type_name(op.type)); }

enum class Kind : uint8_t { kF32, kS8, kS16 };

class UnaryOp : public PreparedOp {
 public:
  UnaryOp(const UnaryRow& row, Kind kind, int32_t count) : row_(row), kind_(kind), count_(count) {}
  UnaryOp(const UnaryRow& row, const mf_unary_s8_params& p, std::vector<int8_t> lut, int32_t count)
      : row_(row), kind_(Kind::kS8), count_(count), s8_(p), lut8_(std::move(lut)) {
    s8_.lut = lut8_.empty() ? nullptr : lut8_.data();
  }
  UnaryOp(const UnaryRow& row, const mf_unary_s16_params& p, std::vector<int16_t> lut, int32_t count)
      : row_(row), kind_(Kind::kS16), count_(count), s16_(p), lut16_(std::move(lut)) {
    s16_.lut = lut16_.empty() ? nullptr : lut16_.data();
  }

  void run(const OpBuffers& b) const override {
    switch (kind_) {
      case Kind::kF32: {
        const auto* in = static_cast<const float*>(b.inputs[0]);
        auto* out = static_cast<float*>(b.outputs[0]);
        check_status(row_.f32 == FloatKernel::kExact ? mf_unary_f32(row_.op, count_, in, out)
                                                     : mf_unary_math_f32(row_.op, count_, in, out),
                     kernel_name().c_str());
        break;
      }
      case Kind::kS8:
        check_status(mf_unary_s8(row_.op, &s8_, count_, static_cast<const int8_t*>(b.inputs[0]),
                                 static_cast<int8_t*>(b.outputs[0])),
                     "mf_unary_s8");
        break;
      case Kind::kS16:
        check_status(mf_unary_s16(row_.op, &s16_, count_, static_cast<const int16_t*>(b.inputs[0]),
                                  static_cast<int16_t*>(b.outputs[0])),
                     "mf_unary_s16");
        break;
    }
  }

  std::string kernel_name() const override {
    switch (kind_) {
      case Kind::kF32: return row_.f32 == FloatKernel::kExact ? "mf_unary_f32" : "mf_unary_math_f32";
      case Kind::kS8: return "mf_unary_s8";
      case Kind::kS16: return "mf_unary_s16";
    }
    return {};
  }

  int32_t inplace_input() const override { return 0; }

  void emit(CallWriter& ctx) const override {
    const std::string count = std::to_string(count_);
    if (kind_ == Kind::kF32) {
      ctx.call(kernel_name(), {row_.enumerator, count, ctx.input(0), ctx.output(0)});
      return;
    }
    std::string params;
    if (kind_ == Kind::kS8) {
      const std::string lut = lut8_.empty() ? "NULL" : ctx.array("int8_t", "lut", table(lut8_));
      params = ctx.constant("mf_unary_s8_params", "params",
                            fmt::format("{{{}, {}, {}, {}, {}, {}}}", s8_.input_zero_point, s8_.output_zero_point,
                                        s8_.rescale, c99::int_literal(s8_.output_multiplier), s8_.output_shift, lut));
    } else {
      const std::string lut = lut16_.empty() ? "NULL" : ctx.array("int16_t", "lut", table(lut16_));
      params = ctx.constant("mf_unary_s16_params", "params",
                            fmt::format("{{{}, {}, {}, {}, {}}}", s16_.quantized, s16_.rescale,
                                        c99::int_literal(s16_.output_multiplier), s16_.output_shift, lut));
    }
    ctx.call(kernel_name(), {row_.enumerator, address_of(params), count, ctx.input(0), ctx.output(0)});
  }

 private:
  template <typename T>
  static std::vector<std::string> table(const std::vector<T>& lut) {
    std::vector<std::string> el;
    el.reserve(lut.size());
    for (T v : lut) el.push_back(std::to_string(v));
    return el;
  }

  const UnaryRow& row_;
  Kind kind_;
  int32_t count_;
  mf_unary_s8_params s8_{};
  mf_unary_s16_params s16_{};
  std::vector<int8_t> lut8_;
  std::vector<int16_t> lut16_;
};

// One input and one output of the same shape; returns the input.
const ir::Tensor& checked_same(const ir::Graph& g, const ir::Op& op) {
  ew_require_operands(op, 1, 1);
  const ir::Tensor& in = ew_input(g, op, 0);
  const ir::Tensor& out = g.op_output(op, 0);
  if (in.shape != out.shape) {
    op_error(op, "input shape " + ir::shape_to_string(in.shape) + " and output shape " +
                     ir::shape_to_string(out.shape) + " differ");
  }
  return in;
}

// TFLM's requantization of |x|: s_in / s_out in double, applied only when the float scales differ.
void abs_requant(const ir::Op& op, const ir::Tensor& in, const ir::Tensor& out, int32_t& rescale,
                 int32_t& multiplier, int32_t& shift) {
  rescale = in.quant.scale[0] != out.quant.scale[0] ? 1 : 0;
  if (!rescale) return;
  const mf_requant m = quantize_multiplier(scale_of(in) / scale_of(out));
  if (m.shift > 31) {
    op_error(op, "input scale / output scale is too large for the integer ABS (2^" + std::to_string(m.shift) + ")",
             "the output scale must be at least 2^-31 of the input scale");
  }
  multiplier = m.multiplier;
  shift = m.shift;
}

// TensorFlow Lite's LUTPopulate<int8_t> with float exp: entry (uint8)v holds the quantized exp of
// input value v, every step in float and in this order. Values beyond the int8 range saturate, also
// those too large for an int32 (exp overflowing to inf gives 127), as TensorFlow Lite's interpreter
// does (checked: tests/oracle/gen_unary.py draws such output scales).
std::vector<int8_t> exp_lut_int8(float input_scale, int32_t input_zero_point, float output_scale,
                                 int32_t output_zero_point) {
  std::vector<int8_t> lut(256);
  const float inverse_scale = 1.0f / output_scale;
  for (int32_t v = -128; v <= 127; ++v) {
    const float dequantized = input_scale * static_cast<float>(v - input_zero_point);
    const float rescaled = std::round(std::exp(dequantized) * inverse_scale);
    const float shifted = rescaled + static_cast<float>(output_zero_point);
    lut[static_cast<uint8_t>(static_cast<int8_t>(v))] = static_cast<int8_t>(std::clamp(shifted, -128.0f, 127.0f));
  }
  return lut;
}

std::unique_ptr<PreparedOp> prepare_s8(const ir::Op& op, const UnaryRow& row, const ir::Tensor& in,
                                       const ir::Tensor& out, int32_t count) {
  check_per_tensor_quant(op, in, "input");
  check_per_tensor_quant(op, out, "output");
  mf_unary_s8_params p{};
  p.input_zero_point = zero_point_of(in);
  p.output_zero_point = zero_point_of(out);
  std::vector<int8_t> lut;
  switch (row.s8) {
    case QuantRule::kAbs:
      abs_requant(op, in, out, p.rescale, p.output_multiplier, p.output_shift);
      break;
    case QuantRule::kRsqrt: {
      const mf_requant m =
          quantize_multiplier(1.0 / (std::sqrt(scale_of(in)) * scale_of(out)));
      // The kernel applies it with 20 more right shifts (its inverse root is scaled by 2^20).
      if (m.shift - 20 < -31 || m.shift - 20 > 31) {
        op_error(op, "input and output scales are outside the range TFLM's int8 RSQRT handles",
                 "1 / (sqrt(input scale) * output scale) must lie between about 2^-12 and 2^51");
      }
      p.output_multiplier = m.multiplier;
      p.output_shift = m.shift;
      break;
    }
    case QuantRule::kExpLut:
      lut = exp_lut_int8(in.quant.scale[0], p.input_zero_point, out.quant.scale[0], p.output_zero_point);
      break;
    case QuantRule::kNone:
      break;
  }
  return std::make_unique<UnaryOp>(row, p, std::move(lut), count);
}

std::unique_ptr<PreparedOp> prepare_s16(const ir::Op& op, const UnaryRow& row, const ir::Tensor& in,
                                        const ir::Tensor& out, int32_t count) {
  mf_unary_s16_params p{};
  std::vector<int16_t> lut;
  if (row.s16 == QuantRule::kAbs && in.quant.empty()) {
    // TFLM's int16 ABS on an unquantized input: plain integer |x|, the output's parameters unused.
    return std::make_unique<UnaryOp>(row, p, std::move(lut), count);
  }
  check_per_tensor_quant(op, in, "input", /*zero_point_must_be_zero=*/true);
  check_per_tensor_quant(op, out, "output", /*zero_point_must_be_zero=*/true);
  p.quantized = 1;
  if (row.s16 == QuantRule::kAbs) {
    abs_requant(op, in, out, p.rescale, p.output_multiplier, p.output_shift);
  } else {
    lut = lut_int16(in.quant.scale[0], 0, out.quant.scale[0], 0, [](float x) { return std::exp(x); });
  }
  return std::make_unique<UnaryOp>(row, p, std::move(lut), count);
}

std::unique_ptr<PreparedOp> prepare_unary(const ir::Graph& g, const ir::Op& op) {
  const UnaryRow& row = row_of(op);
  const ir::Tensor& in = checked_same(g, op);
  const ir::Tensor& out = g.op_output(op, 0);
  const int32_t count = ew_count(op, in);
  const bool same = in.dtype == out.dtype;
  if (same && in.dtype == DType::kFloat32 && row.f32 != FloatKernel::kNone) {
    return std::make_unique<UnaryOp>(row, Kind::kF32, count);
  }
  if (same && in.dtype == DType::kInt8 && row.s8 != QuantRule::kNone) return prepare_s8(op, row, in, out, count);
  if (same && in.dtype == DType::kInt16 && row.s16 != QuantRule::kNone) return prepare_s16(op, row, in, out, count);
  op_error(op, "element type combination " + dtype_signature(g, op) + " is not supported",
           op_name(op) + " supports " + row.dtypes + " (the output of the input's type)");
}

// LOGICAL_NOT on bool tensors.
class LogicalNot : public PreparedOp {
 public:
  explicit LogicalNot(int32_t count) : count_(count) {}
  void run(const OpBuffers& b) const override {
    check_status(mf_logical_not(count_, static_cast<const uint8_t*>(b.inputs[0]), static_cast<uint8_t*>(b.outputs[0])),
                 "mf_logical_not");
  }
  std::string kernel_name() const override { return "mf_logical_not"; }
  int32_t inplace_input() const override { return 0; }
  void emit(CallWriter& ctx) const override {
    ctx.call(kernel_name(), {std::to_string(count_), ctx.input(0), ctx.output(0)});
  }

 private:
  int32_t count_;
};

// ZEROS_LIKE: every output element 0, whatever the quantization (TFLM writes a raw 0), through FILL's
// kernel with a zero value of the element's width.
class ZerosLike : public PreparedOp {
 public:
  explicit ZerosLike(const mf_fill_params& p) : p_(p) {}
  void run(const OpBuffers& b) const override {
    static constexpr int64_t kZero = 0;
    check_status(mf_fill(&p_, &kZero, b.outputs[0]), "mf_fill");
  }
  std::string kernel_name() const override { return "mf_fill"; }
  int32_t inplace_input() const override { return 0; }  // the input is never read
  void emit(CallWriter& ctx) const override {
    const std::string zero = ctx.constant("int64_t", "zero", "0");
    const std::string params =
        ctx.constant("mf_fill_params", "params", fmt::format("{{{}, {}}}", p_.count, p_.element_bytes));
    ctx.call(kernel_name(), {address_of(params), address_of(zero), ctx.output(0)});
  }

 private:
  mf_fill_params p_;
};

}  // namespace

std::unique_ptr<PreparedOp> prepare_neg(const ir::Graph& g, const ir::Op& op) { return prepare_unary(g, op); }
std::unique_ptr<PreparedOp> prepare_abs(const ir::Graph& g, const ir::Op& op) { return prepare_unary(g, op); }
std::unique_ptr<PreparedOp> prepare_square(const ir::Graph& g, const ir::Op& op) { return prepare_unary(g, op); }
std::unique_ptr<PreparedOp> prepare_sqrt(const ir::Graph& g, const ir::Op& op) { return prepare_unary(g, op); }
std::unique_ptr<PreparedOp> prepare_rsqrt(const ir::Graph& g, const ir::Op& op) { return prepare_unary(g, op); }
std::unique_ptr<PreparedOp> prepare_ceil(const ir::Graph& g, const ir::Op& op) { return prepare_unary(g, op); }
std::unique_ptr<PreparedOp> prepare_floor(const ir::Graph& g, const ir::Op& op) { return prepare_unary(g, op); }
std::unique_ptr<PreparedOp> prepare_round(const ir::Graph& g, const ir::Op& op) { return prepare_unary(g, op); }
std::unique_ptr<PreparedOp> prepare_exp(const ir::Graph& g, const ir::Op& op) { return prepare_unary(g, op); }
std::unique_ptr<PreparedOp> prepare_log(const ir::Graph& g, const ir::Op& op) { return prepare_unary(g, op); }
std::unique_ptr<PreparedOp> prepare_sin(const ir::Graph& g, const ir::Op& op) { return prepare_unary(g, op); }
std::unique_ptr<PreparedOp> prepare_cos(const ir::Graph& g, const ir::Op& op) { return prepare_unary(g, op); }

std::unique_ptr<PreparedOp> prepare_logical_not(const ir::Graph& g, const ir::Op& op) {
  const ir::Tensor& in = checked_same(g, op);
  if (in.dtype != DType::kBool || g.op_output(op, 0).dtype != DType::kBool) {
    op_error(op, "element type combination " + dtype_signature(g, op) + " is not supported",
             "LOGICAL_NOT takes and gives bool");
  }
  return std::make_unique<LogicalNot>(ew_count(op, in));
}

std::unique_ptr<PreparedOp> prepare_zeros_like(const ir::Graph& g, const ir::Op& op) {
  const ir::Tensor& in = checked_same(g, op);
  const DType t = in.dtype;
  const bool supported = t == DType::kFloat32 || t == DType::kInt8 || t == DType::kInt32 || t == DType::kInt64;
  if (!supported || g.op_output(op, 0).dtype != t) {
    op_error(op, "element type combination " + dtype_signature(g, op) + " is not supported",
             "ZEROS_LIKE supports float32, int8, int32 and int64 (the output of the input's type), as TFLM");
  }
  return std::make_unique<ZerosLike>(
      mf_fill_params{ew_count(op, in), static_cast<int32_t>(ir::dtype_size(t))});
}

}  // namespace mcuforge::ops
