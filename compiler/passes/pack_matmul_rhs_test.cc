// SPDX-License-Identifier: Apache-2.0
// pack-matmul-rhs: a constant BATCH_MATMUL RHS is stored transposed with adj_y set, nothing else is
// touched, and the host executor's outputs do not change.
#include <gtest/gtest.h>

#include <cstring>

#include "exec/executor.h"
#include "passes/pack_matmul_rhs.h"

namespace mcuforge::passes {
namespace {

ir::Graph matmul(bool adj_y, bool constant_rhs) {
  ir::Graph g;
  auto tensor = [&](std::vector<int32_t> shape) {
    ir::Tensor t;
    t.dtype = ir::DType::kFloat32;
    t.shape = std::move(shape);
    g.tensors.push_back(std::move(t));
    return static_cast<int32_t>(g.tensors.size() - 1);
  };
  const int32_t x = tensor({2, 3, 4});
  const int32_t w = tensor(adj_y ? std::vector<int32_t>{5, 4} : std::vector<int32_t>{4, 5});
  const int32_t y = tensor({2, 3, 5});
  if (constant_rhs) {
    ir::Tensor& t = g.tensors[static_cast<size_t>(w)];
    t.kind = ir::TensorKind::kConstant;
    std::vector<float> v(20);
    for (size_t i = 0; i < v.size(); ++i) v[i] = 0.25f * static_cast<float>(i) - 2.0f;
    t.data.resize(80);
    std::memcpy(t.data.data(), v.data(), 80);
  }
  ir::Op op;
  op.type = ir::OpType::BATCH_MATMUL;
  op.name = "BATCH_MATMUL";
  op.inputs = {x, w};
  op.outputs = {y};
  op.options = ir::BatchMatMulOptions{false, adj_y, false};
  g.ops = {op};
  g.inputs = constant_rhs ? std::vector<int32_t>{x} : std::vector<int32_t>{x, w};
  g.outputs = {y};
  return g;
}

TEST(PackMatmulRhs, ConstantRhsIsStoredTransposedWithTheSameOutputs) {
  ir::Graph g = matmul(false, true);
  const ir::Graph before = g;
  ASSERT_EQ(pack_matmul_rhs(g), 1);
  EXPECT_TRUE(std::get<ir::BatchMatMulOptions>(g.ops[0].options).adj_y);
  EXPECT_EQ(g.tensors[1].shape, (std::vector<int32_t>{5, 4}));
  std::vector<float> x(24);
  for (size_t i = 0; i < x.size(); ++i) x[i] = 0.1f * static_cast<float>(i) - 1.0f;
  std::vector<uint8_t> bytes(96);
  std::memcpy(bytes.data(), x.data(), 96);
  exec::Executor a(before), b(g);
  EXPECT_EQ(b.invoke({bytes}), a.invoke({bytes}));
  EXPECT_EQ(pack_matmul_rhs(g), 0);  // already adj_y
}

TEST(PackMatmulRhs, LeavesActivationsAndAdjYAlone) {
  ir::Graph g = matmul(false, false);
  EXPECT_EQ(pack_matmul_rhs(g), 0);
  g = matmul(true, true);
  EXPECT_EQ(pack_matmul_rhs(g), 0);
}

}  // namespace
}  // namespace mcuforge::passes
