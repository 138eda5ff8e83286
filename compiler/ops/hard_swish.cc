// SPDX-License-Identifier: Apache-2.0
// HARD_SWISH: x * relu6(x + 3) / 6. int8 in TFLM's 16-bit fixed point (multipliers computed in float,
// then QuantizeMultiplier, then rounded to 16 bits; tflm-arithmetic.md section 12) and float32.
#include <fmt/format.h>

#include "emit/emit_context.h"
#include "mcuforge/mf_activations.h"
#include "ops/conv_util.h"
#include "ops/elementwise_util.h"
#include "ops/op.h"
#include "ops/quant_util.h"

namespace mcuforge::ops {
namespace {

class HardSwish : public PreparedOp {
 public:
  HardSwish(bool f32, const mf_hard_swish_params& p, int32_t count) : f32_(f32), p_(p), count_(count) {}
  void run(const OpBuffers& b) const override {
    if (f32_) {
      check_status(mf_hard_swish_f32(count_, static_cast<const float*>(b.inputs[0]),
                                     static_cast<float*>(b.outputs[0])), "mf_hard_swish_f32");
    } else {
      check_status(mf_hard_swish_s8(&p_, count_, static_cast<const int8_t*>(b.inputs[0]),
                                    static_cast<int8_t*>(b.outputs[0])), "mf_hard_swish_s8");
    }
  }
  std::string kernel_name() const override { return f32_ ? "mf_hard_swish_f32" : "mf_hard_swish_s8"; }
  int32_t inplace_input() const override { return 0; }
  void emit(emit::EmitContext& ctx) const override {
    if (f32_) {
      ctx.call(kernel_name(), {std::to_string(count_), ctx.input(0), ctx.output(0)});
      return;
    }
    const std::string params = ctx.constant(
        "mf_hard_swish_params", "params",
        fmt::format("{{{}, {}, {}, {}, {}, {}}}", p_.input_zero_point, p_.output_zero_point, p_.output_multiplier,
                    p_.output_shift, p_.reluish_multiplier, p_.reluish_shift));
    ctx.call(kernel_name(), {address_of(params), std::to_string(count_), ctx.input(0), ctx.output(0)});
  }

 private:
  bool f32_;
  mf_hard_swish_params p_;
  int32_t count_;
};

// TFLite's DownScaleInt32ToInt16Multiplier: round a Q0.31 multiplier to Q0.15, saturating.
int16_t to_int16_multiplier(int32_t m) {
  constexpr int32_t kRound = 1 << 15;
  if (m >= INT32_MAX - kRound) return INT16_MAX;
  return static_cast<int16_t>((m + kRound) >> 16);
}

}  // namespace

std::unique_ptr<PreparedOp> prepare_hard_swish(const ir::Graph& g, const ir::Op& op) {
  ew_require_operands(op, 1, 1);
  const ir::Tensor& in = ew_input(g, op, 0);
  const ir::Tensor& out = g.op_output(op, 0);
  if (in.shape != out.shape) {
    op_error(op, "input shape " + ir::shape_to_string(in.shape) + " and output shape " +
                     ir::shape_to_string(out.shape) + " differ");
  }
  const int32_t count = ew_count(op, in);
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
  if (out_m.shift > 0 || out_m.shift < -15 || relu_m.shift < -15 || relu_m.shift > 31) {
    op_error(op, "input / output scales are outside the range TFLM's int8 HARD_SWISH handles",
             "the output scale must be at least the input scale / 128 and not far larger than it");
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
