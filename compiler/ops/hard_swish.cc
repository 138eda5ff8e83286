// SPDX-License-Identifier: Apache-2.0
// HARD_SWISH: x * relu6(x + 3) / 6. int8 in TFLM's 16-bit fixed point (multipliers computed in float,
// then QuantizeMultiplier, then rounded to 16 bits; tflm-arithmetic.md section 12) and float32.
#include <fmt/format.h>

#include "mcuforge/mf_activations.h"
#include "ops/activation_util.h"
#include "ops/call_writer.h"
#include "ops/elementwise_util.h"
#include "ops/op.h"
#include "ops/quant_util.h"

namespace mcuforge::ops {
namespace {

class HardSwish : public UnaryActivationOp {
 public:
  HardSwish(bool f32, const mf_hard_swish_params& p, int32_t count)
      : UnaryActivationOp(f32, count, &mf_hard_swish_f32, "mf_hard_swish_f32", "mf_hard_swish_s8"), p_(p) {}

 protected:
  mf_status run_s8(int32_t count, const int8_t* input, int8_t* output) const override {
    return mf_hard_swish_s8(&p_, count, input, output);
  }
  std::string emit_s8_params(CallWriter& ctx) const override {
    return ctx.constant("mf_hard_swish_params", "params",
                        fmt::format("{{{}, {}, {}, {}, {}, {}}}", p_.input_zero_point, p_.output_zero_point,
                                    p_.output_multiplier, p_.output_shift, p_.reluish_multiplier, p_.reluish_shift));
  }

 private:
  mf_hard_swish_params p_;
};

// TFLite's DownScaleInt32ToInt16Multiplier: round a Q0.31 multiplier to Q0.15, saturating.
int16_t to_int16_multiplier(int32_t m) {
  constexpr int32_t kRound = 1 << 15;
  if (m >= INT32_MAX - kRound) return INT16_MAX;
  return static_cast<int16_t>((m + kRound) >> 16);
}

}  // namespace

std::unique_ptr<PreparedOp> prepare_hard_swish(const ir::Graph& g, const ir::Op& op) {
  const UnaryOperands u = unary_operands(g, op);
  const ir::Tensor& in = u.in;
  const ir::Tensor& out = u.out;
  const int32_t count = u.count;
  if (in.dtype == ir::DType::kFloat32 && out.dtype == ir::DType::kFloat32) {
    return std::make_unique<HardSwish>(true, mf_hard_swish_params{}, count);
  }
  if (in.dtype != ir::DType::kInt8 || out.dtype != ir::DType::kInt8) {
    op_error(op, "element type combination " + dtype_signature(g, op) + " is not supported",
             "HARD_SWISH supports float32 and int8");
  }
  check_per_tensor_quant(op, in, "input");
  check_per_tensor_quant(op, out, "output");
  // Float math first, as TFLM does: the input scale on a 7-bit finer grid, and 3 on Q0.15.
  const float hires_input_scale = (1.0f / 128.0f) * in.quant.scale[0];
  const float reluish_scale = 3.0f / 32768.0f;
  const mf_requant out_m = quantize_multiplier(static_cast<double>(hires_input_scale / out.quant.scale[0]));
  const mf_requant relu_m = quantize_multiplier(static_cast<double>(hires_input_scale / reluish_scale));
  if (out_m.shift > 0 || out_m.shift < -31 || relu_m.shift < -31 || relu_m.shift > 31) {
    op_error(op, "input / output scales are outside the range TFLM's int8 HARD_SWISH handles",
             "the output scale must be at least the input scale / 128 (TFLM refuses smaller ones)");
  }
  mf_hard_swish_params p{};
  p.input_zero_point = zero_point_of(in);
  p.output_zero_point = zero_point_of(out);
  p.output_multiplier = to_int16_multiplier(out_m.multiplier);
  p.output_shift = out_m.shift;
  p.reluish_multiplier = to_int16_multiplier(relu_m.multiplier);
  p.reluish_shift = relu_m.shift;
  return std::make_unique<HardSwish>(false, p, count);
}

}  // namespace mcuforge::ops
