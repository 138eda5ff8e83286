// SPDX-License-Identifier: Apache-2.0
// MUL: int8 / int16 (one requantization of the product of the offset inputs), float32 and int32,
// with TFLite broadcasting and fused activations (tflm-arithmetic.md section 7).
#include <fmt/format.h>

#include <variant>

#include "emit/emit_context.h"
#include "mcuforge/mf_elementwise.h"
#include "ops/conv_util.h"
#include "ops/elementwise_util.h"
#include "ops/op.h"
#include "ops/quant_util.h"

namespace mcuforge::ops {
namespace {

enum class MulKind { kS8, kS16, kF32, kS32 };

class Mul : public PreparedOp {
 public:
  Mul(MulKind kind, const mf_mul_q_params& q, const mf_arith_f32_params& f, const mf_arith_s32_params& i,
      int32_t inplace)
      : kind_(kind), q_(q), f_(f), i_(i), inplace_(inplace) {}
  void run(const OpBuffers& b) const override {
    const void* x = b.inputs[0];
    const void* y = b.inputs[1];
    void* o = b.outputs[0];
    switch (kind_) {
      case MulKind::kS8:
        check_status(mf_mul_s8(&q_, static_cast<const int8_t*>(x), static_cast<const int8_t*>(y),
                               static_cast<int8_t*>(o)), "mf_mul_s8");
        break;
      case MulKind::kS16:
        check_status(mf_mul_s16(&q_, static_cast<const int16_t*>(x), static_cast<const int16_t*>(y),
                                static_cast<int16_t*>(o)), "mf_mul_s16");
        break;
      case MulKind::kF32:
        check_status(mf_mul_f32(&f_, static_cast<const float*>(x), static_cast<const float*>(y),
                                static_cast<float*>(o)), "mf_mul_f32");
        break;
      case MulKind::kS32:
        check_status(mf_mul_s32(&i_, static_cast<const int32_t*>(x), static_cast<const int32_t*>(y),
                                static_cast<int32_t*>(o)), "mf_mul_s32");
        break;
    }
  }
  std::string kernel_name() const override {
    switch (kind_) {
      case MulKind::kS8: return "mf_mul_s8";
      case MulKind::kS16: return "mf_mul_s16";
      case MulKind::kF32: return "mf_mul_f32";
      default: return "mf_mul_s32";
    }
  }
  int64_t macs() const override {
    int64_t n = 1;
    for (int32_t d : q_.shape.dims) n *= d;
    return n;
  }
  int32_t inplace_input() const override { return inplace_; }
  void emit(emit::EmitContext& ctx) const override {
    std::string params;
    switch (kind_) {
      case MulKind::kS8:
      case MulKind::kS16:
        params = ctx.constant("mf_mul_q_params", "params",
                              fmt::format("{{{}, {}, {}, {}, {}, {}}}", bcast_initializer(q_.shape), q_.in1_offset,
                                          q_.in2_offset, q_.out_offset, emit::EmitContext::requant(q_.out),
                                          act_range_initializer(q_.act)));
        break;
      case MulKind::kF32:
        params = ctx.constant("mf_arith_f32_params", "params",
                              fmt::format("{{{}, {}}}", bcast_initializer(f_.shape),
                                          emit::EmitContext::act_range_f32(f_.act)));
        break;
      case MulKind::kS32:
        params = ctx.constant("mf_arith_s32_params", "params",
                              fmt::format("{{{}, {}}}", bcast_initializer(i_.shape), act_range_initializer(i_.act)));
        break;
    }
    ctx.call(kernel_name(), {address_of(params), ctx.input(0), ctx.input(1), ctx.output(0)});
  }

 private:
  MulKind kind_;
  mf_mul_q_params q_;
  mf_arith_f32_params f_;
  mf_arith_s32_params i_;
  int32_t inplace_;
};

}  // namespace

std::unique_ptr<PreparedOp> prepare_mul(const ir::Graph& g, const ir::Op& op) {
  ew_require_operands(op, 2, 1);
  const ir::Tensor& a = ew_input(g, op, 0);
  const ir::Tensor& b = ew_input(g, op, 1);
  const ir::Tensor& out = g.op_output(op, 0);
  const auto* opts = std::get_if<ir::ElementwiseOptions>(&op.options);
  const ir::Activation act = opts ? opts->activation : ir::Activation::kNone;
  if (a.dtype != b.dtype || a.dtype != out.dtype) {
    op_error(op, "input and output types differ (" + dtype_signature(g, op) + ")",
             "MUL needs one element type for both inputs and the output");
  }
  mf_mul_q_params q{};
  mf_arith_f32_params f{};
  mf_arith_s32_params i{};
  q.shape = f.shape = i.shape = make_bcast(op, a, b, out);
  const int32_t inplace = bcast_inplace_input(q.shape, a, b, out);
  switch (out.dtype) {
    case ir::DType::kFloat32:
      f.act = ew_activation_f32(op, act);
      return std::make_unique<Mul>(MulKind::kF32, q, f, i, inplace);
    case ir::DType::kInt32:
      i.act = ew_activation_s32(op, act);
      return std::make_unique<Mul>(MulKind::kS32, q, f, i, inplace);
    case ir::DType::kInt8:
    case ir::DType::kInt16: {
      const bool s16 = out.dtype == ir::DType::kInt16;
      check_per_tensor_quant(op, a, "input 1", s16);
      check_per_tensor_quant(op, b, "input 2", s16);
      check_per_tensor_quant(op, out, "output", s16);
      q.in1_offset = -zero_point_of(a);
      q.in2_offset = -zero_point_of(b);
      q.out_offset = zero_point_of(out);
      // s1 * s2 / s_out in double, in TFLM's order.
      const double m = static_cast<double>(a.quant.scale[0]) * static_cast<double>(b.quant.scale[0]) /
                       static_cast<double>(out.quant.scale[0]);
      q.out = quantize_multiplier(m);
      if (q.out.shift > 31 - (s16 ? 30 : 16)) {
        // The product of two offset inputs has up to 30 (int16) / 16 (int8) significant bits; a
        // larger left shift would overflow int32 before the multiplier is applied.
        op_error(op, "the requantization factor " + std::to_string(m) + " is too large",
                 "check the output scale: it should not be much smaller than s1 * s2");
      }
      q.act = ew_activation_quantized(op, act, out);
      return std::make_unique<Mul>(s16 ? MulKind::kS16 : MulKind::kS8, q, f, i, inplace);
    }
    default:
      op_error(op, "element type combination " + dtype_signature(g, op) + " is not supported",
               "MUL supports float32, int32, int8 and int16 (all operands of one type)");
  }
}

}  // namespace mcuforge::ops
