// SPDX-License-Identifier: Apache-2.0
// Operator kinds of the IR, generated from ir/op_list.def (the kernels are listed in ops/ops.def).
#pragma once

#include <optional>
#include <string_view>

namespace mcuforge::ir {

enum class OpType {
#define MF_IR_OP(NAME) NAME,
#include "ir/op_list.def"
#undef MF_IR_OP
  kUnsupported,  // a builtin op of the source format that mcuforge has no kernel for
  kCustom,       // a custom (vendor) op
};

std::string_view op_type_name(OpType t);
std::optional<OpType> op_type_from_name(std::string_view name);

}  // namespace mcuforge::ir
