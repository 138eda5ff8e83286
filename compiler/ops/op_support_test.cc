// SPDX-License-Identifier: Apache-2.0
// The op support table (ops/op_support.def) and the refusals of ops without a kernel.
#include "ops/op_support.h"

#include <gtest/gtest.h>

namespace mcuforge::ops {
namespace {

TEST(OpSupport, TableIsSortedAndHasDtypes) {
  const auto& table = supported_ops();
  ASSERT_FALSE(table.empty());
  for (size_t k = 0; k < table.size(); ++k) {
    EXPECT_FALSE(table[k].dtypes.empty()) << table[k].name;
    if (k > 0) EXPECT_LT(table[k - 1].name, table[k].name);
  }
}

TEST(OpSupport, ControlFlowAndResourceVariablesSayWhyAndWhatToDo) {
  for (ir::OpType t : {ir::OpType::IF, ir::OpType::WHILE}) {
    const Refusal r = unsupported_reason(t, "IF");
    EXPECT_NE(r.what.find("control flow"), std::string::npos);
    EXPECT_NE(r.hint.find("tf.where"), std::string::npos);
  }
  for (ir::OpType t : {ir::OpType::CALL_ONCE, ir::OpType::VAR_HANDLE, ir::OpType::READ_VARIABLE,
                       ir::OpType::ASSIGN_VARIABLE}) {
    const Refusal r = unsupported_reason(t, "VAR_HANDLE");
    EXPECT_NE(r.what.find("resource variables"), std::string::npos);
    EXPECT_NE(r.hint.find("extra input"), std::string::npos);
  }
  EXPECT_EQ(unsupported_reason(ir::OpType::HASHTABLE_LOOKUP, "HASHTABLE_LOOKUP").brief, "no kernel yet");
}

}  // namespace
}  // namespace mcuforge::ops
