// SPDX-License-Identifier: Apache-2.0
// LOGISTIC: int8 through gemmlowp's fixed-point logistic on the input rescaled to Q4.27, and float32
// (tflm-arithmetic.md sections 10 and 11). int16 is not implemented yet. The checks and the op are
// shared with TANH (activation_util.h).
#include "mcuforge/mf_activations.h"
#include "ops/activation_util.h"

namespace mcuforge::ops {
namespace {

// TFLM's int8 LOGISTIC output: zero point -128, scale 1/256.
constexpr SigmoidKernels kLogisticKernels = {
    "LOGISTIC", -128, "1/256", &mf_logistic_f32, "mf_logistic_f32", &mf_logistic_s8, "mf_logistic_s8",
};

}  // namespace

std::unique_ptr<PreparedOp> prepare_logistic(const ir::Graph& g, const ir::Op& op) {
  return prepare_sigmoid(g, op, kLogisticKernels);
}

}  // namespace mcuforge::ops
