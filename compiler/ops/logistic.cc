// SPDX-License-Identifier: Apache-2.0
// LOGISTIC: int8 through gemmlowp's fixed-point logistic on the input rescaled to Q4.27, int16 through
// TFLM's interpolated sigmoid table (ops/activation_family.cc) and float32 (tflm-arithmetic.md
// sections 10 and 11). The checks and the op are shared with TANH (activation_util.h).
#include "mcuforge/mf_activations.h"
#include "ops/activation_util.h"

namespace mcuforge::ops {
namespace {

// The int8 output quantization TFLM's kernel produces is an op fact (opdefs/op_defs.cc).
constexpr SigmoidKernels kLogisticKernels = {
    "LOGISTIC", &mf_logistic_f32, "mf_logistic_f32", &mf_logistic_s8, "mf_logistic_s8",
    &mf_logistic_s16, "mf_logistic_s16", 0,
};

}  // namespace

std::unique_ptr<PreparedOp> prepare_logistic(const ir::Graph& g, const ir::Op& op) {
  return prepare_sigmoid(g, op, kLogisticKernels);
}

}  // namespace mcuforge::ops
