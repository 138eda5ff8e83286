// SPDX-License-Identifier: Apache-2.0
// The op vocabulary (ir/op_list.def): every TFLite builtin code 0..209 except CUSTOM maps to one op and
// back, names are unique, and import-only ops have no code.
#include "ir/op_type.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace mcuforge::ir {
namespace {

TEST(OpVocabulary, EveryBuiltinCodeMapsToOneOpAndBack) {
  int builtins = 0;
  for (int32_t code = 0; code <= 209; ++code) {
    const auto t = op_type_from_tflite_code(code);
    if (code == 32) {  // CUSTOM: named by the custom code, not a row
      EXPECT_FALSE(t);
      continue;
    }
    ASSERT_TRUE(t) << code;
    EXPECT_EQ(op_tflite_code(*t), code);
    EXPECT_FALSE(op_is_import_only(*t));
    ++builtins;
  }
  EXPECT_EQ(builtins, 209);
  EXPECT_FALSE(op_type_from_tflite_code(4000));
  EXPECT_EQ(op_type_name(*op_type_from_tflite_code(3)), "CONV_2D");
  EXPECT_EQ(op_type_name(*op_type_from_tflite_code(209)), "STABLEHLO_CASE");
}

TEST(OpVocabulary, NamesAreUniqueAndImportOnlyOpsHaveNoCode) {
  std::set<std::string> names;
  for (int i = 0; i < static_cast<int>(OpType::kUnknownBuiltin); ++i) {
    const auto t = static_cast<OpType>(i);
    EXPECT_TRUE(names.insert(std::string(op_type_name(t))).second) << op_type_name(t);
    EXPECT_EQ(op_type_from_name(op_type_name(t)), t);
  }
  EXPECT_TRUE(op_is_import_only(OpType::BATCH_NORMALIZATION));
  EXPECT_EQ(op_tflite_code(OpType::GEMM), kNoTfliteCode);
  EXPECT_EQ(op_tflite_code(OpType::kCustom), kNoTfliteCode);
}

}  // namespace
}  // namespace mcuforge::ir
