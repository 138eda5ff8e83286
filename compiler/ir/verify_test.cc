// SPDX-License-Identifier: Apache-2.0
// The IR verifier: one test per invariant, each breaking exactly that invariant in an otherwise valid
// graph and checking the message names it. Every corpus model verifying after loading is checked in
// passes/pass_corpus_test.cc.
#include "ir/verify.h"

#include <gtest/gtest.h>

#include <stdexcept>

namespace mcuforge::ir {
namespace {

// x (input) -> FULLY_CONNECTED(x, w, bias absent) -> y -> TANH -> z (output); s is a state tensor.
struct Valid {
  Graph g;
  int32_t x = 0, w = 1, y = 2, z = 3, s = 4;
  Valid() {
    g.tensors.resize(5);
    const char* names[] = {"x", "w", "y", "z", "s"};
    for (size_t i = 0; i < g.tensors.size(); ++i) {
      g.tensors[i].name = names[i];
      g.tensors[i].dtype = DType::kInt8;
      g.tensors[i].shape = {1, 4};
    }
    Tensor& wt = g.tensors[static_cast<size_t>(w)];
    wt.shape = {4, 4};
    wt.kind = TensorKind::kConstant;
    wt.data.assign(16, 0);
    wt.quant = {{0.1f, 0.2f, 0.3f, 0.4f}, {0, 0, 0, 0}, 0};
    g.tensors[static_cast<size_t>(s)].kind = TensorKind::kState;
    g.inputs = {x};
    g.outputs = {z};
    g.ops.push_back(op(OpType::FULLY_CONNECTED, {x, w, kNoTensor}, {y}));
    g.ops.push_back(op(OpType::TANH, {y}, {z}));
  }
  Op op(OpType type, std::vector<int32_t> in, std::vector<int32_t> out) const {
    Op o;
    o.type = type;
    o.name = std::string(op_type_name(type));
    o.index = static_cast<int32_t>(g.ops.size());
    o.inputs = std::move(in);
    o.outputs = std::move(out);
    return o;
  }
  Tensor& t(int32_t i) { return g.tensors[static_cast<size_t>(i)]; }
};

// The graph has exactly one problem and it contains `words`.
::testing::AssertionResult one_problem(const Graph& g, const std::string& words) {
  const std::vector<std::string> problems = find_problems(g);
  if (problems.size() != 1) {
    auto failure = ::testing::AssertionFailure() << problems.size() << " problems:";
    for (const auto& p : problems) failure << "\n  " << p;
    return failure;
  }
  if (problems[0].find(words) == std::string::npos) {
    return ::testing::AssertionFailure() << "'" << problems[0] << "' does not say '" << words << "'";
  }
  return ::testing::AssertionSuccess();
}

TEST(Verify, AValidGraphHasNoProblems) {
  Valid v;
  EXPECT_EQ(find_problems(v.g), std::vector<std::string>{});
  EXPECT_NO_THROW(verify(v.g, "test"));
}

TEST(Verify, TensorIndexOutOfRange) {
  Valid v;
  v.g.ops[1].inputs = {9};
  EXPECT_TRUE(one_problem(v.g, "op 1 (TANH)'s inputs refers to tensor 9 but the graph has 5 tensors"));
  Valid o;
  o.g.outputs = {5};
  EXPECT_TRUE(one_problem(o.g, "the graph's output list refers to tensor 5"));
}

TEST(Verify, AbsentTensorOnlyAsAnOpInput) {
  Valid v;
  v.g.ops[1].outputs = {kNoTensor};
  EXPECT_FALSE(find_problems(v.g).empty());
  EXPECT_NE(find_problems(v.g)[0].find("op 1 (TANH)'s outputs refers to tensor -1"), std::string::npos);
  Valid i;
  i.g.inputs = {kNoTensor};
  EXPECT_NE(find_problems(i.g).at(0).find("the graph's input list refers to tensor -1"), std::string::npos);
}

TEST(Verify, OpIndexIsItsPosition) {
  Valid v;
  std::swap(v.g.ops[0].index, v.g.ops[1].index);
  const auto problems = find_problems(v.g);
  ASSERT_EQ(problems.size(), 2u);
  EXPECT_NE(problems[0].find("op 0 (FULLY_CONNECTED) has index 1 but sits at position 0"), std::string::npos);
}

TEST(Verify, InputsAreWrittenBeforeTheyAreRead) {
  Valid v;
  std::swap(v.g.ops[0], v.g.ops[1]);
  v.g.ops[0].index = 0;
  v.g.ops[1].index = 1;
  EXPECT_TRUE(one_problem(v.g, "op 0 (TANH) reads tensor 2 'y' before any op has written it"));
}

TEST(Verify, ConstantsAndStateAreReadyFromTheStart) {
  Valid v;
  v.g.ops.push_back(v.op(OpType::ADD, {v.s, v.w}, {v.s}));  // reads state and a constant, updates state
  v.g.ops.push_back(v.op(OpType::ADD, {v.s, v.z}, {v.s}));  // a second writer of state is fine
  EXPECT_EQ(find_problems(v.g), std::vector<std::string>{});
}

TEST(Verify, CustomOpsAreNotJudgedOnTheirInputs) {
  Valid v;
  v.g.ops.push_back(v.op(OpType::kCustom, {v.y, 3}, {}));
  v.g.ops.insert(v.g.ops.begin(), v.op(OpType::kCustom, {v.z}, {}));  // reads z before it exists
  for (size_t k = 0; k < v.g.ops.size(); ++k) v.g.ops[k].index = static_cast<int32_t>(k);
  EXPECT_EQ(find_problems(v.g), std::vector<std::string>{});
}

TEST(Verify, AtMostOneProducerPerTensor) {
  Valid v;
  v.g.ops.push_back(v.op(OpType::TANH, {v.x}, {v.y}));
  EXPECT_TRUE(one_problem(v.g, "op 2 (TANH) writes tensor 2 'y', which an earlier op already writes"));
}

TEST(Verify, NoOpWritesAConstantOrAGraphInput) {
  Valid v;
  v.g.ops.push_back(v.op(OpType::TANH, {v.x}, {v.w}));
  EXPECT_TRUE(one_problem(v.g, "op 2 (TANH) writes tensor 1 'w', which is a constant"));
  Valid i;
  i.g.ops.push_back(i.op(OpType::TANH, {i.z}, {i.x}));
  EXPECT_TRUE(one_problem(i.g, "op 2 (TANH) writes tensor 0 'x', which is a graph input"));
}

TEST(Verify, GraphInputsAreActivations) {
  Valid v;
  v.g.inputs = {v.x, v.s};
  EXPECT_TRUE(one_problem(v.g, "graph input tensor 4 's' is a state tensor, not an activation"));
  Valid c;
  c.g.inputs = {c.x, c.w};
  EXPECT_TRUE(one_problem(c.g, "graph input tensor 1 'w' is a constant, not an activation"));
}

TEST(Verify, GraphOutputsAreComputed) {
  Valid v;
  v.g.ops.pop_back();
  EXPECT_TRUE(one_problem(v.g, "graph output tensor 3 'z' is never computed"));
  Valid c;
  c.g.outputs = {c.z, c.w, c.x};  // a constant or an input as an output is computed
  EXPECT_EQ(find_problems(c.g), std::vector<std::string>{});
}

TEST(Verify, ConstantDataMatchesShapeAndType) {
  Valid v;
  v.t(v.w).data.resize(15);
  EXPECT_TRUE(one_problem(v.g, "tensor 1 'w' is a constant with 15 bytes of data but its shape and type need 16"));
  Valid s;
  s.t(s.w).dtype = DType::kString;
  EXPECT_TRUE(one_problem(s.g, "tensor 1 'w' is a constant of type string, which has no fixed element size"));
}

TEST(Verify, StateAndActivationData) {
  Valid v;
  v.t(v.s).data.assign(4, 0);  // an initial value of the right size is fine
  EXPECT_EQ(find_problems(v.g), std::vector<std::string>{});
  v.t(v.s).data.resize(3);
  EXPECT_TRUE(one_problem(v.g, "tensor 4 's' is a state tensor with 3 bytes of initial data"));
  Valid a;
  a.t(a.y).data.assign(4, 0);
  EXPECT_TRUE(one_problem(a.g, "tensor 2 'y' is an activation but holds 4 bytes of data"));
}

TEST(Verify, ShapesHaveNoNegativeDimension) {
  Valid v;
  v.t(v.y).shape = {1, -4};
  EXPECT_TRUE(one_problem(v.g, "tensor 2 'y' has a negative dimension in its shape [1, -4]"));
}

TEST(Verify, QuantizationCountsAreConsistent) {
  Valid v;
  v.t(v.w).quant.zero_point.pop_back();
  EXPECT_TRUE(one_problem(v.g, "tensor 1 'w' has 4 quantization scales but 3 zero points"));
  Valid a;
  a.t(a.w).quant.axis = 2;
  EXPECT_TRUE(one_problem(a.g, "tensor 1 'w' has its per-channel quantization axis 2 outside its rank 2"));
  Valid n;
  n.t(n.w).shape = {2, 8};
  EXPECT_TRUE(one_problem(n.g, "tensor 1 'w' has 4 per-channel scales for dimension 0 of size 2"));
  Valid one;
  one.t(one.x).quant = {{0.5f}, {3}, 7};  // per-tensor: the axis means nothing
  EXPECT_EQ(find_problems(one.g), std::vector<std::string>{});
}

TEST(Verify, VerifyThrowsALogicErrorNamingTheContext) {
  Valid v;
  v.g.ops.pop_back();
  v.t(v.y).shape = {-1};
  try {
    verify(v.g, "after pass 'fold-constants'");
    FAIL() << "no exception";
  } catch (const std::logic_error& e) {
    EXPECT_EQ(std::string(e.what()),
              "after pass 'fold-constants': tensor 2 'y' has a negative dimension in its shape [-1] (and 1 more)");
  }
}

TEST(Verify, FindProblemsStopsAtTheLimit) {
  Valid v;
  for (Tensor& t : v.g.tensors) t.shape = {-1};
  EXPECT_EQ(find_problems(v.g, 3).size(), 3u);
}

}  // namespace
}  // namespace mcuforge::ir
