// SPDX-License-Identifier: Apache-2.0
// fold-pad: a zero-point PAD before CONV_2D / DEPTHWISE_CONV_2D disappears into the conv's pads and the
// host executor's outputs stay byte-identical (random inputs, int8 / int16 / float32, PAD and PADV2,
// strides 1 and 2); PADs the conv cannot absorb exactly, or that the TFLite writer could not spell
// afterwards, are left alone.
#include "passes/fold_pad.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <limits>
#include <random>

#include "exec/executor.h"
#include "ir/padding.h"
#include "passes/pass_registry.h"

namespace mcuforge::passes {
namespace {

using ir::DType;

struct Case {
  DType dtype = DType::kInt8;
  bool depthwise = false;
  int32_t h = 8, w = 8, c = 3;
  std::vector<int32_t> pads = {0, 0, 1, 1, 1, 1, 0, 0};
  int32_t k = 3, stride = 1;
  bool padv2 = false;
  double value = 0;       // PADV2's value (int8: as an int8, float32: as a float)
  bool zp_value = true;   // int8 PADV2: pad with the zero point instead of `value`
  bool pad_is_output = false;
  bool float_inf_weight = false;
};

struct GraphBuilder {
  ir::Graph g;
  std::mt19937 rng{5};
  int32_t tensor(DType dt, std::vector<int32_t> shape) {
    ir::Tensor t;
    t.name = "t" + std::to_string(g.tensors.size());
    t.dtype = dt;
    t.shape = std::move(shape);
    g.tensors.push_back(std::move(t));
    return static_cast<int32_t>(g.tensors.size() - 1);
  }
  int32_t constant(DType dt, std::vector<int32_t> shape, std::vector<uint8_t> bytes) {
    const int32_t id = tensor(dt, std::move(shape));
    g.tensors.back().kind = ir::TensorKind::kConstant;
    g.tensors.back().data = std::move(bytes);
    return id;
  }
  std::vector<uint8_t> random_bytes(size_t n) {
    std::vector<uint8_t> b(n);
    for (auto& v : b) v = static_cast<uint8_t>(rng());
    return b;
  }
  template <typename T>
  static std::vector<uint8_t> bytes_of(const std::vector<T>& v) {
    std::vector<uint8_t> b(v.size() * sizeof(T));
    if (!v.empty()) std::memcpy(b.data(), v.data(), b.size());
    return b;
  }
  void quantize(int32_t id, float scale, int64_t zp) { g.tensors[static_cast<size_t>(id)].quant = {{scale}, {zp}, 0}; }
};

int64_t out_size(int64_t in, int64_t k, int64_t s) { return (in - k) / s + 1; }

ir::Graph pad_conv_graph(const Case& c) {
  GraphBuilder b;
  const bool quant = c.dtype != DType::kFloat32;
  const int64_t zp = c.dtype == DType::kInt8 ? -5 : 0;
  const int32_t x = b.tensor(c.dtype, {1, c.h, c.w, c.c});
  if (quant) b.quantize(x, 0.05f, zp);
  const int32_t ph = c.h + c.pads[2] + c.pads[3], pw = c.w + c.pads[4] + c.pads[5];
  const int32_t pc = c.c + c.pads[6] + c.pads[7];
  const int32_t pads = b.constant(DType::kInt32, {4, 2}, GraphBuilder::bytes_of(c.pads));
  const int32_t t = b.tensor(c.dtype, {1, ph, pw, pc});
  if (quant) b.quantize(t, 0.05f, zp);
  ir::Op pad;
  pad.type = c.padv2 ? ir::OpType::PADV2 : ir::OpType::PAD;
  pad.name = c.padv2 ? "PADV2" : "PAD";
  pad.inputs = {x, pads};
  if (c.padv2) {
    int32_t v = -1;
    if (c.dtype == DType::kInt8) {
      v = b.constant(DType::kInt8, {}, {static_cast<uint8_t>(c.zp_value ? zp : static_cast<int64_t>(c.value))});
      b.quantize(v, 0.05f, zp);
    } else if (c.dtype == DType::kInt16) {
      v = b.constant(DType::kInt16, {}, GraphBuilder::bytes_of(std::vector<int16_t>{static_cast<int16_t>(c.value)}));
      b.quantize(v, 0.05f, 0);
    } else {
      v = b.constant(DType::kFloat32, {}, GraphBuilder::bytes_of(std::vector<float>{static_cast<float>(c.value)}));
    }
    pad.inputs.push_back(v);
  }
  pad.outputs = {t};
  b.g.ops.push_back(pad);

  const int32_t m = c.depthwise ? pc : 4;  // output channels
  const std::vector<int32_t> fshape = c.depthwise ? std::vector<int32_t>{1, c.k, c.k, m} : std::vector<int32_t>{m, c.k, c.k, pc};
  const size_t fn = static_cast<size_t>(m * c.k * c.k * (c.depthwise ? 1 : pc));
  int32_t f, bias;
  if (quant) {
    f = b.constant(DType::kInt8, fshape, b.random_bytes(fn));
    ir::Tensor& ft = b.g.tensors[static_cast<size_t>(f)];
    for (int32_t k = 0; k < m; ++k) {
      ft.quant.scale.push_back(0.01f + 0.001f * static_cast<float>(k));
      ft.quant.zero_point.push_back(0);
    }
    ft.quant.axis = c.depthwise ? 3 : 0;
    std::vector<uint8_t> bias_bytes;
    if (c.dtype == DType::kInt8) {
      std::vector<int32_t> bv(static_cast<size_t>(m));
      for (auto& v : bv) v = static_cast<int32_t>(b.rng() % 2000) - 1000;
      bias = b.constant(DType::kInt32, {m}, GraphBuilder::bytes_of(bv));
    } else {
      std::vector<int64_t> bv(static_cast<size_t>(m));
      for (auto& v : bv) v = static_cast<int64_t>(b.rng() % 2000) - 1000;
      bias = b.constant(DType::kInt64, {m}, GraphBuilder::bytes_of(bv));
    }
    // Indices, not the reference `ft`: adding the bias tensor may have moved the tensor vector.
    const std::vector<float> filter_scales = b.g.tensors[static_cast<size_t>(f)].quant.scale;
    ir::Tensor& bt = b.g.tensors[static_cast<size_t>(bias)];
    for (int32_t k = 0; k < m; ++k) {
      bt.quant.scale.push_back(0.05f * filter_scales[static_cast<size_t>(k)]);
      bt.quant.zero_point.push_back(0);
    }
  } else {
    std::vector<float> fv(fn), bv(static_cast<size_t>(m));
    std::normal_distribution<float> nd;
    for (auto& v : fv) v = nd(b.rng);
    for (auto& v : bv) v = nd(b.rng);
    if (c.float_inf_weight) fv[0] = std::numeric_limits<float>::infinity();
    f = b.constant(DType::kFloat32, fshape, GraphBuilder::bytes_of(fv));
    bias = b.constant(DType::kFloat32, {m}, GraphBuilder::bytes_of(bv));
  }
  const int32_t oh = static_cast<int32_t>(out_size(ph, c.k, c.stride));
  const int32_t ow = static_cast<int32_t>(out_size(pw, c.k, c.stride));
  const int32_t y = b.tensor(c.dtype, {1, oh, ow, m});
  if (quant) b.quantize(y, 0.3f, c.dtype == DType::kInt8 ? 7 : 0);
  ir::Op conv;
  conv.index = 1;
  conv.inputs = {t, f, bias};
  conv.outputs = {y};
  if (c.depthwise) {
    conv.type = ir::OpType::DEPTHWISE_CONV_2D;
    conv.name = "DEPTHWISE_CONV_2D";
    ir::DepthwiseConv2DOptions o;
    o.padding = ir::Padding::kValid;
    o.stride_h = o.stride_w = c.stride;
    conv.options = o;
  } else {
    conv.type = ir::OpType::CONV_2D;
    conv.name = "CONV_2D";
    ir::Conv2DOptions o;
    o.padding = ir::Padding::kValid;
    o.stride_h = o.stride_w = c.stride;
    conv.options = o;
  }
  b.g.ops.push_back(conv);
  b.g.inputs = {x};
  b.g.outputs = {y};
  if (c.pad_is_output) b.g.outputs.push_back(t);
  ir::resolve_padding(b.g);
  return b.g;
}

// Folds `c`'s graph and requires the same outputs on random inputs; returns the folded graph.
ir::Graph fold_and_compare(const Case& c, size_t expected_folds) {
  const ir::Graph original = pad_conv_graph(c);
  ir::Graph folded = original;
  EXPECT_EQ(run_passes(folded, {"fold-pad"}).changes("fold-pad"), expected_folds);
  std::mt19937 rng(11);
  const size_t bytes = static_cast<size_t>(original.tensor(original.inputs[0]).num_bytes());
  for (int trial = 0; trial < 3; ++trial) {
    std::vector<uint8_t> in(bytes);
    if (c.dtype == DType::kFloat32) {
      std::normal_distribution<float> nd;
      for (size_t i = 0; i < bytes / 4; ++i) {
        const float v = nd(rng);
        std::memcpy(in.data() + 4 * i, &v, 4);
      }
    } else {
      for (auto& v : in) v = static_cast<uint8_t>(rng());
    }
    exec::Executor a(original), b(folded);
    const auto ra = a.invoke({in}), rb = b.invoke({in});
    EXPECT_EQ(ra[0], rb[0]) << "trial " << trial;
  }
  return folded;
}

TEST(FoldPad, ZeroPointPadBecomesTheConvsSamePads) {
  Case c;  // int8, PAD (1, 1) on H and W, 3x3 VALID, stride 1: SAME
  const ir::Graph g = fold_and_compare(c, 1);
  ASSERT_EQ(g.ops.size(), 1u);
  EXPECT_EQ(g.ops[0].type, ir::OpType::CONV_2D);
  EXPECT_EQ(g.ops[0].inputs[0], g.inputs[0]);
  const auto& o = std::get<ir::Conv2DOptions>(g.ops[0].options);
  EXPECT_EQ(o.pads, (ir::Pads{1, 1, 1, 1}));
  EXPECT_EQ(o.padding, ir::Padding::kSame);
}

TEST(FoldPad, StrideTwoAsymmetricPadAndEveryType) {
  Case c;
  c.h = c.w = 10;
  c.pads = {0, 0, 0, 1, 0, 1, 0, 0};  // Keras' ZeroPadding2D before a stride-2 VALID conv
  c.stride = 2;
  for (DType dt : {DType::kInt8, DType::kInt16, DType::kFloat32}) {
    for (bool depthwise : {false, true}) {
      for (bool padv2 : {false, true}) {
        c.dtype = dt;
        c.depthwise = depthwise;
        c.padv2 = padv2;
        c.value = dt == DType::kFloat32 ? -0.0 : 0;
        const ir::Graph g = fold_and_compare(c, 1);
        EXPECT_EQ(g.ops.size(), 1u) << static_cast<int>(dt) << " depthwise " << depthwise << " padv2 " << padv2;
      }
    }
  }
}

TEST(FoldPad, LeavesPadsTheConvCannotAbsorb) {
  Case value;  // int8 PADV2 with a value other than the zero point
  value.padv2 = true;
  value.zp_value = false;
  value.value = 3;
  fold_and_compare(value, 0);
  Case channels;  // padding the channels changes what the conv reads
  channels.pads = {0, 0, 1, 1, 1, 1, 0, 2};
  fold_and_compare(channels, 0);
  Case output;  // the padded tensor is a model output
  output.pad_is_output = true;
  fold_and_compare(output, 0);
  Case unspellable;  // (1, 1) before a stride-2 conv on an even size: neither SAME nor VALID
  unspellable.h = unspellable.w = 10;
  unspellable.stride = 2;
  fold_and_compare(unspellable, 0);
  Case inf;  // 0 * inf is NaN: the float conv must see the padded zeros
  inf.dtype = DType::kFloat32;
  inf.float_inf_weight = true;
  const ir::Graph g = pad_conv_graph(inf);
  ir::Graph folded = g;
  EXPECT_EQ(fold_pad(folded), 0u);
}

}  // namespace
}  // namespace mcuforge::passes
