// SPDX-License-Identifier: Apache-2.0
// ADD: int8 / int16 with TFLM's general rescaling (both inputs brought to a common scale with 20 / 15
// bits of headroom, summed, rescaled to the output), float32 and int32, with TFLite broadcasting and
// fused activations (tflm-arithmetic.md section 6).
#include <fmt/format.h>

#include <algorithm>
#include <variant>

#include "emit/c_literals.h"
#include "emit/emit_context.h"
#include "mcuforge/mf_elementwise.h"
#include "ops/conv_util.h"
#include "ops/elementwise_util.h"
#include "ops/op.h"
#include "ops/quant_util.h"

namespace mcuforge::ops {
namespace {

class AddQuantized : public PreparedOp {
 public:
  AddQuantized(const mf_add_q_params& p, bool s16, int32_t inplace) : p_(p), s16_(s16), inplace_(inplace) {}
  void run(const OpBuffers& b) const override {
    if (s16_) {
      check_status(mf_add_s16(&p_, static_cast<const int16_t*>(b.inputs[0]),
                              static_cast<const int16_t*>(b.inputs[1]), static_cast<int16_t*>(b.outputs[0])),
                   "mf_add_s16");
    } else {
      check_status(mf_add_s8(&p_, static_cast<const int8_t*>(b.inputs[0]),
                             static_cast<const int8_t*>(b.inputs[1]), static_cast<int8_t*>(b.outputs[0])),
                   "mf_add_s8");
    }
  }
  std::string kernel_name() const override { return s16_ ? "mf_add_s16" : "mf_add_s8"; }
  int32_t inplace_input() const override { return inplace_; }
  void emit(emit::EmitContext& ctx) const override {
    using emit::EmitContext;
    const std::string params = ctx.constant(
        "mf_add_q_params", "params",
        fmt::format("{{{}, {}, {}, {}, {}, {}, {}, {}, {}}}", bcast_initializer(p_.shape), p_.left_shift,
                    p_.in1_offset, p_.in2_offset, p_.out_offset, EmitContext::requant(p_.in1),
                    EmitContext::requant(p_.in2), EmitContext::requant(p_.out), act_range_initializer(p_.act)));
    ctx.call(kernel_name(), {address_of(params), ctx.input(0), ctx.input(1), ctx.output(0)});
  }

 private:
  mf_add_q_params p_;
  bool s16_;
  int32_t inplace_;
};

class AddF32 : public PreparedOp {
 public:
  AddF32(const mf_arith_f32_params& p, int32_t inplace) : p_(p), inplace_(inplace) {}
  void run(const OpBuffers& b) const override {
    check_status(mf_add_f32(&p_, static_cast<const float*>(b.inputs[0]), static_cast<const float*>(b.inputs[1]),
                            static_cast<float*>(b.outputs[0])),
                 "mf_add_f32");
  }
  std::string kernel_name() const override { return "mf_add_f32"; }
  int32_t inplace_input() const override { return inplace_; }
  void emit(emit::EmitContext& ctx) const override {
    const std::string params =
        ctx.constant("mf_arith_f32_params", "params",
                     fmt::format("{{{}, {}}}", bcast_initializer(p_.shape), emit::EmitContext::act_range_f32(p_.act)));
    ctx.call(kernel_name(), {address_of(params), ctx.input(0), ctx.input(1), ctx.output(0)});
  }

 private:
  mf_arith_f32_params p_;
  int32_t inplace_;
};

class AddS32 : public PreparedOp {
 public:
  AddS32(const mf_arith_s32_params& p, int32_t inplace) : p_(p), inplace_(inplace) {}
  void run(const OpBuffers& b) const override {
    check_status(mf_add_s32(&p_, static_cast<const int32_t*>(b.inputs[0]),
                            static_cast<const int32_t*>(b.inputs[1]), static_cast<int32_t*>(b.outputs[0])),
                 "mf_add_s32");
  }
  std::string kernel_name() const override { return "mf_add_s32"; }
  int32_t inplace_input() const override { return inplace_; }
  void emit(emit::EmitContext& ctx) const override {
    const std::string params =
        ctx.constant("mf_arith_s32_params", "params",
                     fmt::format("{{{}, {}}}", bcast_initializer(p_.shape), act_range_initializer(p_.act)));
    ctx.call(kernel_name(), {address_of(params), ctx.input(0), ctx.input(1), ctx.output(0)});
  }

