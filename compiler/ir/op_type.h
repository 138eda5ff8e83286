// SPDX-License-Identifier: Apache-2.0
// Operator kinds of the IR. Generated from compiler/ops/ops.def so that the list exists once.
#pragma once

#include <optional>
#include <string_view>

namespace mcuforge::ir {

enum class OpType {
#define MF_OP(NAME, stem) NAME,
#include "ops/ops.def"
#undef MF_OP
  kUnsupported,  // a builtin op of the source format that mcuforge has no kernel for
  kCustom,       // a custom (vendor) op
};

std::string_view op_type_name(OpType t);
std::optional<OpType> op_type_from_name(std::string_view name);

}  // namespace mcuforge::ir
