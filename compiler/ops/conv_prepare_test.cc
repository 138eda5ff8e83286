// SPDX-License-Identifier: Apache-2.0
// Prepare-time validation of CONV_2D, DEPTHWISE_CONV_2D, FULLY_CONNECTED and the pools on small
// hand-built graphs: a valid op prepares (with the expected MACs), and hostile or unsupported variants
// are rejected with mcuforge::Error instead of reaching a kernel.
#include <gtest/gtest.h>

#include <string>

#include "diagnostics/error.h"
#include "ir/padding.h"
#include "opdefs/op_def.h"
#include "ops/conv_util.h"
#include "ops/op.h"

namespace mcuforge::ops {
namespace {

ir::Tensor tensor(std::vector<int32_t> shape, ir::DType t, float scale = 0.0f, int64_t zp = 0) {
  ir::Tensor x;
  x.shape = std::move(shape);
  x.dtype = t;
  if (scale > 0) {
    x.quant.scale = {scale};
    x.quant.zero_point = {zp};
  }
  return x;
}

ir::Tensor constant(ir::Tensor t) {
  t.kind = ir::TensorKind::kConstant;
  t.data.assign(static_cast<size_t>(t.num_bytes()), 0);
  return t;
}

// input [1,4,4,3] -> CONV_2D 3x3 SAME -> output [1,4,4,2], int8 unless changed by the test.
struct ConvGraph {
  ir::Graph g;
  ConvGraph() {
    g.tensors.push_back(tensor({1, 4, 4, 3}, ir::DType::kInt8, 0.5f, -3));
    g.tensors.push_back(constant(tensor({2, 3, 3, 3}, ir::DType::kInt8, 0.01f)));
    g.tensors.push_back(constant(tensor({2}, ir::DType::kInt32, 0.005f)));
    g.tensors.push_back(tensor({1, 4, 4, 2}, ir::DType::kInt8, 0.25f, 4));
    ir::Op op;
    op.type = ir::OpType::CONV_2D;
    op.name = "CONV_2D";
    op.inputs = {0, 1, 2};
    op.outputs = {3};
    op.options = ir::Conv2DOptions{};
    g.ops.push_back(op);
  }
  ir::Conv2DOptions& opts() { return std::get<ir::Conv2DOptions>(g.ops[0].options); }
  // As an importer would: SAME/VALID become explicit pads from the current shapes.
  std::unique_ptr<PreparedOp> prep() const {
    ir::Graph resolved = g;
    ir::resolve_padding(resolved);
    return prepare(resolved, resolved.ops[0]);
  }
};

std::string error_of(const ConvGraph& c) {
  try {
    c.prep();
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

TEST(ConvPrepare, ValidInt8ConvPreparesWithMacs) {
  ConvGraph c;
  auto p = c.prep();
  EXPECT_EQ(p->kernel_name(), "mf_conv2d_s8");
  EXPECT_EQ(opdefs::macs(c.g, c.g.ops[0]), 4 * 4 * 2 * 3 * 3 * 3);
}

TEST(ConvPrepare, RejectsHostileOptionsAndShapes) {
  {
    ConvGraph c;
    c.opts().stride_h = 0;
    EXPECT_NE(error_of(c).find("stride_height"), std::string::npos);
  }
  {
    ConvGraph c;
    c.opts().dilation_w = -1;
    EXPECT_NE(error_of(c).find("dilation"), std::string::npos);
  }
  {
    ConvGraph c;
    c.g.tensors[3].shape = {1, 5, 4, 2};
    EXPECT_NE(error_of(c).find("output height"), std::string::npos);
  }
  {
    ConvGraph c;
    c.g.tensors[2] = constant(tensor({3}, ir::DType::kInt32, 0.005f));
    EXPECT_NE(error_of(c).find("bias"), std::string::npos);
  }
  {
    ConvGraph c;
    c.g.tensors[1].quant = {};
    EXPECT_NE(error_of(c).find("quantization"), std::string::npos);
  }
  {
    ConvGraph c;  // output scale so small that the multiplier cannot be applied
    c.g.tensors[3].quant.scale = {1e-30f};
    EXPECT_NE(error_of(c).find("multiplier"), std::string::npos);
  }
}

TEST(ConvPrepare, RejectsHybridAndMixedTypes) {
  {
    ConvGraph c;
    c.g.tensors[0] = tensor({1, 4, 4, 3}, ir::DType::kFloat32);
    c.g.tensors[3] = tensor({1, 4, 4, 2}, ir::DType::kFloat32);
    EXPECT_NE(error_of(c).find("hybrid"), std::string::npos);
  }
  {
    ConvGraph c;
    c.g.tensors[3] = tensor({1, 4, 4, 2}, ir::DType::kInt16, 0.25f);
    EXPECT_NE(error_of(c).find("int16"), std::string::npos);
  }
}

TEST(ConvPrepare, Int16NeedsSymmetricActivations) {
  ConvGraph c;
  c.g.tensors[0] = tensor({1, 4, 4, 3}, ir::DType::kInt16, 0.5f, 0);
  c.g.tensors[3] = tensor({1, 4, 4, 2}, ir::DType::kInt16, 0.25f, 0);
  c.g.tensors[2] = constant(tensor({2}, ir::DType::kInt64, 0.005f));
  EXPECT_EQ(c.prep()->kernel_name(), "mf_conv2d_s16");
  c.g.tensors[0].quant.zero_point = {7};
  EXPECT_NE(error_of(c).find("zero point"), std::string::npos);
}

// TFLM (conv.cc / fully_connected.cc since 2026): 32 bits only for an int32 bias, or for no bias when
// quantized_bias_type says int32; a bias-less op without that option accumulates in 64 bits.
TEST(ConvPrepare, Int16x8AccumulatorFollowsTflm) {
  const ir::Tensor b32 = tensor({2}, ir::DType::kInt32), b64 = tensor({2}, ir::DType::kInt64);
  EXPECT_EQ(int16x8_accumulator(&b32, std::nullopt), MF_ACC32);
  EXPECT_EQ(int16x8_accumulator(&b64, std::nullopt), MF_ACC64);
  EXPECT_EQ(int16x8_accumulator(&b64, ir::DType::kInt32), MF_ACC64);  // the bias tensor decides
  EXPECT_EQ(int16x8_accumulator(&b32, ir::DType::kInt64), MF_ACC32);
  EXPECT_EQ(int16x8_accumulator(nullptr, std::nullopt), MF_ACC64);
  EXPECT_EQ(int16x8_accumulator(nullptr, ir::DType::kInt64), MF_ACC64);
  EXPECT_EQ(int16x8_accumulator(nullptr, ir::DType::kInt32), MF_ACC32);
}

TEST(ConvPrepare, DepthwiseChecksDepthMultiplier) {
  ConvGraph c;
  c.g.ops[0].type = ir::OpType::DEPTHWISE_CONV_2D;
  c.g.ops[0].name = "DEPTHWISE_CONV_2D";
  ir::DepthwiseConv2DOptions o;
  o.depth_multiplier = 2;
  c.g.ops[0].options = o;
  c.g.tensors[1] = constant(tensor({1, 3, 3, 6}, ir::DType::kInt8, 0.01f));
  c.g.tensors[2] = constant(tensor({6}, ir::DType::kInt32, 0.005f));
  c.g.tensors[3] = tensor({1, 4, 4, 6}, ir::DType::kInt8, 0.25f, 4);
  EXPECT_EQ(opdefs::macs(c.g, c.g.ops[0]), 4 * 4 * 6 * 3 * 3);
  std::get<ir::DepthwiseConv2DOptions>(c.g.ops[0].options).depth_multiplier = 3;
  EXPECT_NE(error_of(c).find("depth_multiplier"), std::string::npos);
}

TEST(ConvPrepare, FullyConnectedRejectsShuffledAndHybrid) {
  ConvGraph c;
  c.g.ops[0].type = ir::OpType::FULLY_CONNECTED;
  c.g.ops[0].name = "FULLY_CONNECTED";
  c.g.ops[0].options = ir::FullyConnectedOptions{};
  c.g.tensors[0] = tensor({2, 12}, ir::DType::kInt8, 0.5f, -3);
  c.g.tensors[1] = constant(tensor({5, 12}, ir::DType::kInt8, 0.01f));
  c.g.tensors[2] = constant(tensor({5}, ir::DType::kInt32, 0.005f));
  c.g.tensors[3] = tensor({2, 5}, ir::DType::kInt8, 0.25f, 4);
  EXPECT_EQ(opdefs::macs(c.g, c.g.ops[0]), 2 * 12 * 5);
  c.g.tensors[0].shape = {2, 13};
  EXPECT_NE(error_of(c).find("input shape"), std::string::npos);
  c.g.tensors[0].shape = {2, 12};
  std::get<ir::FullyConnectedOptions>(c.g.ops[0].options).shuffled_weights = true;
  EXPECT_NE(error_of(c).find("shuffled"), std::string::npos);
  std::get<ir::FullyConnectedOptions>(c.g.ops[0].options).shuffled_weights = false;
  c.g.tensors[0] = tensor({2, 12}, ir::DType::kFloat32);
  c.g.tensors[3] = tensor({2, 5}, ir::DType::kFloat32);
  EXPECT_NE(error_of(c).find("hybrid"), std::string::npos);
}

TEST(ConvPrepare, PoolingChecksWindowAndQuantization) {
  ConvGraph c;
  c.g.ops[0].type = ir::OpType::AVERAGE_POOL_2D;
  c.g.ops[0].name = "AVERAGE_POOL_2D";
  c.g.ops[0].inputs = {0};
  ir::Pool2DOptions o;
  o.padding = ir::Padding::kValid;
  o.filter_h = o.filter_w = 2;
  o.stride_h = o.stride_w = 2;
  c.g.ops[0].options = o;
  c.g.tensors[3] = tensor({1, 2, 2, 3}, ir::DType::kInt8, 0.5f, -3);
  EXPECT_EQ(c.prep()->kernel_name(), "mf_avg_pool2d_s8");
  c.g.tensors[3].quant.zero_point = {0};
  EXPECT_NE(error_of(c).find("quantization differ"), std::string::npos);
  c.g.tensors[3].quant.zero_point = {-3};
  std::get<ir::Pool2DOptions>(c.g.ops[0].options).filter_w = 0;
  EXPECT_NE(error_of(c).find("filter width"), std::string::npos);
}

}  // namespace
}  // namespace mcuforge::ops
