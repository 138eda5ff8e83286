// SPDX-License-Identifier: Apache-2.0
#include "ops/arith_util.h"

#include <fmt/format.h>

#include <variant>

#include "ops/call_writer.h"
#include "ops/conv_util.h"
#include "ops/elementwise_util.h"

namespace mcuforge::ops {

ArithOperands arith_operands(const ir::Graph& g, const ir::Op& op, const std::string& name) {
  ew_require_operands(op, 2, 1);
  const ir::Tensor& a = ew_input(g, op, 0);
  const ir::Tensor& b = ew_input(g, op, 1);
  const ir::Tensor& out = g.op_output(op, 0);
  const auto* opts = std::get_if<ir::ElementwiseOptions>(&op.options);
  const ir::Activation act = opts ? opts->activation : ir::Activation::kNone;
  if (a.dtype != b.dtype || a.dtype != out.dtype) {
    op_error(op, "input and output types differ (" + dtype_signature(g, op) + ")",
             name + " needs one element type for both inputs and the output");
  }
  const mf_bcast shape = make_bcast(op, a, b, out);
  return {a, b, out, act, shape, bcast_inplace_input(shape, a, b, out)};
}

int64_t bcast_elements(const mf_bcast& shape) {
  int64_t n = 1;
  for (int32_t d : shape.dims) n *= d;
  return n;
}

void BinaryArithOp::run(const OpBuffers& b) const {
  check_status(call(b.inputs[0], b.inputs[1], b.outputs[0]), kernel_);
}

void BinaryArithOp::emit(CallWriter& ctx) const {
  const std::string params = emit_params(ctx);
  ctx.call(kernel_, {address_of(params), ctx.input(0), ctx.input(1), ctx.output(0)});
}

namespace {

class ArithF32Op : public BinaryArithOp {
 public:
  ArithF32Op(const ArithKernels& k, const mf_arith_f32_params& p, int32_t inplace)
      : BinaryArithOp(k.f32_name, inplace), kernel_(k.f32), p_(p) {}

 protected:
  mf_status call(const void* x, const void* y, void* out) const override {
    return kernel_(&p_, static_cast<const float*>(x), static_cast<const float*>(y), static_cast<float*>(out));
  }
  std::string emit_params(CallWriter& ctx) const override {
    return ctx.constant("mf_arith_f32_params", "params",
                        fmt::format("{{{}, {}}}", bcast_initializer(p_.shape), CallWriter::act_range_f32(p_.act)));
  }

 private:
  ArithF32Kernel kernel_;
  mf_arith_f32_params p_;
};

class ArithS32Op : public BinaryArithOp {
 public:
  ArithS32Op(const ArithKernels& k, const mf_arith_s32_params& p, int32_t inplace)
      : BinaryArithOp(k.s32_name, inplace), kernel_(k.s32), p_(p) {}

 protected:
  mf_status call(const void* x, const void* y, void* out) const override {
    return kernel_(&p_, static_cast<const int32_t*>(x), static_cast<const int32_t*>(y), static_cast<int32_t*>(out));
  }
  std::string emit_params(CallWriter& ctx) const override {
    return ctx.constant("mf_arith_s32_params", "params",
                        fmt::format("{{{}, {}}}", bcast_initializer(p_.shape), act_range_initializer(p_.act)));
  }

 private:
  ArithS32Kernel kernel_;
  mf_arith_s32_params p_;
};

}  // namespace

std::unique_ptr<PreparedOp> make_arith_f32(const ir::Op& op, const ArithKernels& kernels, const ArithOperands& operands) {
  const mf_arith_f32_params p{operands.shape, ew_activation_f32(op, operands.act)};
  return std::make_unique<ArithF32Op>(kernels, p, operands.inplace);
}

std::unique_ptr<PreparedOp> make_arith_s32(const ir::Op& op, const ArithKernels& kernels, const ArithOperands& operands) {
  const mf_arith_s32_params p{operands.shape, ew_activation_s32(op, operands.act)};
  return std::make_unique<ArithS32Op>(kernels, p, operands.inplace);
}

}  // namespace mcuforge::ops
