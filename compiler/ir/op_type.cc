// SPDX-License-Identifier: Apache-2.0
#include "ir/op_type.h"

#include <array>

namespace mcuforge::ir {
namespace {

struct OpRow {
  std::string_view name;
  int32_t tflite_code;
};

constexpr std::array kOps = {
#define MF_IR_OP(NAME, tflite_code) OpRow{#NAME, tflite_code},
#include "ir/op_list.def"
#undef MF_IR_OP
};

bool is_row(OpType t) { return static_cast<size_t>(t) < kOps.size(); }

}  // namespace

std::string_view op_type_name(OpType t) {
  if (t == OpType::kUnknownBuiltin) return "UNKNOWN_BUILTIN";
  if (t == OpType::kCustom) return "CUSTOM";
  return kOps[static_cast<size_t>(t)].name;
}

std::optional<OpType> op_type_from_name(std::string_view name) {
  for (size_t i = 0; i < kOps.size(); ++i) {
    if (kOps[i].name == name) return static_cast<OpType>(i);
  }
  return std::nullopt;
}

int32_t op_tflite_code(OpType t) { return is_row(t) ? kOps[static_cast<size_t>(t)].tflite_code : kNoTfliteCode; }

std::optional<OpType> op_type_from_tflite_code(int32_t code) {
  if (code < 0) return std::nullopt;
  // The builtin rows are in code order without gaps, so the code is usually the row itself.
  if (static_cast<size_t>(code) < kOps.size() && kOps[static_cast<size_t>(code)].tflite_code == code) {
    return static_cast<OpType>(code);
  }
  for (size_t i = 0; i < kOps.size(); ++i) {
    if (kOps[i].tflite_code == code) return static_cast<OpType>(i);
  }
  return std::nullopt;
}

bool op_is_import_only(OpType t) { return is_row(t) && kOps[static_cast<size_t>(t)].tflite_code == kNoTfliteCode; }

}  // namespace mcuforge::ir
