// SPDX-License-Identifier: Apache-2.0
#include "ops/activation_util.h"

#include <fmt/format.h>

#include "c99/c_literals.h"
#include "ops/activation_family.h"
#include "ops/call_writer.h"
#include "ops/conv_util.h"
#include "ops/elementwise_util.h"
#include "ops/quant_util.h"
#include "ops/sigmoid_util.h"

namespace mcuforge::ops {

UnaryOperands unary_operands(const ir::Graph& g, const ir::Op& op) {
  ew_require_operands(op, 1, 1);
  const ir::Tensor& in = ew_input(g, op, 0);
  const ir::Tensor& out = g.op_output(op, 0);
  if (in.shape != out.shape) {
    op_error(op, "input shape " + ir::shape_to_string(in.shape) + " and output shape " +
                     ir::shape_to_string(out.shape) + " differ");
  }
  return {in, out, ew_count(op, in)};
}

void UnaryActivationOp::run(const OpBuffers& b) const {
  if (f32_) {
    check_status(f32_kernel_(count_, static_cast<const float*>(b.inputs[0]), static_cast<float*>(b.outputs[0])),
                 f32_name_);
  } else {
    check_status(run_s8(count_, static_cast<const int8_t*>(b.inputs[0]), static_cast<int8_t*>(b.outputs[0])),
                 s8_name_);
  }
}

void UnaryActivationOp::emit(CallWriter& ctx) const {
  if (f32_) {
    ctx.call(kernel_name(), {std::to_string(count_), ctx.input(0), ctx.output(0)});
    return;
  }
  const std::string params = emit_s8_params(ctx);
  ctx.call(kernel_name(), {address_of(params), std::to_string(count_), ctx.input(0), ctx.output(0)});
}

namespace {

class SigmoidOp : public UnaryActivationOp {
 public:
  SigmoidOp(const SigmoidKernels& k, bool f32, const mf_sigmoid_s8_params& p, int32_t count)
      : UnaryActivationOp(f32, count, k.f32, k.f32_name, k.s8_name), s8_(k.s8), p_(p) {}

 protected:
  mf_status run_s8(int32_t count, const int8_t* input, int8_t* output) const override {
    return s8_(&p_, count, input, output);
  }
  std::string emit_s8_params(CallWriter& ctx) const override {
    return ctx.constant("mf_sigmoid_s8_params", "params",
                        fmt::format("{{{}, {}, {}, {}}}", p_.input_zero_point, p_.input_range_radius,
                                    c99::int_literal(p_.input_multiplier), p_.input_shift));
  }

 private:
  SigmoidS8Kernel s8_;
  mf_sigmoid_s8_params p_;
};

}  // namespace

std::unique_ptr<PreparedOp> prepare_sigmoid(const ir::Graph& g, const ir::Op& op, const SigmoidKernels& kernels) {
  const std::string name = kernels.op_name;
  const UnaryOperands u = unary_operands(g, op);
  if (u.in.dtype == ir::DType::kFloat32 && u.out.dtype == ir::DType::kFloat32) {
    return std::make_unique<SigmoidOp>(kernels, true, mf_sigmoid_s8_params{}, u.count);
  }
  if (u.in.dtype == ir::DType::kInt8 && u.out.dtype == ir::DType::kInt8) {
    check_per_tensor_quant(op, u.in, "input");
    check_per_tensor_quant(op, u.out, "output");
    check_fixed_output_quant(op, u.in, u.out, true, "TFLM's int8 " + name + " produces only this quantization");
    return std::make_unique<SigmoidOp>(kernels, false, sigmoid_s8_params(op, u.in), u.count);
  }
  if (u.in.dtype == ir::DType::kInt16 && u.out.dtype == ir::DType::kInt16) {
    return prepare_sigmoid_s16(op, u, kernels.s16, kernels.s16_name, kernels.s16_max_pot_shift);
  }
  op_error(op, "element type combination " + dtype_signature(g, op) + " is not supported",
           name + " supports float32, int8 and int16 (the output of the input's type)");
}

}  // namespace mcuforge::ops
