// SPDX-License-Identifier: Apache-2.0
#include "ir/op_type.h"

#include <array>

namespace mcuforge::ir {
namespace {

constexpr std::array kNames = {
#define MF_IR_OP(NAME) std::string_view(#NAME),
#include "ir/op_list.def"
#undef MF_IR_OP
};

}  // namespace

std::string_view op_type_name(OpType t) {
  if (t == OpType::kUnsupported) return "UNSUPPORTED";
  if (t == OpType::kCustom) return "CUSTOM";
  return kNames[static_cast<size_t>(t)];
}

std::optional<OpType> op_type_from_name(std::string_view name) {
  for (size_t i = 0; i < kNames.size(); ++i) {
    if (kNames[i] == name) return static_cast<OpType>(i);
  }
  return std::nullopt;
}

}  // namespace mcuforge::ir
