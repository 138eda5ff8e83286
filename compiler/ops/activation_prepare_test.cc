// SPDX-License-Identifier: Apache-2.0
// The activation family's prepare (ops/activation_family.cc) on hand-built graphs: what it runs, and
// the models it must refuse with one message instead of handing a kernel parameters it cannot use.
#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "diagnostics/error.h"
#include "ops/op.h"

namespace mcuforge::ops {
namespace {

using ir::DType;
using ir::OpType;

struct Graph1 {
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
  const ir::Op& op(OpType type, const char* name, std::vector<int32_t> in, std::vector<int32_t> out,
                   ir::OpOptions opts = std::monostate{}) {
    ir::Op o;
    o.type = type;
    o.name = name;
    o.inputs = std::move(in);
    o.outputs = std::move(out);
    o.options = std::move(opts);
    o.index = static_cast<int32_t>(g.ops.size());
    g.ops.push_back(std::move(o));
    return g.ops.back();
  }
};

std::string error_of(const Graph1& b, const ir::Op& op) {
  try {
    prepare(b.g, op);
  } catch (const Error& e) {
    return std::string(e.what()) + " | " + e.hint();
  }
  return "";
}

TEST(ActivationPrepare, FloatFormsRun) {
  Graph1 b;
  const int32_t x = b.tensor(DType::kFloat32, {5});
  const int32_t y = b.tensor(DType::kFloat32, {5});
  float xs[5] = {-2.0f, -0.5f, 0.0f, 3.0f, 8.0f}, ys[5] = {};
  void* in[1] = {xs};
  void* out[1] = {ys};
  prepare(b.g, b.op(OpType::RELU6, "RELU6", {x}, {y}))->run(OpBuffers{in, out});
  EXPECT_FLOAT_EQ(ys[0], 0.0f);
  EXPECT_FLOAT_EQ(ys[3], 3.0f);
  EXPECT_FLOAT_EQ(ys[4], 6.0f);
  prepare(b.g, b.op(OpType::LEAKY_RELU, "LEAKY_RELU", {x}, {y}, ir::LeakyReluOptions{0.25f}))->run(OpBuffers{in, out});
  EXPECT_FLOAT_EQ(ys[0], -0.5f);
  EXPECT_FLOAT_EQ(ys[4], 8.0f);
  prepare(b.g, b.op(OpType::ELU, "ELU", {x}, {y}))->run(OpBuffers{in, out});
  EXPECT_NEAR(ys[0], -0.86466472f, 1e-6f);
  EXPECT_NEAR(ys[1], -0.39346934f, 1e-6f);
}

TEST(ActivationPrepare, ReluInt8RequantizesAndRunsInPlace) {
  Graph1 b;
  const int32_t x = b.tensor(DType::kInt8, {4}, 0.5f, -10);
  const int32_t y = b.tensor(DType::kInt8, {4}, 0.25f, 5);
  auto p = prepare(b.g, b.op(OpType::RELU, "RELU", {x}, {y}));
  EXPECT_EQ(p->inplace_input(), 0);
  int8_t data[4] = {-128, -10, 0, 40};
  void* io[1] = {data};
  p->run(OpBuffers{io, io});
  EXPECT_EQ(data[0], 5);        // below zero: the output zero point
  EXPECT_EQ(data[1], 5);
  EXPECT_EQ(data[2], 5 + 20);   // (0 + 10) * 0.5 / 0.25
  EXPECT_EQ(data[3], 5 + 100);
}

TEST(ActivationPrepare, LeakyReluRejectsMismatchedTypes) {
  Graph1 b;
  const int32_t x = b.tensor(DType::kInt8, {2, 3}, 0.1f, 0);
  const int32_t y = b.tensor(DType::kInt16, {2, 3}, 0.1f, 0);
  const std::string e = error_of(b, b.op(OpType::LEAKY_RELU, "LEAKY_RELU", {x}, {y}, ir::LeakyReluOptions{0.2f}));
  EXPECT_NE(e.find("int8"), std::string::npos) << e;
  EXPECT_NE(e.find("not supported"), std::string::npos) << e;
}

TEST(ActivationPrepare, LeakyReluRejectsMissingQuantizationAndNanAlpha) {
  Graph1 b;
  const int32_t x = b.tensor(DType::kInt8, {4}, 0.1f, 0);
  const int32_t bare = b.tensor(DType::kInt8, {4});
  const int32_t y = b.tensor(DType::kInt8, {4}, 0.1f, 0);
  EXPECT_THROW(prepare(b.g, b.op(OpType::LEAKY_RELU, "LEAKY_RELU", {x}, {bare}, ir::LeakyReluOptions{0.2f})), Error);
  EXPECT_THROW(prepare(b.g, b.op(OpType::LEAKY_RELU, "LEAKY_RELU", {x}, {y}, ir::LeakyReluOptions{NAN})), Error);
}

TEST(ActivationPrepare, EluHasNoInt16Form) {
  Graph1 b;
  const int32_t x = b.tensor(DType::kInt16, {4}, 0.1f, 0);
  const int32_t y = b.tensor(DType::kInt16, {4}, 0.1f, 0);
  EXPECT_NE(error_of(b, b.op(OpType::ELU, "ELU", {x}, {y})).find("ELU supports float32, int8"), std::string::npos);
}

TEST(ActivationPrepare, L2NormalizationNeedsItsOutputQuantization) {
  Graph1 b;
  const int32_t x = b.tensor(DType::kInt8, {2, 8}, 0.05f, 3);
  const int32_t good = b.tensor(DType::kInt8, {2, 8}, 1.0f / 128, 0);
  const int32_t bad_scale = b.tensor(DType::kInt8, {2, 8}, 1.0f / 256, 0);
  const int32_t bad_zp = b.tensor(DType::kInt8, {2, 8}, 1.0f / 128, -128);
  EXPECT_NO_THROW(prepare(b.g, b.op(OpType::L2_NORMALIZATION, "L2_NORMALIZATION", {x}, {good})));
  const std::string e = error_of(b, b.op(OpType::L2_NORMALIZATION, "L2_NORMALIZATION", {x}, {bad_scale}));
  EXPECT_NE(e.find("scale 1/128"), std::string::npos) << e;
  EXPECT_THROW(prepare(b.g, b.op(OpType::L2_NORMALIZATION, "L2_NORMALIZATION", {x}, {bad_zp})), Error);
}

TEST(ActivationPrepare, L2NormalizationRefusesFusedActivationAndFiveDimensions) {
  Graph1 b;
  const int32_t x = b.tensor(DType::kFloat32, {2, 8});
  const int32_t y = b.tensor(DType::kFloat32, {2, 8});
  ir::GenericOptions relu{"L2NormOptions", {{"fused_activation_function", int64_t{1}}}};
  EXPECT_NE(error_of(b, b.op(OpType::L2_NORMALIZATION, "L2_NORMALIZATION", {x}, {y}, relu)).find("fused activation"),
            std::string::npos);
  const int32_t x5 = b.tensor(DType::kFloat32, {1, 1, 2, 2, 2});
  const int32_t y5 = b.tensor(DType::kFloat32, {1, 1, 2, 2, 2});
  EXPECT_THROW(prepare(b.g, b.op(OpType::L2_NORMALIZATION, "L2_NORMALIZATION", {x5}, {y5})), Error);
}

TEST(ActivationPrepare, LogSoftmaxInt8NeedsFixedOutputAndShortRows) {
  Graph1 b;
  const int32_t x = b.tensor(DType::kInt8, {3, 10}, 0.1f, 0);
  const int32_t good = b.tensor(DType::kInt8, {3, 10}, 16.0f / 256, 127);
  const int32_t bad = b.tensor(DType::kInt8, {3, 10}, 16.0f / 256, 0);
  EXPECT_NO_THROW(prepare(b.g, b.op(OpType::LOG_SOFTMAX, "LOG_SOFTMAX", {x}, {good})));
  EXPECT_THROW(prepare(b.g, b.op(OpType::LOG_SOFTMAX, "LOG_SOFTMAX", {x}, {bad})), Error);
  const int32_t long_x = b.tensor(DType::kInt8, {5000}, 0.1f, 0);
  const int32_t long_y = b.tensor(DType::kInt8, {5000}, 16.0f / 256, 127);
  EXPECT_NE(error_of(b, b.op(OpType::LOG_SOFTMAX, "LOG_SOFTMAX", {long_x}, {long_y})).find("4095"), std::string::npos);
}

TEST(ActivationPrepare, PreluChecksAlphaTypeAndBroadcast) {
  Graph1 b;
  const int32_t x = b.tensor(DType::kInt16, {2, 3}, 0.01f, 0);
  const int32_t alpha16 = b.tensor(DType::kInt16, {3}, 0.01f, 0);
  const int32_t alpha8 = b.tensor(DType::kInt8, {3}, 0.01f, 4);
  const int32_t y = b.tensor(DType::kInt16, {2, 3}, 0.02f, 0);
  EXPECT_THROW(prepare(b.g, b.op(OpType::PRELU, "PRELU", {x, alpha16}, {y})), Error);
  EXPECT_NO_THROW(prepare(b.g, b.op(OpType::PRELU, "PRELU", {x, alpha8}, {y})));
  const int32_t alpha_bad = b.tensor(DType::kInt8, {4}, 0.01f, 0);
  EXPECT_THROW(prepare(b.g, b.op(OpType::PRELU, "PRELU", {x, alpha_bad}, {y})), Error);
}

TEST(ActivationPrepare, Int16SigmoidsNeedZeroPointsAndScale2ToMinus15) {
  Graph1 b;
  const int32_t x = b.tensor(DType::kInt16, {8}, 1.0f / 4096, 0);
  const int32_t good = b.tensor(DType::kInt16, {8}, 1.0f / 32768, 0);
  const int32_t bad_zp = b.tensor(DType::kInt16, {8}, 1.0f / 32768, 3);
  const int32_t bad_scale = b.tensor(DType::kInt16, {8}, 1.0f / 16384, 0);
  EXPECT_NO_THROW(prepare(b.g, b.op(OpType::LOGISTIC, "LOGISTIC", {x}, {good})));
  EXPECT_NO_THROW(prepare(b.g, b.op(OpType::TANH, "TANH", {x}, {good})));
  EXPECT_THROW(prepare(b.g, b.op(OpType::LOGISTIC, "LOGISTIC", {x}, {bad_zp})), Error);
  EXPECT_THROW(prepare(b.g, b.op(OpType::TANH, "TANH", {x}, {bad_scale})), Error);
}

}  // namespace
}  // namespace mcuforge::ops
