// SPDX-License-Identifier: Apache-2.0
// Exact C99 literals for generated code: integers that survive -Wall -pedantic (INT32_MIN, int64),
// floats as hexadecimal literals so every bit of a weight or parameter is kept. Shared by the ops (their
// emit()), code generation (emit/) and deploy, so it sits just above the IR.
#pragma once

#include <cstdint>
#include <span>
#include <string>

#include "ir/dtype.h"

namespace mcuforge::c99 {

std::string int_literal(int64_t v);
std::string float_literal(float v);
// C element type of a dtype, e.g. "int8_t", "float".
std::string c_type(ir::DType t);
// "{1, 2, 3}" with line breaks every `per_line` elements, for raw little-endian tensor bytes of `t`.
std::string array_initializer(ir::DType t, std::span<const uint8_t> bytes, int per_line = 16);

}  // namespace mcuforge::c99
