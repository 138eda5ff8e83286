// SPDX-License-Identifier: Apache-2.0
// Golden test: every model in ../shared/golden run through the host executor must reproduce TFLM's
// outputs (out_*.bin and ref_*_out_*.bin): integer outputs byte for byte, float32 within a tight
// tolerance (TFLM's float results depend on the host's libm). Models that need custom ops must fail
// with the clear unsupported-op error instead.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>

#include "diagnostics/error.h"
#include "exec/executor.h"
#include "import/tflite/tflite_reader.h"

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

const fs::path kGolden = fs::path(MF_SHARED_DIR) / "golden";
const fs::path kModels = fs::path(MF_SHARED_DIR) / "corpus" / "models";

std::vector<uint8_t> read_file(const fs::path& p) {
  std::ifstream f(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>()};
}

json read_json(const fs::path& p) {
  std::ifstream f(p);
  return json::parse(f);
}

std::vector<std::string> golden_models() {
  std::vector<std::string> names;
  if (!fs::exists(kGolden / "index.json")) return names;
  const json index = read_json(kGolden / "index.json");
  for (const auto& m : index["models"]) {
    if (m["status"] == "ok") names.push_back(m["model"]);
  }
  return names;
}

bool needs_custom_ops(const json& golden) {
  for (const auto& op : golden["ops"]) {
    if (op.get<std::string>().rfind("CUSTOM:", 0) == 0) return true;
  }
  return false;
}

// Compares one output; returns an empty string when it matches.
std::string compare(const mcuforge::ir::Tensor& t, const std::vector<uint8_t>& got,
                    const std::vector<uint8_t>& want) {
  if (got.size() != want.size()) {
    return "size " + std::to_string(got.size()) + " != " + std::to_string(want.size());
  }
  if (t.dtype != mcuforge::ir::DType::kFloat32) {
    for (size_t i = 0; i < got.size(); ++i) {
      if (got[i] != want[i]) {
        return "first differing byte " + std::to_string(i) + ": " + std::to_string(got[i]) + " vs TFLM " +
               std::to_string(want[i]);
      }
    }
    return {};
  }
  const size_t n = got.size() / 4;
  for (size_t i = 0; i < n; ++i) {
    float a, b;
    std::memcpy(&a, &got[i * 4], 4);
    std::memcpy(&b, &want[i * 4], 4);
    if (std::fabs(a - b) > 1e-5f + 1e-4f * std::fabs(b)) {
      return "element " + std::to_string(i) + ": " + std::to_string(a) + " vs TFLM " + std::to_string(b);
    }
  }
  return {};
}

class GoldenTest : public ::testing::TestWithParam<std::string> {};

TEST_P(GoldenTest, MatchesTflm) {
  const std::string name = GetParam();
  const fs::path dir = kGolden / name;
  const json golden = read_json(dir / "golden.json");
  const auto graph = mcuforge::tflite::read_tflite_file((kModels / (name + ".tflite")).string());

  if (needs_custom_ops(golden)) {
    try {
      mcuforge::exec::Executor executor(graph);
      FAIL() << name << " needs custom ops but was accepted";
    } catch (const mcuforge::Error& e) {
      EXPECT_NE(std::string(e.what()).find("custom op"), std::string::npos) << e.what();
    }
    return;
  }

  struct Run {
    std::string label;
    std::vector<std::string> inputs, outputs;
    int frames = 1;
  };
  std::vector<Run> runs;
  for (const auto& s : golden["sets"]) {
    runs.push_back({"set " + std::to_string(s["k"].get<int>()), s["inputs"], s["outputs"], 1});
  }
  if (golden.contains("testdata_runs")) {
    for (const auto& r : golden["testdata_runs"]) {
      runs.push_back({"ref " + r["tag"].get<std::string>(), r["inputs"], r["outputs"], r.value("frames", 1)});
    }
  }
  ASSERT_FALSE(runs.empty());
  for (const Run& run : runs) {
    mcuforge::exec::Executor executor(graph);  // fresh state per run, as TFLM's runner does
    std::vector<std::vector<uint8_t>> inputs;
    for (const auto& f : run.inputs) inputs.push_back(read_file(dir / f));
    std::vector<std::vector<uint8_t>> outputs(graph.outputs.size());
    for (int frame = 0; frame < run.frames; ++frame) {
      std::vector<std::vector<uint8_t>> frame_inputs;
      for (const auto& in : inputs) {
        const size_t per = in.size() / static_cast<size_t>(run.frames);
        frame_inputs.emplace_back(in.begin() + static_cast<long>(per * frame),
                                  in.begin() + static_cast<long>(per * (frame + 1)));
      }
      auto out = executor.invoke(frame_inputs);
      for (size_t k = 0; k < out.size(); ++k) outputs[k].insert(outputs[k].end(), out[k].begin(), out[k].end());
    }
    for (size_t k = 0; k < run.outputs.size(); ++k) {
      const auto want = read_file(dir / run.outputs[k]);
      const std::string diff = compare(graph.tensor(graph.outputs[k]), outputs[k], want);
      EXPECT_TRUE(diff.empty()) << name << " " << run.label << " output " << k << ": " << diff;
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Corpus, GoldenTest, ::testing::ValuesIn(golden_models()),
                         [](const auto& info) { return info.param; });
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(GoldenTest);

}  // namespace
