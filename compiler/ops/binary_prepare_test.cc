// SPDX-License-Identifier: Apache-2.0
// The binary family's prepare (binary.cc, comparison.cc, logical.cc) on hand-built graphs: what it
// computes on the host, and the shapes, types and quantization it refuses with an Error.
#include <gtest/gtest.h>

#include <string>

#include "diagnostics/error.h"
#include "ops/op.h"

namespace mcuforge::ops {
namespace {

using ir::DType;

struct Builder {
  ir::Graph g;
  int32_t tensor(DType dt, std::vector<int32_t> shape, float scale = 0.0f, int64_t zp = 0) {
    ir::Tensor t;
    t.dtype = dt;
    t.shape = std::move(shape);
    t.name = "t" + std::to_string(g.tensors.size());
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
    o.index = static_cast<int32_t>(g.ops.size());
    o.inputs = std::move(in);
    o.outputs = std::move(out);
    o.options = std::move(opts);
    g.ops.push_back(std::move(o));
    return g.ops.back();
  }
};

// The message of the Error that preparing the last op throws ("" if none).
std::string error_of(const ir::Graph& g, const ir::Op& op) {
  try {
    prepare(g, op);
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

TEST(BinaryPrepare, SubBroadcastsWithActivation) {
  Builder b;
  const int32_t x = b.tensor(DType::kFloat32, {2, 2});
  const int32_t y = b.tensor(DType::kFloat32, {2});
  const int32_t z = b.tensor(DType::kFloat32, {2, 2});
  const ir::Op& op = b.op(ir::OpType::SUB, "SUB", {x, y}, {z}, ir::ElementwiseOptions{ir::Activation::kRelu, true});
  auto p = prepare(b.g, op);
  float xs[4] = {1, 5, 3, 9}, ys[2] = {2, 4}, zs[4] = {};
  void* in[2] = {xs, ys};
  void* out[1] = {zs};
  p->run(OpBuffers{in, out});
  EXPECT_FLOAT_EQ(zs[0], 0);  // 1 - 2 clamped by RELU
  EXPECT_FLOAT_EQ(zs[1], 1);
  EXPECT_FLOAT_EQ(zs[3], 5);
}

TEST(BinaryPrepare, RefusesShapesThatDoNotBroadcast) {
  Builder b;
  const int32_t x = b.tensor(DType::kInt32, {2, 3});
  const int32_t y = b.tensor(DType::kInt32, {2});
  const int32_t z = b.tensor(DType::kInt32, {2, 3});
  const int32_t w = b.tensor(DType::kBool, {2, 3});
  EXPECT_NE(error_of(b.g, b.op(ir::OpType::SUB, "SUB", {x, y}, {z})).find("cannot be broadcast"), std::string::npos);
  EXPECT_NE(error_of(b.g, b.op(ir::OpType::GREATER, "GREATER", {x, y}, {w})).find("cannot be broadcast"),
            std::string::npos);
  const int32_t c = b.tensor(DType::kBool, {4});
  EXPECT_NE(error_of(b.g, b.op(ir::OpType::SELECT_V2, "SELECT_V2", {c, x, z}, {z})).find("cannot be broadcast"),
            std::string::npos);
}

TEST(BinaryPrepare, RefusesWrongTypes) {
  Builder b;
  const int32_t f = b.tensor(DType::kFloat32, {4});
  const int32_t i = b.tensor(DType::kInt32, {4});
  const int32_t k = b.tensor(DType::kBool, {4});
  EXPECT_FALSE(error_of(b.g, b.op(ir::OpType::SUB, "SUB", {f, i}, {f})).empty());               // mixed inputs
  EXPECT_FALSE(error_of(b.g, b.op(ir::OpType::LESS, "LESS", {f, f}, {f})).empty());             // non-bool output
  EXPECT_FALSE(error_of(b.g, b.op(ir::OpType::GREATER, "GREATER", {k, k}, {k})).empty());       // bool ordering
  EXPECT_FALSE(error_of(b.g, b.op(ir::OpType::LOGICAL_AND, "LOGICAL_AND", {f, k}, {k})).empty()); // non-bool
  EXPECT_FALSE(error_of(b.g, b.op(ir::OpType::SELECT_V2, "SELECT_V2", {f, f, f}, {f})).empty());  // condition
  EXPECT_FALSE(error_of(b.g, b.op(ir::OpType::FLOOR_DIV, "FLOOR_DIV", {k, k}, {k})).empty());
  EXPECT_FALSE(error_of(b.g, b.op(ir::OpType::ADD_N, "ADD_N", {i, i}, {i})).empty());           // int32 ADD_N
  EXPECT_TRUE(error_of(b.g, b.op(ir::OpType::EQUAL, "EQUAL", {k, k}, {k})).empty());
  // TFLM's int16 GREATER leaves its rescaling parameters unset: refused.
  const int32_t s16 = b.tensor(DType::kInt16, {4}, 0.5f, 0);
  EXPECT_FALSE(error_of(b.g, b.op(ir::OpType::GREATER, "GREATER", {s16, s16}, {k})).empty());
}

TEST(BinaryPrepare, RefusesBadQuantization) {
  Builder b;
  const int32_t a16 = b.tensor(DType::kInt16, {4}, 0.01f, 3);  // int16 zero point must be 0
  const int32_t b16 = b.tensor(DType::kInt16, {4}, 0.01f, 0);
  const int32_t o16 = b.tensor(DType::kInt16, {4}, 0.02f, 0);
  EXPECT_NE(error_of(b.g, b.op(ir::OpType::SUB, "SUB", {a16, b16}, {o16})).find("zero point"), std::string::npos);
  EXPECT_NE(error_of(b.g, b.op(ir::OpType::SQUARED_DIFFERENCE, "SQUARED_DIFFERENCE", {a16, b16}, {o16}))
                .find("zero point"),
            std::string::npos);
  // Comparisons turn each input scale into a multiplier, which must stay below 1.
  const int32_t big = b.tensor(DType::kInt8, {4}, 2.0f, 0);
  const int32_t small = b.tensor(DType::kInt8, {4}, 0.5f, 0);
  const int32_t out = b.tensor(DType::kBool, {4});
  EXPECT_NE(error_of(b.g, b.op(ir::OpType::LESS, "LESS", {big, small}, {out})).find("outside (0, 1)"),
            std::string::npos);
  // ADD_N needs one quantization for all inputs.
  const int32_t o8 = b.tensor(DType::kInt8, {4}, 0.5f, 1);
  EXPECT_FALSE(error_of(b.g, b.op(ir::OpType::ADD_N, "ADD_N", {small, big}, {o8})).empty());
  // SUB's output factor 2 max(s) / (2^20 s_out) must be below 1.
  const int32_t tiny = b.tensor(DType::kInt8, {4}, 1e-9f, 0);
  EXPECT_NE(error_of(b.g, b.op(ir::OpType::SUB, "SUB", {small, small}, {tiny})).find("outside (0, 1)"),
            std::string::npos);
}

TEST(BinaryPrepare, SelectBroadcastsAllThreeInputs) {
  Builder b;
  const int32_t c = b.tensor(DType::kBool, {2, 1});
  const int32_t x = b.tensor(DType::kFloat32, {3});
  const int32_t y = b.tensor(DType::kFloat32, {});
  const int32_t o = b.tensor(DType::kFloat32, {2, 3});
  auto p = prepare(b.g, b.op(ir::OpType::SELECT_V2, "SELECT_V2", {c, x, y}, {o}));
  uint8_t cs[2] = {1, 0};
  float xs[3] = {1, 2, 3}, ys[1] = {-1}, os[6] = {};
  void* in[3] = {cs, xs, ys};
  void* out[1] = {os};
  p->run(OpBuffers{in, out});
  EXPECT_FLOAT_EQ(os[2], 3);
  EXPECT_FLOAT_EQ(os[3], -1);
}

}  // namespace
}  // namespace mcuforge::ops
