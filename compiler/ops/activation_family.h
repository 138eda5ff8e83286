// SPDX-License-Identifier: Apache-2.0
// The activation family's entry points used outside activation_family.cc: the int16 forms of LOGISTIC
// and TANH (prepare_sigmoid in activation_util.cc hands them over). RELU, RELU6, LEAKY_RELU, ELU,
// PRELU, LOG_SOFTMAX and L2_NORMALIZATION are prepared in activation_family.cc from one op table.
#pragma once

#include <memory>

#include "ir/graph.h"
#include "mcuforge/mf_activations.h"
#include "ops/activation_util.h"
#include "ops/op.h"

namespace mcuforge::ops {

// int16 LOGISTIC / TANH on validated unary operands of dtype int16: TFLM's prepare (zero points 0, the
// input rescaled to the sigmoid table's grid, a power-of-two input scale taken as is when its shift is
// at most `max_pot_shift`, output scale 2^-15).
std::unique_ptr<PreparedOp> prepare_sigmoid_s16(const ir::Op& op, const UnaryOperands& u, SigmoidS16Kernel kernel,
                                                const char* kernel_name, int32_t max_pot_shift);

}  // namespace mcuforge::ops
