// SPDX-License-Identifier: Apache-2.0
// The graph editor, one operation at a time, on small hand-built graphs (op types are only labels
// here: the editor never looks at what an op computes). That editing a real model keeps its outputs
// is checked on the corpus in passes/pass_corpus_test.cc.
#include "ir/graph_editor.h"

#include <gtest/gtest.h>

namespace mcuforge::ir {
namespace {

int32_t activation(Graph& g, const std::string& name) {
  Tensor t;
  t.name = name;
  t.dtype = DType::kInt8;
  t.shape = {1, 4};
  return add_tensor(g, std::move(t));
}

int32_t constant(Graph& g, const std::string& name) {
  Tensor t;
  t.name = name;
  t.dtype = DType::kInt8;
  t.shape = {4};
  t.data.assign(4, 1);
  t.kind = TensorKind::kConstant;
  return add_tensor(g, std::move(t));
}

Op make_op(OpType type, std::vector<int32_t> inputs, std::vector<int32_t> outputs) {
  Op op;
  op.type = type;
  op.name = std::string(op_type_name(type));
  op.inputs = std::move(inputs);
  op.outputs = std::move(outputs);
  return op;
}

void append(Graph& g, OpType type, std::vector<int32_t> inputs, std::vector<int32_t> outputs) {
  insert_op(g, g.ops.size(), make_op(type, std::move(inputs), std::move(outputs)));
}

// x -> ADD(x, c) -> a -> TANH -> b (output); a also feeds LOGISTIC -> d, which nothing reads.
struct Chain {
  Graph g;
  int32_t x, c, a, b, d;
  Chain() {
    x = activation(g, "x");
    c = constant(g, "c");
    a = activation(g, "a");
    b = activation(g, "b");
    d = activation(g, "d");
    g.inputs = {x};
    g.outputs = {b};
    append(g, OpType::ADD, {x, c}, {a});
    append(g, OpType::TANH, {a}, {b});
    append(g, OpType::LOGISTIC, {a}, {d});
  }
};

void expect_indices_match_positions(const Graph& g) {
  for (size_t k = 0; k < g.ops.size(); ++k) EXPECT_EQ(g.ops[k].index, static_cast<int32_t>(k));
}

TEST(GraphEditor, AddTensorAppendsAndReturnsItsIndex) {
  Graph g;
  EXPECT_EQ(activation(g, "first"), 0);
  EXPECT_EQ(constant(g, "second"), 1);
  ASSERT_EQ(g.tensors.size(), 2u);
  EXPECT_EQ(g.tensors[1].name, "second");
  EXPECT_TRUE(g.tensors[1].is_constant());
}

TEST(GraphEditor, InsertOpAtAPositionRenumbers) {
  Chain m;
  const int32_t e = activation(m.g, "e");
  EXPECT_EQ(insert_op(m.g, 1, make_op(OpType::RESHAPE, {m.a}, {e})), 1);
  ASSERT_EQ(m.g.ops.size(), 4u);
  EXPECT_EQ(m.g.ops[0].type, OpType::ADD);
  EXPECT_EQ(m.g.ops[1].type, OpType::RESHAPE);
  EXPECT_EQ(m.g.ops[2].type, OpType::TANH);
  expect_indices_match_positions(m.g);
  insert_op(m.g, 0, make_op(OpType::RESHAPE, {m.x}, {activation(m.g, "f")}));
  EXPECT_EQ(m.g.ops[0].type, OpType::RESHAPE);
  expect_indices_match_positions(m.g);
  EXPECT_THROW(insert_op(m.g, 99, Op{}), std::out_of_range);
}

TEST(GraphEditor, EraseOpRenumbersAndKeepsTensors) {
  Chain m;
  erase_op(m.g, 1);
  ASSERT_EQ(m.g.ops.size(), 2u);
  EXPECT_EQ(m.g.ops[1].type, OpType::LOGISTIC);
  expect_indices_match_positions(m.g);
  EXPECT_EQ(m.g.tensors.size(), 5u);
  EXPECT_THROW(erase_op(m.g, 2), std::out_of_range);
}

TEST(GraphEditor, ProducerAndConsumers) {
  Chain m;
  EXPECT_EQ(producer(m.g, m.a), 0);
  EXPECT_EQ(producer(m.g, m.b), 1);
  EXPECT_EQ(producer(m.g, m.x), -1);  // graph input
  EXPECT_EQ(producer(m.g, m.c), -1);  // constant
  EXPECT_EQ(consumers(m.g, m.a), (std::vector<int32_t>{1, 2}));
  EXPECT_EQ(consumers(m.g, m.b), std::vector<int32_t>{});  // read only as a graph output
  append(m.g, OpType::MUL, {m.d, m.d}, {activation(m.g, "sq")});
  EXPECT_EQ(consumers(m.g, m.d), std::vector<int32_t>{3});  // an op reading it twice is listed once
}

TEST(GraphEditor, ReplaceUsesChangesOpInputsAndGraphOutputs) {
  Chain m;
  const int32_t a2 = activation(m.g, "a2");
  EXPECT_EQ(replace_uses(m.g, m.a, a2), 2);
  EXPECT_EQ(m.g.ops[1].inputs[0], a2);
  EXPECT_EQ(m.g.ops[2].inputs[0], a2);
  EXPECT_EQ(m.g.ops[0].outputs[0], m.a);  // the writer still writes the old tensor

  const int32_t b2 = activation(m.g, "b2");
  EXPECT_EQ(replace_uses(m.g, m.b, b2), 1);
  EXPECT_EQ(m.g.outputs, std::vector<int32_t>{b2});
}

TEST(GraphEditor, ReplaceUsesOnlyAfterAnOp) {
  Chain m;
  const int32_t a2 = activation(m.g, "a2");
  EXPECT_EQ(replace_uses(m.g, m.a, a2, /*after_op=*/1), 1);
  EXPECT_EQ(m.g.ops[1].inputs[0], m.a);  // op 1 and before keep reading a
  EXPECT_EQ(m.g.ops[2].inputs[0], a2);
  EXPECT_EQ(replace_uses(m.g, m.b, a2, /*after_op=*/2), 1);  // graph outputs count as after every op
  EXPECT_EQ(m.g.outputs, std::vector<int32_t>{a2});
}

TEST(GraphEditor, RemoveDeadOpsRemovesUnreadChains) {
  Chain m;
  // LOGISTIC's output d is unread; a chain d -> RESHAPE -> e dies with it.
  append(m.g, OpType::RESHAPE, {m.d}, {activation(m.g, "e")});
  EXPECT_EQ(remove_dead_ops(m.g), 2u);
  ASSERT_EQ(m.g.ops.size(), 2u);
  EXPECT_EQ(m.g.ops[0].type, OpType::ADD);
  EXPECT_EQ(m.g.ops[1].type, OpType::TANH);
  expect_indices_match_positions(m.g);
  EXPECT_EQ(remove_dead_ops(m.g), 0u);
}

TEST(GraphEditor, RemoveDeadOpsKeepsStateWritersAndOpsWithUnknownEffects) {
  Chain m;
  const int32_t s = activation(m.g, "state");
  m.g.tensors[static_cast<size_t>(s)].kind = TensorKind::kState;
  append(m.g, OpType::SVDF, {m.a}, {s, activation(m.g, "unread")});  // writes state: kept
  Op custom = make_op(OpType::kCustom, {m.a}, {activation(m.g, "custom_out")});
  custom.name = "ethos-u";
  insert_op(m.g, m.g.ops.size(), custom);  // outputs unread, but what else it does is unknown: kept
  append(m.g, OpType::kCustom, {m.a}, {});  // no outputs: exists for its effect, kept
  EXPECT_EQ(remove_dead_ops(m.g), 1u);  // only LOGISTIC
  ASSERT_EQ(m.g.ops.size(), 5u);
  EXPECT_EQ(m.g.ops[2].type, OpType::SVDF);
  EXPECT_EQ(m.g.ops[3].type, OpType::kCustom);
}

TEST(GraphEditor, RemoveDeadTensorsCompactsAndRemapsEveryReference) {
  Chain m;
  erase_op(m.g, 2);  // d is now unreferenced
  const int32_t unused = constant(m.g, "unused");
  const int32_t late = activation(m.g, "late");
  append(m.g, OpType::FULLY_CONNECTED, {m.b, m.c, kNoTensor}, {late});
  m.g.outputs = {late, m.b};

  const std::vector<int32_t> map = remove_dead_tensors(m.g);
  ASSERT_EQ(map.size(), 7u);
  EXPECT_EQ(map[static_cast<size_t>(m.d)], kNoTensor);
  EXPECT_EQ(map[static_cast<size_t>(unused)], kNoTensor);
  EXPECT_EQ(map[static_cast<size_t>(late)], 4);  // x, c, a, b keep 0..3; late moves from 6 to 4
  ASSERT_EQ(m.g.tensors.size(), 5u);
  EXPECT_EQ(m.g.tensors[4].name, "late");
  EXPECT_EQ(m.g.inputs, std::vector<int32_t>{0});
  EXPECT_EQ(m.g.outputs, (std::vector<int32_t>{4, 3}));
  EXPECT_EQ(m.g.ops[2].inputs, (std::vector<int32_t>{3, 1, kNoTensor}));  // absent input stays absent
  EXPECT_EQ(m.g.ops[2].outputs, std::vector<int32_t>{4});
}

TEST(GraphEditor, RenumberGivesDenseOpAndTensorNumbers) {
  Chain m;
  m.g.ops.pop_back();  // by hand, as a pass might: LOGISTIC gone, d unreferenced, indices stale
  std::swap(m.g.ops[0].index, m.g.ops[1].index);
  renumber(m.g);
  expect_indices_match_positions(m.g);
  ASSERT_EQ(m.g.tensors.size(), 4u);
  EXPECT_EQ(m.g.tensors[3].name, "b");
  EXPECT_EQ(m.g.ops[1].outputs, std::vector<int32_t>{3});
}

}  // namespace
}  // namespace mcuforge::ir
