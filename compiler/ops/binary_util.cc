// SPDX-License-Identifier: Apache-2.0
#include "ops/binary_util.h"

#include <fmt/format.h>

#include "ops/op.h"
#include "ops/quant_util.h"

namespace mcuforge::ops {

mf_requant smaller_than_one(const ir::Op& op, double m, const std::string& what, const std::string& op_name) {
  if (!(m > 0.0 && m < 1.0)) {
    op_error(op, fmt::format("the {} rescaling factor {} is outside (0, 1), which TFLM's {} cannot represent",
                             what, m, op_name),
             "choose tensor scales that keep the factor below 1 (TFLM aborts on this model)");
  }
  return quantize_multiplier(m);  // {0, 0} below ~2^-32, as TFLM
}

void require_unquantized(const ir::Op& op, const ir::Tensor& t, const std::string& role) {
  if (!t.quant.empty()) {
    op_error(op, role + " '" + t.name + "' (" + std::string(ir::dtype_name(t.dtype)) +
                     ") carries quantization parameters, which TFLM does not support for this op",
             "remove the quantization of the int32 tensors");
  }
}

}  // namespace mcuforge::ops
