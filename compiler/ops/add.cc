// SPDX-License-Identifier: Apache-2.0
// ADD: int8 / int16 with TFLM's general rescaling (both inputs brought to a common scale with 20 / 15
// bits of headroom, summed, rescaled to the output), float32 and int32, with TFLite broadcasting and
// fused activations (int32 ignores them, as TFLM does; tflm-arithmetic.md section 6).
#include <fmt/format.h>

#include <algorithm>

#include "c99/c_literals.h"
#include "mcuforge/mf_elementwise.h"
#include "ops/arith_util.h"
#include "ops/call_writer.h"
#include "ops/elementwise_util.h"
#include "ops/op.h"
#include "ops/quant_util.h"

namespace mcuforge::ops {
namespace {

class AddQuantized : public BinaryArithOp {
 public:
  AddQuantized(const mf_add_q_params& p, bool s16, int32_t inplace)
      : BinaryArithOp(s16 ? "mf_add_s16" : "mf_add_s8", inplace), p_(p), s16_(s16) {}

 protected:
  mf_status call(const void* x, const void* y, void* out) const override {
    if (s16_) {
      return mf_add_s16(&p_, static_cast<const int16_t*>(x), static_cast<const int16_t*>(y), static_cast<int16_t*>(out));
    }
    return mf_add_s8(&p_, static_cast<const int8_t*>(x), static_cast<const int8_t*>(y), static_cast<int8_t*>(out));
  }
  std::string emit_params(CallWriter& ctx) const override {
    return ctx.constant(
        "mf_add_q_params", "params",
        fmt::format("{{{}, {}, {}, {}, {}, {}, {}, {}, {}}}", bcast_initializer(p_.shape), p_.left_shift,
                    p_.in1_offset, p_.in2_offset, p_.out_offset, CallWriter::requant(p_.in1),
                    CallWriter::requant(p_.in2), CallWriter::requant(p_.out), act_range_initializer(p_.act)));
  }

 private:
  mf_add_q_params p_;
  bool s16_;
};

constexpr ArithKernels kAddKernels = {&mf_add_f32, "mf_add_f32", &mf_add_s32, "mf_add_s32"};

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
  const ArithOperands operands = arith_operands(g, op, "ADD");
  const ir::Tensor& a = operands.a;
  const ir::Tensor& b = operands.b;
  const ir::Tensor& out = operands.out;
  switch (out.dtype) {
    case ir::DType::kFloat32:
      return make_arith_f32(op, kAddKernels, operands);
    case ir::DType::kInt32:
      if (!a.quant.empty() || !b.quant.empty()) {
        op_error(op, "quantized int32 ADD is not supported (TFLM supports only plain int32)");
      }
      {
        // TFLM's int32 ADD (add.cc EvalAdd) clamps to the whole int32 range: it ignores the fused
        // activation the options state, so mcuforge does too.
        ArithOperands plain = operands;
        plain.act = ir::Activation::kNone;
        return make_arith_s32(op, kAddKernels, plain);
      }
    case ir::DType::kInt8:
    case ir::DType::kInt16: {
      const bool s16 = out.dtype == ir::DType::kInt16;
      // TFLM's micro ADD never takes the int16 power-of-two shortcut; zero points must still be
      // 0 there because (x - zp) << 15 would overflow int32 otherwise.
      check_per_tensor_quant(op, a, "input 1", s16);
      check_per_tensor_quant(op, b, "input 2", s16);
      check_per_tensor_quant(op, out, "output", s16);
      mf_add_q_params p{};
      p.shape = operands.shape;
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
      p.act = ew_activation_quantized(op, operands.act, out);
      return std::make_unique<AddQuantized>(p, s16, operands.inplace);
    }
    default:
      op_error(op, "element type combination " + dtype_signature(g, op) + " is not supported",
               "ADD supports float32, int32, int8 and int16 (all operands of one type)");
  }
}

}  // namespace mcuforge::ops
