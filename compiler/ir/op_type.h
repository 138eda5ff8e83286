// SPDX-License-Identifier: Apache-2.0
// Operator kinds of the IR, generated from ir/op_list.def (every TFLite builtin plus import-only ops).
// The vocabulary is not the kernel list: an op of any kind is representable and inspectable; only what
// must run or compile it (ops' prepare, from ops/ops.def) refuses an op without a kernel.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace mcuforge::ir {

enum class OpType {
#define MF_IR_OP(NAME, tflite_code) NAME,
#include "ir/op_list.def"
#undef MF_IR_OP
  kUnknownBuiltin,  // a builtin code newer than op_list.def; the code is kept in Op::source_code
  kCustom,          // a custom (vendor) op, named by its custom code
};

constexpr int32_t kNoTfliteCode = -1;  // an import-only op: no TFLite builtin

std::string_view op_type_name(OpType t);
std::optional<OpType> op_type_from_name(std::string_view name);
// The op's TFLite BuiltinOperator code, or kNoTfliteCode (import-only, unknown builtin, custom).
int32_t op_tflite_code(OpType t);
// The op for a TFLite builtin code; nullopt for codes op_list.def does not know (and for CUSTOM).
std::optional<OpType> op_type_from_tflite_code(int32_t code);
// True for the import-only rows: a pass must lower them before they can run or be written as TFLite.
bool op_is_import_only(OpType t);

}  // namespace mcuforge::ir
