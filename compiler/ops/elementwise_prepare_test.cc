// SPDX-License-Identifier: Apache-2.0
// Element-wise ops' prepare on hand-built graphs: broadcast shapes that TFLite accepts, and the
// validation that keeps bad shapes, types and quantization away from the kernels.
#include <gtest/gtest.h>

#include <cstring>

#include "diagnostics/error.h"
#include "ops/op.h"

namespace mcuforge::ops {
namespace {

using ir::DType;

struct Graph1 {
  ir::Graph g;
  int32_t tensor(DType dt, std::vector<int32_t> shape, float scale = 0.0f, int64_t zp = 0) {
    ir::Tensor t;
    t.dtype = dt;
    t.shape = std::move(shape);
    if (scale != 0.0f) {
      t.quant.scale = {scale};
      t.quant.zero_point = {zp};
    }
    g.tensors.push_back(std::move(t));
    return static_cast<int32_t>(g.tensors.size() - 1);
  }
  const ir::Op& op(ir::OpType type, const char* name, std::vector<int32_t> in, std::vector<int32_t> out,
                   ir::OpOptions opts = std::monostate{}) {
    ir::Op o;
    o.type = type;
    o.name = name;
    o.inputs = std::move(in);
    o.outputs = std::move(out);
    o.options = std::move(opts);
    g.ops.push_back(std::move(o));
    return g.ops.back();
  }
};

TEST(ElementwisePrepare, AddBroadcastsAndComputes) {
  Graph1 b;
  const int32_t x = b.tensor(DType::kFloat32, {2, 3});
  const int32_t y = b.tensor(DType::kFloat32, {3});
  const int32_t z = b.tensor(DType::kFloat32, {2, 3});
  const ir::Op& op = b.op(ir::OpType::ADD, "ADD", {x, y}, {z}, ir::ElementwiseOptions{});
  auto p = prepare(b.g, op);
  float xs[6] = {1, 2, 3, 4, 5, 6}, ys[3] = {10, 20, 30}, zs[6] = {};
  void* in[2] = {xs, ys};
  void* out[1] = {zs};
  p->run(OpBuffers{in, out});
  EXPECT_FLOAT_EQ(zs[0], 11);
  EXPECT_FLOAT_EQ(zs[5], 36);
}

TEST(ElementwisePrepare, RejectsIncompatibleBroadcast) {
  Graph1 b;
  const int32_t x = b.tensor(DType::kFloat32, {2, 3});
  const int32_t y = b.tensor(DType::kFloat32, {2});
  const int32_t z = b.tensor(DType::kFloat32, {2, 3});
  EXPECT_THROW(prepare(b.g, b.op(ir::OpType::MUL, "MUL", {x, y}, {z}, ir::ElementwiseOptions{})), Error);
}

TEST(ElementwisePrepare, RejectsWrongOutputShape) {
  Graph1 b;
  const int32_t x = b.tensor(DType::kFloat32, {2, 3});
  const int32_t y = b.tensor(DType::kFloat32, {1, 3});
  const int32_t z = b.tensor(DType::kFloat32, {2, 4});
  EXPECT_THROW(prepare(b.g, b.op(ir::OpType::MAXIMUM, "MAXIMUM", {x, y}, {z})), Error);
}

TEST(ElementwisePrepare, RejectsMixedTypesAndMissingQuantization) {
  Graph1 b;
  const int32_t x = b.tensor(DType::kInt8, {4}, 0.1f, 0);
  const int32_t y = b.tensor(DType::kInt8, {4});  // no quantization
  const int32_t z = b.tensor(DType::kInt8, {4}, 0.2f, 0);
  const int32_t w = b.tensor(DType::kInt16, {4}, 0.2f, 0);
  EXPECT_THROW(prepare(b.g, b.op(ir::OpType::ADD, "ADD", {x, y}, {z}, ir::ElementwiseOptions{})), Error);
  EXPECT_THROW(prepare(b.g, b.op(ir::OpType::ADD, "ADD", {x, x}, {w}, ir::ElementwiseOptions{})), Error);
}

TEST(ElementwisePrepare, SoftmaxInt8NeedsStandardOutputQuantization) {
  Graph1 b;
  const int32_t x = b.tensor(DType::kInt8, {1, 10}, 0.1f, 3);
  const int32_t good = b.tensor(DType::kInt8, {1, 10}, 1.0f / 256, -128);
  const int32_t bad = b.tensor(DType::kInt8, {1, 10}, 1.0f / 128, 0);
  EXPECT_NO_THROW(prepare(b.g, b.op(ir::OpType::SOFTMAX, "SOFTMAX", {x}, {good}, ir::SoftmaxOptions{})));
  EXPECT_THROW(prepare(b.g, b.op(ir::OpType::SOFTMAX, "SOFTMAX", {x}, {bad}, ir::SoftmaxOptions{})), Error);
}

TEST(ElementwisePrepare, UnsupportedTypesAreNamed) {
  Graph1 b;
  const int32_t x = b.tensor(DType::kInt64, {4});
  const int32_t y = b.tensor(DType::kFloat32, {4});
  try {
    prepare(b.g, b.op(ir::OpType::CAST, "CAST", {x}, {y}));
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("int64"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace mcuforge::ops
