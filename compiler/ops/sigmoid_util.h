// SPDX-License-Identifier: Apache-2.0
// Input rescaling shared by int8 LOGISTIC and TANH: TFLM maps the input to Q4.27 with a multiplier
// taken straight from frexp (no QuantizeMultiplier rounding fix-up) and saturates inputs beyond the
// radius where that rescaling would overflow.
#pragma once

#include "ir/graph.h"
#include "mcuforge/mf_activations.h"

namespace mcuforge::ops {

mf_sigmoid_s8_params sigmoid_s8_params(const ir::Op& op, const ir::Tensor& input);

}  // namespace mcuforge::ops
