// SPDX-License-Identifier: Apache-2.0
// calibrate() on a hand-built graph and on float corpus models (../shared/corpus): the observed tensors,
// min/max equal to a direct run's, histograms holding every value, the progress calls, and the errors a
// user can cause (empty set, wrong sizes, NaN / Inf in a sample or produced by the model).
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <random>

#include "diagnostics/error.h"
#include "exec/executor.h"
#include "passes/load_model.h"
#include "quantize/calibrate.h"

namespace mcuforge::quantize {
namespace {

namespace fs = std::filesystem;
using Samples = std::vector<std::vector<std::vector<uint8_t>>>;

std::vector<uint8_t> bytes_of(const std::vector<float>& v) {
  std::vector<uint8_t> b(v.size() * sizeof(float));
  std::memcpy(b.data(), v.data(), b.size());
  return b;
}

// x -> MUL(x, x) -> RELU, plus a constant that calibration must skip.
ir::Graph square_relu_graph() {
  ir::Graph g;
  auto add = [&](const char* name, ir::TensorKind kind = ir::TensorKind::kActivation) {
    ir::Tensor t;
    t.name = name;
    t.shape = {1, 4};
    t.kind = kind;
    if (kind == ir::TensorKind::kConstant) t.data = bytes_of({1, 2, 3, 4});
    g.tensors.push_back(t);
    return static_cast<int32_t>(g.tensors.size() - 1);
  };
  const int32_t x = add("x"), c = add("c", ir::TensorKind::kConstant), sq = add("square"), y = add("y");
  ir::Op mul;
  mul.type = ir::OpType::MUL;
  mul.name = "MUL";
  mul.inputs = {x, c};
  mul.outputs = {sq};
  mul.options = ir::ElementwiseOptions{};
  ir::Op relu = mul;
  relu.type = ir::OpType::RELU;
  relu.name = "RELU";
  relu.index = 1;
  relu.inputs = {sq};
  relu.outputs = {y};
  relu.options = std::monostate{};
  g.ops = {mul, relu};
  g.inputs = {x};
  g.outputs = {y};
  return g;
}

TEST(QuantizeCalibrate, HandBuiltGraph) {
  const ir::Graph g = square_relu_graph();
  EXPECT_EQ(observed_tensors(g), (std::vector<int32_t>{0, 2, 3}));
  const Samples samples = {{bytes_of({-1, 0.5f, 2, 0})}, {bytes_of({3, -2, 0, 1})}};
  std::vector<std::pair<int64_t, int64_t>> calls;
  const auto stats = calibrate(g, samples, [&](int64_t done, int64_t total) { calls.emplace_back(done, total); });
  ASSERT_EQ(stats.size(), 4u);
  EXPECT_FALSE(stats[1].has_value());  // the constant
  ASSERT_TRUE(stats[0] && stats[2] && stats[3]);
  EXPECT_EQ(stats[0]->min, -2.0f);
  EXPECT_EQ(stats[0]->max, 3.0f);
  EXPECT_EQ(stats[2]->min, -4.0f);  // x * [1, 2, 3, 4]: {-1, 1, 6, 0} and {3, -4, 0, 4}
  EXPECT_EQ(stats[2]->max, 6.0f);
  EXPECT_EQ(stats[3]->min, 0.0f);
  EXPECT_EQ(stats[3]->max, 6.0f);
  for (int i : {0, 2, 3}) {
    EXPECT_EQ(stats[i]->count, 8);
    EXPECT_EQ(stats[i]->hist.total(), 8);
    EXPECT_EQ(stats[i]->hist.lo(), std::min(stats[i]->min, 0.0f));
    EXPECT_EQ(stats[i]->hist.hi(), std::max(stats[i]->max, 0.0f));
  }
  EXPECT_EQ(stats[3]->hist.zeros(), 4);
  EXPECT_EQ(calls, (std::vector<std::pair<int64_t, int64_t>>{{1, 4}, {2, 4}, {3, 4}, {4, 4}}));
}

TEST(QuantizeCalibrate, RefusesBadSamples) {
  const ir::Graph g = square_relu_graph();
  EXPECT_THROW(calibrate(g, {}), Error);
  EXPECT_THROW(calibrate(g, {{bytes_of({1, 2, 3})}}), Error);                           // 3 floats, not 4
  EXPECT_THROW(calibrate(g, {{bytes_of({1, 2, 3, 4}), bytes_of({1, 2, 3, 4})}}), Error);  // 2 inputs, not 1
  try {
    calibrate(g, {{bytes_of({1, 2, 3, 4})}, {bytes_of({1, NAN, 3, 4})}});
    FAIL() << "NaN accepted";
  } catch (const Error& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("sample 1"), std::string::npos) << what;
    EXPECT_NE(what.find("'x'"), std::string::npos) << what;
    EXPECT_NE(what.find("NaN"), std::string::npos) << what;
  }
  ir::Graph with_log = g;  // finite input, the model produces -Inf (log 0): the message names the op output
  with_log.ops[1].type = ir::OpType::LOG;
  with_log.ops[1].name = "LOG";
  try {
    calibrate(with_log, {{bytes_of({1, 2, 3, 4})}, {bytes_of({1, 2, 3, 0})}});
    FAIL() << "Inf accepted";
  } catch (const Error& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("sample 1"), std::string::npos) << what;
    EXPECT_NE(what.find("'y'"), std::string::npos) << what;
    EXPECT_NE(what.find("Inf"), std::string::npos) << what;
  }
}

