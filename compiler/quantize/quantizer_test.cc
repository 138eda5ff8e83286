// SPDX-License-Identifier: Apache-2.0
// The quantizer on the float models of the corpus with random calibration data: the result is a
// full-integer graph every op of which prepares (TFLM's parameter rules hold), the facts' rules hold
// (weights symmetric per channel, bias scale = input scale x weight scale, fixed softmax output), and its
// output is close to the float model's. TFLM itself runs the written models in tests/oracle/test_quantize.py.
#include <gtest/gtest.h>

#include <cstring>
#include <filesystem>
#include <random>

#include "diagnostics/error.h"
#include "exec/executor.h"
#include "ops/op.h"
#include "passes/load_model.h"
#include "quantize/quantizer.h"

namespace mcuforge::quantize {
namespace {
namespace fs = std::filesystem;

fs::path model_path(const char* name) { return fs::path(MF_SHARED_DIR) / "corpus" / "models" / (std::string(name) + ".tflite"); }

Samples random_samples(const ir::Graph& g, int count, float lo, float hi, uint32_t seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> dist(lo, hi);
  Samples samples;
  for (int s = 0; s < count; ++s) {
    std::vector<std::vector<uint8_t>> inputs;
    for (int32_t t : g.inputs) {
      std::vector<float> v(static_cast<size_t>(g.tensor(t).num_elements()));
      for (float& x : v) x = dist(rng);
      std::vector<uint8_t> bytes(v.size() * 4);
      std::memcpy(bytes.data(), v.data(), bytes.size());
      inputs.push_back(std::move(bytes));
    }
    samples.push_back(std::move(inputs));
  }
  return samples;
}

void expect_integer_graph(const ir::Graph& g) {
  for (const ir::Op& op : g.ops) {
    EXPECT_NO_THROW(ops::prepare(g, op)) << op.name << " #" << op.index;
    for (int32_t t : op.outputs) EXPECT_NE(g.tensor(t).dtype, ir::DType::kFloat32) << op.name << " #" << op.index;
  }
  for (int32_t t : g.inputs) EXPECT_EQ(g.tensor(t).dtype, ir::DType::kInt8);
  for (int32_t t : g.outputs) EXPECT_EQ(g.tensor(t).dtype, ir::DType::kInt8);
}

TEST(Quantizer, CorpusFloatModelsBecomeFullInt8) {
  for (const char* name : {"mlperf_ic_resnet8_f32", "mlperf_ad_toycar_f32", "mlperf_kws_dscnn_f32"}) {
    SCOPED_TRACE(name);
    if (!fs::exists(model_path(name))) GTEST_SKIP() << "no ../shared corpus";
    const ir::Graph fg = passes::load_model(model_path(name).string());
    QuantizeOptions o;
    o.method = RangeMethod::kMinMax;
    o.analysis_samples = 4;
    const QuantizeOutcome out = quantize_model(fg, random_samples(fg, 8, 0.0f, 1.0f, 7), o);
    expect_integer_graph(out.graph);
    EXPECT_GT(out.report.output_sqnr_db, 10.0);
    EXPECT_EQ(out.report.layers.size(), fg.ops.size());
  }
}

TEST(Quantizer, FactsRulesHold) {
  if (!fs::exists(model_path("mlperf_ic_resnet8_f32"))) GTEST_SKIP() << "no ../shared corpus";
  const ir::Graph fg = passes::load_model(model_path("mlperf_ic_resnet8_f32").string());
  QuantizeOptions o;
  o.method = RangeMethod::kMinMax;
  o.bias_correction = false;
  o.analysis_samples = 2;
  const ir::Graph g = quantize_model(fg, random_samples(fg, 4, 0.0f, 255.0f, 1), o).graph;
  for (const ir::Op& op : g.ops) {
    if (op.type != ir::OpType::CONV_2D && op.type != ir::OpType::FULLY_CONNECTED) continue;
    const ir::Tensor& in = g.tensor(op.inputs[0]);
    const ir::Tensor& w = g.tensor(op.inputs[1]);
    const ir::Tensor& b = g.tensor(op.inputs[2]);
    EXPECT_EQ(w.dtype, ir::DType::kInt8);
    EXPECT_EQ(w.quant.scale.size(), static_cast<size_t>(w.dim(0)));  // per output channel
    for (int64_t zp : w.quant.zero_point) EXPECT_EQ(zp, 0);
    EXPECT_EQ(b.dtype, ir::DType::kInt32);
    for (size_t c = 0; c < b.quant.scale.size(); ++c) EXPECT_EQ(b.quant.scale[c], in.quant.scale[0] * w.quant.scale[c]);
  }
  const ir::Op& last = g.ops.back();
  ASSERT_EQ(last.type, ir::OpType::SOFTMAX);
  EXPECT_EQ(g.tensor(last.outputs[0]).quant.scale[0], 1.0f / 256);
  EXPECT_EQ(g.tensor(last.outputs[0]).quant.zero_point[0], -128);
}

TEST(Quantizer, FloatIoKeepsFloatEdges) {
  if (!fs::exists(model_path("mlperf_ad_toycar_f32"))) GTEST_SKIP() << "no ../shared corpus";
  const ir::Graph fg = passes::load_model(model_path("mlperf_ad_toycar_f32").string());
  QuantizeOptions o;
  o.method = RangeMethod::kMinMax;
  o.float_io = true;
  o.analysis_samples = 2;
  const ir::Graph g = quantize_model(fg, random_samples(fg, 4, -1.0f, 1.0f, 3), o).graph;
  EXPECT_EQ(g.tensor(g.inputs[0]).dtype, ir::DType::kFloat32);
  EXPECT_EQ(g.tensor(g.outputs[0]).dtype, ir::DType::kFloat32);
  EXPECT_EQ(g.ops.front().type, ir::OpType::QUANTIZE);
  EXPECT_EQ(g.ops.back().type, ir::OpType::DEQUANTIZE);
}

TEST(Quantizer, Int16ListRunsThoseOpsInInt16x8) {
  if (!fs::exists(model_path("mlperf_ad_toycar_f32"))) GTEST_SKIP() << "no ../shared corpus";
  const ir::Graph fg = passes::load_model(model_path("mlperf_ad_toycar_f32").string());
  QuantizeOptions o;
  o.method = RangeMethod::kMinMax;
  o.int16 = Int16Mode::kList;
  o.int16_ops = {"#0"};
  o.analysis_samples = 2;
  const QuantizeOutcome out = quantize_model(fg, random_samples(fg, 4, -1.0f, 1.0f, 3), o);
  ASSERT_EQ(out.report.int16_ops.size(), 1u);
  EXPECT_EQ(out.report.int16_ops[0], 0);
  const ir::Graph& g = out.graph;
  // The first layer reads an int16 input and writes int16; a QUANTIZE requantizes for the int8 layer next.
  EXPECT_EQ(g.tensor(g.inputs[0]).dtype, ir::DType::kInt16);
  EXPECT_EQ(g.tensor(g.ops[0].outputs[0]).dtype, ir::DType::kInt16);
  EXPECT_EQ(g.tensor(g.ops[0].inputs[2]).dtype, ir::DType::kInt64);
  EXPECT_EQ(g.ops[1].type, ir::OpType::QUANTIZE);
  for (const ir::Op& op : g.ops) EXPECT_NO_THROW(ops::prepare(g, op)) << op.name;
}

TEST(Quantizer, AlreadyIntegerModelIsRefused) {
  if (!fs::exists(model_path("mlperf_ad_toycar_int8"))) GTEST_SKIP() << "no ../shared corpus";
  const ir::Graph g = passes::load_model(model_path("mlperf_ad_toycar_int8").string());
  EXPECT_THROW(quantize_model(g, {}, {}), Error);
}

}  // namespace
}  // namespace mcuforge::quantize
