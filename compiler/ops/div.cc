// SPDX-License-Identifier: Apache-2.0
// DIV: float32 and int32 (truncating) with TFLite broadcasting and fused activations. TFLM's
// quantized int8 DIV is not implemented yet.
#include <fmt/format.h>

#include <variant>

#include "emit/emit_context.h"
#include "mcuforge/mf_elementwise.h"
#include "ops/conv_util.h"
#include "ops/elementwise_util.h"
#include "ops/op.h"

namespace mcuforge::ops {
namespace {

class Div : public PreparedOp {
 public:
  Div(bool f32, const mf_arith_f32_params& f, const mf_arith_s32_params& i, int32_t inplace)
      : f32_(f32), f_(f), i_(i), inplace_(inplace) {}
  void run(const OpBuffers& b) const override {
    if (f32_) {
      check_status(mf_div_f32(&f_, static_cast<const float*>(b.inputs[0]),
                              static_cast<const float*>(b.inputs[1]), static_cast<float*>(b.outputs[0])),
                   "mf_div_f32");
    } else {
      check_status(mf_div_s32(&i_, static_cast<const int32_t*>(b.inputs[0]),
                              static_cast<const int32_t*>(b.inputs[1]), static_cast<int32_t*>(b.outputs[0])),
                   "mf_div_s32");
    }
  }
  std::string kernel_name() const override { return f32_ ? "mf_div_f32" : "mf_div_s32"; }
  int32_t inplace_input() const override { return inplace_; }
  void emit(emit::EmitContext& ctx) const override {
    const std::string params =
        f32_ ? ctx.constant("mf_arith_f32_params", "params",
                            fmt::format("{{{}, {}}}", bcast_initializer(f_.shape),
                                        emit::EmitContext::act_range_f32(f_.act)))
             : ctx.constant("mf_arith_s32_params", "params",
                            fmt::format("{{{}, {}}}", bcast_initializer(i_.shape), act_range_initializer(i_.act)));
    ctx.call(kernel_name(), {address_of(params), ctx.input(0), ctx.input(1), ctx.output(0)});
  }

 private:
  bool f32_;
  mf_arith_f32_params f_;
  mf_arith_s32_params i_;
  int32_t inplace_;
};

}  // namespace

std::unique_ptr<PreparedOp> prepare_div(const ir::Graph& g, const ir::Op& op) {
  ew_require_operands(op, 2, 1);
  const ir::Tensor& a = ew_input(g, op, 0);
  const ir::Tensor& b = ew_input(g, op, 1);
  const ir::Tensor& out = g.op_output(op, 0);
  const auto* opts = std::get_if<ir::ElementwiseOptions>(&op.options);
  const ir::Activation act = opts ? opts->activation : ir::Activation::kNone;
  if (a.dtype != b.dtype || a.dtype != out.dtype) {
    op_error(op, "input and output types differ (" + dtype_signature(g, op) + ")",
             "DIV needs one element type for both inputs and the output");
  }
  mf_arith_f32_params f{};
  mf_arith_s32_params i{};
  f.shape = i.shape = make_bcast(op, a, b, out);
  const int32_t inplace = bcast_inplace_input(f.shape, a, b, out);
  if (out.dtype == ir::DType::kFloat32) {
    f.act = ew_activation_f32(op, act);
    return std::make_unique<Div>(true, f, i, inplace);
  }
  if (out.dtype == ir::DType::kInt32) {
    if (!a.quant.empty() || !b.quant.empty()) {
      op_error(op, "quantized int32 DIV is not supported (TFLM supports only plain int32)");
    }
    i.act = ew_activation_s32(op, act);
    return std::make_unique<Div>(false, f, i, inplace);
  }
  op_error(op, "element type combination " + dtype_signature(g, op) + " is not supported",
           out.dtype == ir::DType::kInt8 ? "quantized int8 DIV is not implemented in mcuforge yet"
                                         : "DIV supports float32 and int32");
}

}  // namespace mcuforge::ops