 private:
  mf_arith_s32_params p_;
  int32_t inplace_;
};

// TFLite's QuantizeMultiplierSmallerThanOneExp: 0 < M < 1, which TFLM asserts.
mf_requant smaller_than_one(const ir::Op& op, double m, const char* what) {
  if (!(m > 0.0 && m < 1.0)) {
    op_error(op, std::string("the ") + what + " rescaling factor " + std::to_string(m) +
                     " is outside (0, 1), which TFLM's ADD cannot represent",
             "the output scale must be larger than max(input scales) / 2^(bits of headroom - 1)");
  }
  mf_requant r = quantize_multiplier(m);
  if (r.shift < -31) r = {0, 0};
  return r;
}

}  // namespace

std::unique_ptr<PreparedOp> prepare_add(const ir::Graph& g, const ir::Op& op) {
  ew_require_operands(op, 2, 1);
  const ir::Tensor& a = ew_input(g, op, 0);
  const ir::Tensor& b = ew_input(g, op, 1);
  const ir::Tensor& out = g.op_output(op, 0);
  const auto* opts = std::get_if<ir::ElementwiseOptions>(&op.options);
  const ir::Activation act = opts ? opts->activation : ir::Activation::kNone;
  if (a.dtype != b.dtype || a.dtype != out.dtype) {
    op_error(op, "input and output types differ (" + dtype_signature(g, op) + ")",
             "ADD needs one element type for both inputs and the output");
  }
  const mf_bcast shape = make_bcast(op, a, b, out);
  const int32_t inplace = bcast_inplace_input(shape, a, b, out);
  switch (out.dtype) {
    case ir::DType::kFloat32:
      return std::make_unique<AddF32>(mf_arith_f32_params{shape, ew_activation_f32(op, act)}, inplace);
    case ir::DType::kInt32:
      if (!a.quant.empty() || !b.quant.empty()) {
        op_error(op, "quantized int32 ADD is not supported (TFLM supports only plain int32)");
      }
      return std::make_unique<AddS32>(mf_arith_s32_params{shape, ew_activation_s32(op, act)}, inplace);
    case ir::DType::kInt8:
    case ir::DType::kInt16: {
      const bool s16 = out.dtype == ir::DType::kInt16;
      // TFLM's micro ADD never takes the int16 power-of-two shortcut; zero points must still be
      // 0 there because (x - zp) << 15 would overflow int32 otherwise.
      check_per_tensor_quant(op, a, "input 1", s16);
      check_per_tensor_quant(op, b, "input 2", s16);
      check_per_tensor_quant(op, out, "output", s16);
      mf_add_q_params p{};
      p.shape = shape;
      p.left_shift = s16 ? 15 : 20;
      p.in1_offset = -zero_point_of(a);
      p.in2_offset = -zero_point_of(b);
      p.out_offset = zero_point_of(out);
      // The order of these double operations is TFLM's; it decides the last bit of the multipliers.
      const double twice_max = 2 * static_cast<double>(std::max(a.quant.scale[0], b.quant.scale[0]));
      p.in1 = smaller_than_one(op, static_cast<double>(a.quant.scale[0]) / twice_max, "input 1");
      p.in2 = smaller_than_one(op, static_cast<double>(b.quant.scale[0]) / twice_max, "input 2");
      p.out = smaller_than_one(
          op, twice_max / ((1 << p.left_shift) * static_cast<double>(out.quant.scale[0])), "output");
      p.act = ew_activation_quantized(op, act, out);
      return std::make_unique<AddQuantized>(p, s16, inplace);
    }
    default:
      op_error(op, "element type combination " + dtype_signature(g, op) + " is not supported",
               "ADD supports float32, int32, int8 and int16 (all operands of one type)");
  }
}

}  // namespace mcuforge::ops
