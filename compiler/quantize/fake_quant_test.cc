// SPDX-License-Identifier: Apache-2.0
// fake_quantize (TFLM's rounding and clamping) and simulate_activation_quantization: exact where the
// grid holds the values, errors where it does not, int16 far better than int8 on a corpus model.
#include "quantize/fake_quant.h"

#include <gtest/gtest.h>

#include <cstring>
#include <filesystem>
#include <random>

#include "passes/load_model.h"

namespace mcuforge::quantize {
namespace {

std::vector<uint8_t> bytes_of(const std::vector<float>& v) {
  std::vector<uint8_t> b(v.size() * sizeof(float));
  std::memcpy(b.data(), v.data(), b.size());
  return b;
}

TEST(QuantizeFakeQuant, RoundsHalfAwayAndClamps) {
  std::vector<float> v = {0.25f, -0.25f, 0.74f, 100.0f, -100.0f, 0.0f};
  fake_quantize(v.data(), v.size(), {{0.5f, -1}, ir::DType::kInt8});  // grid 0.5 * (q + 1), q in [-128, 127]
  EXPECT_EQ(v, (std::vector<float>{0.5f, -0.5f, 0.5f, 64.0f, -63.5f, 0.0f}));
  std::vector<float> w = {1e6f, -1e6f};
  fake_quantize(w.data(), w.size(), {{1.0f, 0}, ir::DType::kInt16});
  EXPECT_EQ(w, (std::vector<float>{32767.0f, -32768.0f}));
}

// x -> RELU -> y
ir::Graph relu_graph() {
  ir::Graph g;
  for (const char* name : {"x", "y"}) {
    ir::Tensor t;
    t.name = name;
    t.shape = {4};
    g.tensors.push_back(t);
  }
  ir::Op relu;
  relu.type = ir::OpType::RELU;
  relu.name = "RELU";
  relu.inputs = {0};
  relu.outputs = {1};
  g.ops = {relu};
  g.inputs = {0};
  g.outputs = {1};
  return g;
}

TEST(QuantizeFakeQuant, SimulatesPerTensorError) {
  const ir::Graph g = relu_graph();
  const std::vector<std::vector<std::vector<uint8_t>>> samples = {{bytes_of({-1.0f, 0.5f, 1.0f, 2.0f})}};
  std::vector<std::optional<FakeQuantSpec>> specs(2);
  specs[0] = FakeQuantSpec{{0.5f, 0}, ir::DType::kInt8};  // every input value is on the grid
  int calls = 0;
  auto errors = simulate_activation_quantization(g, specs, samples, [&](int64_t, int64_t) { ++calls; });
  EXPECT_EQ(calls, 1);
  ASSERT_TRUE(errors[0] && errors[1]);
  EXPECT_EQ(errors[0]->sqnr_db(), std::numeric_limits<double>::infinity());
  EXPECT_EQ(errors[1]->sqnr_db(), std::numeric_limits<double>::infinity());
  specs[1] = FakeQuantSpec{{1.5f, -128}, ir::DType::kInt8};  // y = {0, .5, 1, 2} -> {0, 0, 1.5, 1.5}
  errors = simulate_activation_quantization(g, specs, samples);
  EXPECT_EQ(errors[0]->sqnr_db(), std::numeric_limits<double>::infinity());
  EXPECT_NEAR(errors[1]->sqnr_db(), 10 * std::log10(5.25 / (0.25 + 0.25 + 0.25)), 1e-9);
}

TEST(QuantizeFakeQuant, Int16BeatsInt8OnToyCar) {
  const auto file = std::filesystem::path(MF_SHARED_DIR) / "corpus" / "models" / "mlperf_ad_toycar_f32.tflite";
  if (!std::filesystem::exists(file)) GTEST_SKIP() << "no ../shared corpus";
  const ir::Graph g = passes::load_model(file.string());
  std::mt19937 gen(3);
  std::vector<std::vector<std::vector<uint8_t>>> samples;
  for (int s = 0; s < 8; ++s) {
    std::vector<float> v(static_cast<size_t>(g.tensor(g.inputs[0]).num_elements()));
    for (float& x : v) x = static_cast<float>(gen()) / 4294967296.0f * 2.0f - 1.0f;
    samples.push_back({bytes_of(v)});
  }
  const auto stats = calibrate(g, samples);
  double sqnr[2];
  for (int k = 0; k < 2; ++k) {
    const ir::DType dt = k == 0 ? ir::DType::kInt8 : ir::DType::kInt16;
    std::vector<std::optional<FakeQuantSpec>> specs(g.tensors.size());
    for (size_t t = 0; t < stats.size(); ++t) {
      if (stats[t]) specs[t] = FakeQuantSpec{params_for_range(choose_range(*stats[t], RangeMethod::kMinMax, k == 0 ? 8 : 16), dt), dt};
    }
    const auto errors = simulate_activation_quantization(g, specs, samples);
    sqnr[k] = errors[static_cast<size_t>(g.outputs[0])]->sqnr_db();
  }
  EXPECT_GT(sqnr[0], 10.0);  // the calibration data itself: nothing clipped
  EXPECT_GT(sqnr[1], sqnr[0] + 30.0);
}

}  // namespace
}  // namespace mcuforge::quantize
