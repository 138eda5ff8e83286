// SPDX-License-Identifier: Apache-2.0
// Reads and writes any TFLite builtin options table (both options unions) generically, driven by the
// binary schema of our schema.fbs (flatbuffers reflection), so that the options of every op without a
// typed IR struct are kept as ir::GenericOptions and written back field by field. One piece of code
// for all ~150 tables: adding a table to schema.fbs is all it takes.
#pragma once

#include <flatbuffers/flatbuffers.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "ir/op_options.h"

namespace mcuforge::tflite {

// Which of the Operator's two options unions a table belongs to, and its type code there.
struct OptionsUnionMember {
  int union_number = 1;  // 1: builtin_options (BuiltinOptions), 2: builtin_options_2 (BuiltinOptions2)
  uint8_t type = 0;
};

// The table name of member `type` of options union 1 or 2; empty if the schema has no such member.
std::string options_table_name(int union_number, uint8_t type);
std::optional<OptionsUnionMember> options_union_member(std::string_view table_name);

// Every field of `table` (an options table named `table_name`, already checked by the verifier), in
// declaration order: scalars always (their default when absent), strings and vectors when present.
ir::GenericOptions read_generic_options(std::string_view table_name, const flatbuffers::Table& table);

// Writes `options` as its table; throws mcuforge::Error for an unknown table or field, or a value that
// does not fit the field's type.
flatbuffers::Offset<void> write_generic_options(flatbuffers::FlatBufferBuilder& fbb,
                                                const ir::GenericOptions& options);

}  // namespace mcuforge::tflite
