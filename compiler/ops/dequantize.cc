// SPDX-License-Identifier: Apache-2.0
// DEQUANTIZE: int8 / int16 (and uint8) -> float32, y = scale * (x - zero_point).
#include <fmt/format.h>

#include "c99/c_literals.h"
#include "mcuforge/mf_convert.h"
#include "ops/call_writer.h"
#include "ops/conv_util.h"
#include "ops/elementwise_util.h"
#include "ops/op.h"
#include "ops/quant_util.h"

namespace mcuforge::ops {
namespace {

class Dequantize : public PreparedOp {
 public:
  Dequantize(const mf_dequantize_params& p, int32_t count) : p_(p), count_(count) {}
  void run(const OpBuffers& b) const override {
    check_status(mf_dequantize(&p_, count_, b.inputs[0], static_cast<float*>(b.outputs[0])), "mf_dequantize");
  }
  std::string kernel_name() const override { return "mf_dequantize"; }
  // No inplace_input(): the float output is wider than the integer input.
  void emit(CallWriter& ctx) const override {
    const std::string params =
        ctx.constant("mf_dequantize_params", "params",
                     fmt::format("{{{}, {}, {}}}", elem_type_name(p_.input_type), c99::float_literal(p_.scale),
                                 c99::int_literal(p_.zero_point)));
    ctx.call(kernel_name(), {address_of(params), std::to_string(count_), ctx.input(0), ctx.output(0)});
  }

 private:
  mf_dequantize_params p_;
  int32_t count_;
};

}  // namespace

std::unique_ptr<PreparedOp> prepare_dequantize(const ir::Graph& g, const ir::Op& op) {
  ew_require_operands(op, 1, 1);
  const ir::Tensor& in = ew_input(g, op, 0);
  const ir::Tensor& out = g.op_output(op, 0);
  if (in.num_elements() != out.num_elements()) {
    op_error(op, "input shape " + ir::shape_to_string(in.shape) + " and output shape " +
                     ir::shape_to_string(out.shape) + " have different element counts");
  }
  const bool in_ok = in.dtype == ir::DType::kInt8 || in.dtype == ir::DType::kInt16 || in.dtype == ir::DType::kUInt8;
  if (!in_ok || out.dtype != ir::DType::kFloat32) {
    op_error(op, "element type combination " + dtype_signature(g, op) + " is not supported",
             in.dtype == ir::DType::kFloat16 ? "float16 weights (DEQUANTIZE of fp16) are not supported"
                                              : "DEQUANTIZE supports int8, uint8 and int16 -> float32");
  }
  check_per_tensor_quant(op, in, "input");
  mf_dequantize_params p{};
  p.input_type = elem_type(op, in.dtype);
  p.scale = in.quant.scale[0];
  p.zero_point = zero_point_of(in);
  return std::make_unique<Dequantize>(p, ew_count(op, in));
}

}  // namespace mcuforge::ops
