// SPDX-License-Identifier: Apache-2.0
// LOGISTIC: int8 through gemmlowp's fixed-point logistic on the input rescaled to Q4.27, and float32
// (tflm-arithmetic.md sections 10 and 11). int16 is not implemented yet.
#include <fmt/format.h>

#include <cmath>

#include "emit/c_literals.h"
#include "emit/emit_context.h"
#include "mcuforge/mf_activations.h"
#include "ops/conv_util.h"
#include "ops/elementwise_util.h"
#include "ops/op.h"
#include "ops/quant_util.h"
#include "ops/sigmoid_util.h"

namespace mcuforge::ops {
namespace {

class Logistic : public PreparedOp {
 public:
  Logistic(bool f32, const mf_sigmoid_s8_params& p, int32_t count) : f32_(f32), p_(p), count_(count) {}
  void run(const OpBuffers& b) const override {
    if (f32_) {
      check_status(mf_logistic_f32(count_, static_cast<const float*>(b.inputs[0]), static_cast<float*>(b.outputs[0])),
                   "mf_logistic_f32");
    } else {
      check_status(mf_logistic_s8(&p_, count_, static_cast<const int8_t*>(b.inputs[0]),
                               static_cast<int8_t*>(b.outputs[0])), "mf_logistic_s8");
    }
  }
  std::string kernel_name() const override { return f32_ ? "mf_logistic_f32" : "mf_logistic_s8"; }
  int32_t inplace_input() const override { return 0; }
  void emit(emit::EmitContext& ctx) const override {
    if (f32_) {
      ctx.call(kernel_name(), {std::to_string(count_), ctx.input(0), ctx.output(0)});
      return;
    }
    const std::string params = ctx.constant(
        "mf_sigmoid_s8_params", "params",
        fmt::format("{{{}, {}, {}, {}}}", p_.input_zero_point, p_.input_range_radius,
                    emit::int_literal(p_.input_multiplier), p_.input_shift));
    ctx.call(kernel_name(), {address_of(params), std::to_string(count_), ctx.input(0), ctx.output(0)});
  }

 private:
  bool f32_;
  mf_sigmoid_s8_params p_;
  int32_t count_;
};

}  // namespace

std::unique_ptr<PreparedOp> prepare_logistic(const ir::Graph& g, const ir::Op& op) {
  ew_require_operands(op, 1, 1);
  const ir::Tensor& in = ew_input(g, op, 0);
  const ir::Tensor& out = g.op_output(op, 0);
  if (in.shape != out.shape) {
    op_error(op, "input shape " + ir::shape_to_string(in.shape) + " and output shape " +
                     ir::shape_to_string(out.shape) + " differ");
  }
  const int32_t count = ew_count(op, in);
  if (in.dtype == ir::DType::kFloat32 && out.dtype == ir::DType::kFloat32) {
    return std::make_unique<Logistic>(true, mf_sigmoid_s8_params{}, count);
  }
  if (in.dtype == ir::DType::kInt8 && out.dtype == ir::DType::kInt8) {
    check_per_tensor_quant(op, in, "input");
    check_per_tensor_quant(op, out, "output");
    if (zero_point_of(out) != -128) op_error(op, "int8 output must have zero point -128 (scale 1/256)", "TFLM's int8 LOGISTIC produces only this quantization");
    return std::make_unique<Logistic>(false, sigmoid_s8_params(op, in), count);
  }
  op_error(op, "element type combination " + dtype_signature(g, op) + " is not supported",
           in.dtype == ir::DType::kInt16 ? "int16 LOGISTIC is not implemented in mcuforge yet"
                                         : "LOGISTIC supports float32 and int8");
}

}  // namespace mcuforge::ops
