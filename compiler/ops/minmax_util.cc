// SPDX-License-Identifier: Apache-2.0
#include "ops/minmax_util.h"

#include "ops/call_writer.h"
#include "ops/conv_util.h"
#include "ops/elementwise_util.h"

namespace mcuforge::ops {
namespace {

class MinMaxOp : public PreparedOp {
 public:
  MinMaxOp(const MinMaxKernels& k, ir::DType t, const mf_bcast& s, int32_t inplace)
      : k_(k), type_(t), shape_(s), inplace_(inplace) {}
  void run(const OpBuffers& b) const override {
    const void* x = b.inputs[0];
    const void* y = b.inputs[1];
    void* o = b.outputs[0];
    switch (type_) {
      case ir::DType::kInt8:
        check_status(k_.s8(&shape_, static_cast<const int8_t*>(x), static_cast<const int8_t*>(y),
                           static_cast<int8_t*>(o)), k_.s8_name);
        break;
      case ir::DType::kInt16:
        check_status(k_.s16(&shape_, static_cast<const int16_t*>(x), static_cast<const int16_t*>(y),
                            static_cast<int16_t*>(o)), k_.s16_name);
        break;
      case ir::DType::kInt32:
        check_status(k_.s32(&shape_, static_cast<const int32_t*>(x), static_cast<const int32_t*>(y),
                            static_cast<int32_t*>(o)), k_.s32_name);
        break;
      default:
        check_status(k_.f32(&shape_, static_cast<const float*>(x), static_cast<const float*>(y),
                            static_cast<float*>(o)), k_.f32_name);
        break;
    }
  }
  std::string kernel_name() const override {
    switch (type_) {
      case ir::DType::kInt8: return k_.s8_name;
      case ir::DType::kInt16: return k_.s16_name;
      case ir::DType::kInt32: return k_.s32_name;
      default: return k_.f32_name;
    }
  }

  int32_t inplace_input() const override { return inplace_; }
  void emit(CallWriter& ctx) const override {
    const std::string shape = ctx.constant("mf_bcast", "shape", bcast_initializer(shape_));
    ctx.call(kernel_name(), {address_of(shape), ctx.input(0), ctx.input(1), ctx.output(0)});
  }

 private:
  const MinMaxKernels& k_;
  ir::DType type_;
  mf_bcast shape_;
  int32_t inplace_;
};

}  // namespace

std::unique_ptr<PreparedOp> prepare_min_max(const ir::Graph& g, const ir::Op& op, const MinMaxKernels& kernels) {
  const std::string name = kernels.op_name;
  ew_require_operands(op, 2, 1);
  const ir::Tensor& a = ew_input(g, op, 0);
  const ir::Tensor& b = ew_input(g, op, 1);
  const ir::Tensor& out = g.op_output(op, 0);
  if (a.dtype != b.dtype || a.dtype != out.dtype) {
    op_error(op, "input and output types differ (" + dtype_signature(g, op) + ")",
             name + " needs one element type for both inputs and the output");
  }
  switch (out.dtype) {
    case ir::DType::kInt8:
    case ir::DType::kInt16:
    case ir::DType::kInt32:
    case ir::DType::kFloat32:
      break;
    default:
      op_error(op, "element type combination " + dtype_signature(g, op) + " is not supported",
               name + " supports int8, int16, int32 and float32");
  }
  // TFLM compares raw values; that is only meaningful when all operands share one quantization.
  if (!ew_same_quant(a, out) || !ew_same_quant(b, out)) {
    op_error(op, "inputs and output have different quantization, which " + name + " cannot requantize",
             "give both inputs the output's scale and zero point");
  }
  const mf_bcast shape = make_bcast(op, a, b, out);
  return std::make_unique<MinMaxOp>(kernels, out.dtype, shape, bcast_inplace_input(shape, a, b, out));
}

}  // namespace mcuforge::ops
