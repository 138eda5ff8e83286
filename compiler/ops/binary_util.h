// SPDX-License-Identifier: Apache-2.0
// Helpers of the table-driven binary families (binary.cc: SUB, SQUARED_DIFFERENCE, FLOOR_DIV,
// FLOOR_MOD, ADD_N; comparison.cc: EQUAL ... LESS_EQUAL; logical.cc: LOGICAL_AND / OR, SELECT_V2).
#pragma once

#include <string>

#include "ir/graph.h"
#include "mcuforge/mf_types.h"

namespace mcuforge::ops {

// TFLite's QuantizeMultiplierSmallerThanOneExp: 0 < m < 1 (TFLM aborts otherwise, so the op is
// refused naming `what` and `op_name`); a multiplier below ~2^-32 becomes {0, 0}.
mf_requant smaller_than_one(const ir::Op& op, double m, const std::string& what, const std::string& op_name);

// Refuses quantization parameters on an unquantized-only dtype (TFLM's int32 SUB, say).
void require_unquantized(const ir::Op& op, const ir::Tensor& t, const std::string& role);

}  // namespace mcuforge::ops
