// SPDX-License-Identifier: Apache-2.0
// The armex LSTM pattern: SHAPE -> STRIDED_SLICE -> PACK -> FILL builds a zero state from a run-time
// tensor's static shape; folding must turn all of it into a constant and keep the rest.
#include "passes/fold_constants.h"

#include <gtest/gtest.h>

#include <cstring>

namespace mcuforge::passes {
namespace {

using ir::DType;

int32_t add(ir::Graph& g, DType dt, std::vector<int32_t> shape, std::vector<int32_t> i32 = {}) {
  ir::Tensor t;
  t.dtype = dt;
  t.shape = std::move(shape);
  if (!i32.empty()) {
    t.data.resize(i32.size() * 4);
    std::memcpy(t.data.data(), i32.data(), t.data.size());
    t.kind = ir::TensorKind::kConstant;
  }
  g.tensors.push_back(std::move(t));
  return static_cast<int32_t>(g.tensors.size() - 1);
}

void add_op(ir::Graph& g, ir::OpType type, std::vector<int32_t> in, std::vector<int32_t> out,
            ir::OpOptions opts = std::monostate{}) {
  ir::Op op;
  op.type = type;
  op.name = std::string(ir::op_type_name(type));
  op.index = static_cast<int32_t>(g.ops.size());
  op.inputs = std::move(in);
  op.outputs = std::move(out);
  op.options = std::move(opts);
  g.ops.push_back(std::move(op));
}

TEST(FoldConstants, BuildsTheLstmZeroState) {
  ir::Graph g;
  const int32_t x = add(g, DType::kInt8, {1, 49, 10});
  g.inputs = {x};
  const int32_t shape = add(g, DType::kInt32, {3});
  add_op(g, ir::OpType::SHAPE, {x}, {shape});
  const int32_t batch = add(g, DType::kInt32, {});
  ir::StridedSliceOptions ss;
  ss.shrink_axis_mask = 1;
  add_op(g, ir::OpType::STRIDED_SLICE, {shape, add(g, DType::kInt32, {1}, {0}), add(g, DType::kInt32, {1}, {1}),
                                        add(g, DType::kInt32, {1}, {1})},
         {batch}, ss);
  const int32_t dims = add(g, DType::kInt32, {2});
  add_op(g, ir::OpType::PACK, {batch, add(g, DType::kInt32, {}, {118})}, {dims}, ir::PackOptions{2, 0});
  const int32_t state = add(g, DType::kInt32, {1, 118});
  add_op(g, ir::OpType::FILL, {dims, add(g, DType::kInt32, {}, {7})}, {state});
  const int32_t y = add(g, DType::kInt8, {49, 1, 10});
  add_op(g, ir::OpType::TRANSPOSE, {x, add(g, DType::kInt32, {3}, {1, 0, 2})}, {y});
  g.outputs = {y, state};

  EXPECT_EQ(fold_constants(g), 4u);
  ASSERT_EQ(g.ops.size(), 1u);
  EXPECT_EQ(g.ops[0].type, ir::OpType::TRANSPOSE);
  EXPECT_EQ(g.ops[0].index, 0);
  const ir::Tensor& s = g.tensor(state);
  ASSERT_TRUE(s.is_constant());
  ASSERT_EQ(s.data.size(), 118u * 4);
  int32_t v;
  std::memcpy(&v, s.data.data() + 4 * 117, 4);
  EXPECT_EQ(v, 7);
  std::memcpy(&v, g.tensor(batch).data.data(), 4);
  EXPECT_EQ(v, 1);
}

TEST(FoldConstants, LeavesOpsItCannotPrepare) {
  ir::Graph g;
  const int32_t dims = add(g, DType::kInt32, {2}, {3, 3});  // disagrees with the output shape
  const int32_t out = add(g, DType::kInt32, {2, 2});
  add_op(g, ir::OpType::FILL, {dims, add(g, DType::kInt32, {}, {0})}, {out});
  EXPECT_EQ(fold_constants(g), 0u);
  EXPECT_EQ(g.ops.size(), 1u);
  EXPECT_FALSE(g.tensor(out).is_constant());
}

}  // namespace
}  // namespace mcuforge::passes
