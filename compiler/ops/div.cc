// SPDX-License-Identifier: Apache-2.0
// DIV: float32 and int32 (truncating) with TFLite broadcasting and fused activations. TFLM's
// quantized int8 DIV is not implemented yet.
#include "mcuforge/mf_elementwise.h"
#include "ops/arith_util.h"
#include "ops/elementwise_util.h"
#include "ops/op.h"

namespace mcuforge::ops {
namespace {

constexpr ArithKernels kDivKernels = {&mf_div_f32, "mf_div_f32", &mf_div_s32, "mf_div_s32"};

}  // namespace

std::unique_ptr<PreparedOp> prepare_div(const ir::Graph& g, const ir::Op& op) {
  const ArithOperands operands = arith_operands(g, op, "DIV");
  const ir::Tensor& out = operands.out;
  if (out.dtype == ir::DType::kFloat32) return make_arith_f32(op, kDivKernels, operands);
  if (out.dtype == ir::DType::kInt32) {
    if (!operands.a.quant.empty() || !operands.b.quant.empty()) {
      op_error(op, "quantized int32 DIV is not supported (TFLM supports only plain int32)");
    }
    return make_arith_s32(op, kDivKernels, operands);
  }
  op_error(op, "element type combination " + dtype_signature(g, op) + " is not supported",
           out.dtype == ir::DType::kInt8 ? "quantized int8 DIV is not implemented in mcuforge yet"
                                         : "DIV supports float32 and int32");
}

}  // namespace mcuforge::ops
