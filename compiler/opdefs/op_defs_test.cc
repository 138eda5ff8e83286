// SPDX-License-Identifier: Apache-2.0
// The op facts against real models: on every corpus model, inferred output shapes equal the shapes the
// converter wrote. (MAC counts are checked through the codegen snapshots' report.json and the golden
// reports: they were the ops' own counts before the facts took them over, equal on every corpus op.)
#include <gtest/gtest.h>

#include <filesystem>

#include "passes/load_model.h"
#include "opdefs/op_def.h"

namespace mcuforge::opdefs {
namespace {

namespace fs = std::filesystem;

std::vector<std::string> corpus_models() {
  std::vector<std::string> v;
  const fs::path dir = fs::path(MF_SHARED_DIR) / "corpus" / "models";
  if (!fs::exists(dir)) return v;
  for (const auto& e : fs::directory_iterator(dir)) {
    if (e.path().extension() == ".tflite") v.push_back(e.path().string());
  }
  std::sort(v.begin(), v.end());
  return v;
}

TEST(OpFacts, ShapesAndMacsMatchEveryCorpusModel) {
  const auto models = corpus_models();
  if (models.empty()) GTEST_SKIP() << "no corpus at " << MF_SHARED_DIR;
  int inferred = 0, counted = 0;
  for (const std::string& path : models) {
    SCOPED_TRACE(path);
    const ir::Graph g = passes::load_model(path);
    for (const ir::Op& op : g.ops) {
      SCOPED_TRACE("op " + std::to_string(op.index) + " " + op.name);
      if (const auto shapes = infer_output_shapes(g, op)) {
        ASSERT_EQ(shapes->size(), op.outputs.size());
        for (size_t k = 0; k < op.outputs.size(); ++k) EXPECT_EQ((*shapes)[k], g.op_output(op, k).shape);
        ++inferred;
      }
      if (macs(g, op) > 0) ++counted;
    }
  }
  EXPECT_GT(inferred, 500);
  EXPECT_GT(counted, 200);
}

TEST(OpFacts, FixedOutputQuantization) {
  const auto s8 = fixed_output_quant(ir::OpType::SOFTMAX, 0, ir::DType::kInt8, ir::DType::kInt8);
  ASSERT_TRUE(s8);
  EXPECT_EQ(s8->scale, 1.0 / 256);
  EXPECT_EQ(s8->zero_point, -128);
  const auto s8_to_16 = fixed_output_quant(ir::OpType::SOFTMAX, 0, ir::DType::kInt16, ir::DType::kInt8);
  ASSERT_TRUE(s8_to_16);
  EXPECT_EQ(s8_to_16->zero_point, -32768);
  EXPECT_EQ(fixed_output_quant(ir::OpType::TANH, 0, ir::DType::kInt8, ir::DType::kInt8)->scale, 1.0 / 128);
  EXPECT_FALSE(fixed_output_quant(ir::OpType::CONV_2D, 0, ir::DType::kInt8, ir::DType::kInt8));
  EXPECT_EQ(op_def(ir::OpType::DEPTHWISE_CONV_2D).quant.weights->channel_axis, 3);
  EXPECT_EQ(op_def(ir::OpType::CONV_2D).quant.weights->channel_axis, 0);
  EXPECT_EQ(op_def(ir::OpType::MAX_POOL_2D).quant.outputs.at(0).rule, OutputQuantRule::kSameAsInput);
}

}  // namespace
}  // namespace mcuforge::opdefs
