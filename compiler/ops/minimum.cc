// SPDX-License-Identifier: Apache-2.0
// MINIMUM: element-wise on raw values (no requantization, as in TFLM, so quantized inputs must share the
// output's quantization) for int8, int16, int32 and float32, with TFLite broadcasting.
#include "emit/emit_context.h"
#include "mcuforge/mf_elementwise.h"
#include "ops/conv_util.h"
#include "ops/elementwise_util.h"
#include "ops/op.h"

namespace mcuforge::ops {
namespace {

class MinimumOp : public PreparedOp {
 public:
  MinimumOp(ir::DType t, const mf_bcast& s, int32_t inplace) : type_(t), shape_(s), inplace_(inplace) {}
  void run(const OpBuffers& b) const override {
    const void* x = b.inputs[0];
    const void* y = b.inputs[1];
    void* o = b.outputs[0];
    switch (type_) {
      case ir::DType::kInt8:
        check_status(mf_minimum_s8(&shape_, static_cast<const int8_t*>(x), static_cast<const int8_t*>(y),
                                   static_cast<int8_t*>(o)), "mf_minimum_s8");
        break;
      case ir::DType::kInt16:
        check_status(mf_minimum_s16(&shape_, static_cast<const int16_t*>(x), static_cast<const int16_t*>(y),
                                    static_cast<int16_t*>(o)), "mf_minimum_s16");
        break;
      case ir::DType::kInt32:
        check_status(mf_minimum_s32(&shape_, static_cast<const int32_t*>(x), static_cast<const int32_t*>(y),
                                    static_cast<int32_t*>(o)), "mf_minimum_s32");
        break;
      default:
        check_status(mf_minimum_f32(&shape_, static_cast<const float*>(x), static_cast<const float*>(y),
                                    static_cast<float*>(o)), "mf_minimum_f32");
        break;
    }
  }
  std::string kernel_name() const override {
    switch (type_) {
      case ir::DType::kInt8: return "mf_minimum_s8";
      case ir::DType::kInt16: return "mf_minimum_s16";
      case ir::DType::kInt32: return "mf_minimum_s32";
      default: return "mf_minimum_f32";
    }
  }

  int32_t inplace_input() const override { return inplace_; }
  void emit(emit::EmitContext& ctx) const override {
    const std::string shape = ctx.constant("mf_bcast", "shape", bcast_initializer(shape_));
    ctx.call(kernel_name(), {address_of(shape), ctx.input(0), ctx.input(1), ctx.output(0)});
  }

 private:
  ir::DType type_;
  mf_bcast shape_;
  int32_t inplace_;
};

}  // namespace

std::unique_ptr<PreparedOp> prepare_minimum(const ir::Graph& g, const ir::Op& op) {
  ew_require_operands(op, 2, 1);
  const ir::Tensor& a = ew_input(g, op, 0);
  const ir::Tensor& b = ew_input(g, op, 1);
  const ir::Tensor& out = g.op_output(op, 0);
  if (a.dtype != b.dtype || a.dtype != out.dtype) {
    op_error(op, "input and output types differ (" + dtype_signature(g, op) + ")",
             "MINIMUM needs one element type for both inputs and the output");
  }
  switch (out.dtype) {
    case ir::DType::kInt8:
    case ir::DType::kInt16:
    case ir::DType::kInt32:
    case ir::DType::kFloat32:
      break;
    default:
      op_error(op, "element type combination " + dtype_signature(g, op) + " is not supported",
               "MINIMUM supports int8, int16, int32 and float32");
  }
  // TFLM compares raw values; that is only meaningful when all operands share one quantization.
  if (!ew_same_quant(a, out) || !ew_same_quant(b, out)) {
    op_error(op, "inputs and output have different quantization, which MINIMUM cannot requantize",
             "give both inputs the output's scale and zero point");
  }
  const mf_bcast shape = make_bcast(op, a, b, out);
  return std::make_unique<MinimumOp>(out.dtype, shape, bcast_inplace_input(shape, a, b, out));
}

}  // namespace mcuforge::ops
