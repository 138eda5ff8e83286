// SPDX-License-Identifier: Apache-2.0
// Target lowering: a one-input-channel int8 depthwise convolution becomes a convolution with the
// filter transposed, and the lowered graph gives the same output bytes as the original (host
// executor on both, random inputs, several paddings/strides/activations).
#include "passes/lower_for_target.h"
#include "ir/padding.h"

#include <gtest/gtest.h>

#include <random>

#include "exec/executor.h"

namespace mcuforge::passes {
namespace {

struct Case {
  int32_t in_h, in_w, f_h, f_w, m, stride;
  ir::Padding padding;
  ir::Activation act;
};

ir::Graph depthwise_graph(const Case& c, bool per_channel, uint32_t seed, int32_t in_channels = 1) {
  std::mt19937 rng(seed);
  ir::Graph g;
  g.tensors.reserve(4);  // references into g.tensors below stay valid
  auto add = [&](ir::DType dt, std::vector<int32_t> shape) {
    ir::Tensor t;
    t.dtype = dt;
    t.shape = std::move(shape);
    g.tensors.push_back(std::move(t));
    return static_cast<int32_t>(g.tensors.size() - 1);
  };
  const int32_t m = c.m * in_channels;
  const int32_t x = add(ir::DType::kInt8, {1, c.in_h, c.in_w, in_channels});
  g.tensors[x].quant = {{0.05f}, {-3}, 0};
  const int32_t f = add(ir::DType::kInt8, {1, c.f_h, c.f_w, m});
  ir::Tensor& ft = g.tensors[f];
  ft.kind = ir::TensorKind::kConstant;
  ft.data.resize(static_cast<size_t>(c.f_h * c.f_w * m));
  for (auto& b : ft.data) b = static_cast<uint8_t>(rng());
  for (int32_t k = 0; k < (per_channel ? m : 1); ++k) {
    ft.quant.scale.push_back(0.01f + 0.002f * static_cast<float>(k));
    ft.quant.zero_point.push_back(0);
  }
  ft.quant.axis = 3;
  const int32_t b = add(ir::DType::kInt32, {m});
  g.tensors[b].kind = ir::TensorKind::kConstant;
  g.tensors[b].data.resize(static_cast<size_t>(m) * 4);
  for (auto& v : g.tensors[b].data) v = static_cast<uint8_t>(rng() & 0x3F);
  for (int32_t k = 0; k < m; ++k) {
    g.tensors[b].quant.scale.push_back(0.05f * ft.quant.scale[static_cast<size_t>(per_channel ? k : 0)]);
    g.tensors[b].quant.zero_point.push_back(0);
  }
  const int32_t oh = c.padding == ir::Padding::kSame ? (c.in_h + c.stride - 1) / c.stride : (c.in_h - c.f_h) / c.stride + 1;
  const int32_t ow = c.padding == ir::Padding::kSame ? (c.in_w + c.stride - 1) / c.stride : (c.in_w - c.f_w) / c.stride + 1;
  const int32_t y = add(ir::DType::kInt8, {1, oh, ow, m});
  g.tensors[y].quant = {{0.2f}, {5}, 0};
  ir::Op op;
  op.type = ir::OpType::DEPTHWISE_CONV_2D;
  op.name = "DEPTHWISE_CONV_2D";
  op.inputs = {x, f, b};
  op.outputs = {y};
  ir::DepthwiseConv2DOptions o;
  o.padding = c.padding;
  o.stride_h = o.stride_w = c.stride;
  o.depth_multiplier = c.m;
  o.activation = c.act;
  op.options = o;
  g.ops.push_back(op);
  g.inputs = {x};
  g.outputs = {y};
  ir::resolve_padding(g);
  return g;
}

TEST(LowerForTarget, SingleChannelDepthwiseBecomesAnEquivalentConv) {
  const Case cases[] = {
      {49, 40, 10, 8, 8, 2, ir::Padding::kSame, ir::Activation::kRelu},  // micro_speech's first layer
      {9, 7, 3, 3, 5, 1, ir::Padding::kValid, ir::Activation::kNone},
      {12, 12, 5, 1, 3, 3, ir::Padding::kSame, ir::Activation::kRelu6},
  };
  uint32_t seed = 1;
  for (const Case& c : cases) {
    for (bool per_channel : {true, false}) {
      const ir::Graph original = depthwise_graph(c, per_channel, seed++);
      ir::Graph lowered = original;
      ASSERT_EQ(lower_for_target(lowered, {.dsp = true}), 1);
      EXPECT_EQ(lowered.ops[0].type, ir::OpType::CONV_2D);
      EXPECT_EQ(lowered.tensor(lowered.ops[0].inputs[1]).shape, (std::vector<int32_t>{c.m, c.f_h, c.f_w, 1}));
      std::mt19937 rng(seed++);
      for (int trial = 0; trial < 3; ++trial) {
        std::vector<uint8_t> in(static_cast<size_t>(c.in_h * c.in_w));
        for (auto& v : in) v = static_cast<uint8_t>(rng());
        exec::Executor a(original), b(lowered);
        EXPECT_EQ(a.invoke({in}), b.invoke({in})) << "case " << c.in_h << "x" << c.in_w << " per_channel " << per_channel;
      }
    }
  }
}

TEST(LowerForTarget, LeavesOtherOpsAndCoresAlone) {
  const Case c{9, 7, 3, 3, 4, 1, ir::Padding::kSame, ir::Activation::kNone};
  ir::Graph g = depthwise_graph(c, true, 7);
  EXPECT_EQ(lower_for_target(g, {.dsp = false}), 0);  // no DSP: the depthwise kernel is as good
  EXPECT_EQ(g.ops[0].type, ir::OpType::DEPTHWISE_CONV_2D);
  ir::Graph multi = depthwise_graph(c, true, 8, /*in_channels=*/2);
  EXPECT_EQ(lower_for_target(multi, {.dsp = true}), 0);  // two input channels: a real depthwise
}

}  // namespace
}  // namespace mcuforge::passes