fs::path corpus_model(const std::string& name) {
  return fs::path(MF_SHARED_DIR) / "corpus" / "models" / (name + ".tflite");
}

Samples random_samples(const ir::Graph& g, int count, uint32_t seed) {
  std::mt19937 gen(seed);
  Samples samples;
  for (int s = 0; s < count; ++s) {
    std::vector<std::vector<uint8_t>> inputs;
    for (int32_t in : g.inputs) {
      std::vector<float> v(static_cast<size_t>(g.tensor(in).num_elements()));
      for (float& x : v) x = static_cast<float>(gen()) / 4294967296.0f * 2.0f - 1.0f;
      inputs.push_back(bytes_of(v));
    }
    samples.push_back(std::move(inputs));
  }
  return samples;
}

TEST(QuantizeCalibrate, MinMaxEqualsDirectRunOnToyCar) {
  const fs::path file = corpus_model("mlperf_ad_toycar_f32");
  if (!fs::exists(file)) GTEST_SKIP() << "no ../shared corpus";
  const ir::Graph g = passes::load_model(file.string());
  const Samples samples = random_samples(g, 8, 42);
  const auto stats = calibrate(g, samples);
  const std::vector<int32_t> observed = observed_tensors(g);
  ASSERT_GE(observed.size(), g.ops.size());
  exec::Executor ex(g);
  std::vector<float> lo(g.tensors.size(), INFINITY), hi(g.tensors.size(), -INFINITY);
  for (const auto& sample : samples) {
    ex.invoke(sample);
    for (int32_t t : observed) {
      const auto& b = ex.tensor_bytes(t);
      std::vector<float> v(b.size() / 4);
      std::memcpy(v.data(), b.data(), v.size() * 4);
      for (float x : v) lo[t] = std::min(lo[t], x), hi[t] = std::max(hi[t], x);
    }
  }
  for (size_t t = 0; t < g.tensors.size(); ++t) {
    const bool is_observed = std::find(observed.begin(), observed.end(), static_cast<int32_t>(t)) != observed.end();
    ASSERT_EQ(stats[t].has_value(), is_observed) << t;
    if (!is_observed) continue;
    EXPECT_EQ(stats[t]->min, lo[t]) << g.tensors[t].name;
    EXPECT_EQ(stats[t]->max, hi[t]) << g.tensors[t].name;
    EXPECT_EQ(stats[t]->count, 8 * g.tensors[t].num_elements());
    EXPECT_EQ(stats[t]->hist.total(), stats[t]->count);
  }
}

TEST(QuantizeCalibrate, ResNet8TwentySamplesAllMethods) {
  const fs::path file = corpus_model("mlperf_ic_resnet8_f32");
  if (!fs::exists(file)) GTEST_SKIP() << "no ../shared corpus";
  const ir::Graph g = passes::load_model(file.string());
  const auto t0 = std::chrono::steady_clock::now();
  const auto stats = calibrate(g, random_samples(g, 20, 7));
  const auto t1 = std::chrono::steady_clock::now();
  int observed = 0;
  for (const auto& st : stats) {
    if (!st) continue;
    ++observed;
    EXPECT_GT(st->count, 0);
    for (RangeMethod m : {RangeMethod::kMinMax, RangeMethod::kPercentile, RangeMethod::kMse, RangeMethod::kKl}) {
      const Range r = choose_range(*st, m, 8);
      EXPECT_LE(r.min, r.max);
      EXPECT_GE(r.min, std::min(st->min, 0.0f));
      EXPECT_LE(r.max, std::max(st->max, 0.0f));
    }
  }
  EXPECT_GT(observed, 10);
  const auto t2 = std::chrono::steady_clock::now();
  using ms = std::chrono::milliseconds;  // printed for the record, never asserted
  std::printf("resnet8: %d tensors, calibrate (20 samples, 2 passes) %lld ms, 4 methods %lld ms\n", observed,
              static_cast<long long>(std::chrono::duration_cast<ms>(t1 - t0).count()),
              static_cast<long long>(std::chrono::duration_cast<ms>(t2 - t1).count()));
}

}  // namespace
}  // namespace mcuforge::quantize
