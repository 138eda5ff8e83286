// SPDX-License-Identifier: Apache-2.0
// MUL: int8 / int16 (one requantization of the product of the offset inputs), float32 and int32,
// with TFLite broadcasting and fused activations (tflm-arithmetic.md section 7).
#include <fmt/format.h>

#include "mcuforge/mf_elementwise.h"
#include "ops/arith_util.h"
#include "ops/call_writer.h"
#include "ops/elementwise_util.h"
#include "ops/op.h"
#include "ops/quant_util.h"

namespace mcuforge::ops {
namespace {

class MulQuantized : public BinaryArithOp {
 public:
  MulQuantized(const mf_mul_q_params& q, bool s16, int32_t inplace)
      : BinaryArithOp(s16 ? "mf_mul_s16" : "mf_mul_s8", inplace), q_(q), s16_(s16) {}

 protected:
  mf_status call(const void* x, const void* y, void* out) const override {
    if (s16_) {
      return mf_mul_s16(&q_, static_cast<const int16_t*>(x), static_cast<const int16_t*>(y), static_cast<int16_t*>(out));
    }
    return mf_mul_s8(&q_, static_cast<const int8_t*>(x), static_cast<const int8_t*>(y), static_cast<int8_t*>(out));
  }
  std::string emit_params(CallWriter& ctx) const override {
    return ctx.constant("mf_mul_q_params", "params",
                        fmt::format("{{{}, {}, {}, {}, {}, {}}}", bcast_initializer(q_.shape), q_.in1_offset,
                                    q_.in2_offset, q_.out_offset, CallWriter::requant(q_.out),
                                    act_range_initializer(q_.act)));
  }

 private:
  mf_mul_q_params q_;
  bool s16_;
};

constexpr ArithKernels kMulKernels = {&mf_mul_f32, "mf_mul_f32", &mf_mul_s32, "mf_mul_s32"};

}  // namespace

std::unique_ptr<PreparedOp> prepare_mul(const ir::Graph& g, const ir::Op& op) {
  const ArithOperands operands = arith_operands(g, op, "MUL");
  const ir::Tensor& a = operands.a;
  const ir::Tensor& b = operands.b;
  const ir::Tensor& out = operands.out;
  switch (out.dtype) {
    case ir::DType::kFloat32:
      return make_arith_f32(op, kMulKernels, operands);
    case ir::DType::kInt32:
      return make_arith_s32(op, kMulKernels, operands);
    case ir::DType::kInt8:
    case ir::DType::kInt16: {
      const bool s16 = out.dtype == ir::DType::kInt16;
      check_per_tensor_quant(op, a, "input 1", s16);
      check_per_tensor_quant(op, b, "input 2", s16);
      check_per_tensor_quant(op, out, "output", s16);
      mf_mul_q_params q{};
      q.shape = operands.shape;
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
      q.act = ew_activation_quantized(op, operands.act, out);
      return std::make_unique<MulQuantized>(q, s16, operands.inplace);
    }
    default:
      op_error(op, "element type combination " + dtype_signature(g, op) + " is not supported",
               "MUL supports float32, int32, int8 and int16 (all operands of one type)");
  }
}

}  // namespace mcuforge::ops
