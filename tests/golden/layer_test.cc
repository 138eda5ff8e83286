// SPDX-License-Identifier: Apache-2.0
// Per-op golden test: for the models with TFLM per-layer tensors (../shared/golden/<model>/layers/),
// every op mcuforge supports is run alone on TFLM's own captured inputs and must reproduce TFLM's
// captured output byte for byte (float32 within a tolerance). This pins each kernel independently
// of the ops around it. Ops mcuforge cannot run yet are reported, not failed, here: the whole-model
// golden test is the one that demands full support.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>

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

// "<model>/<set>" for every per-layer capture.
std::vector<std::string> layer_sets() {
  std::vector<std::string> sets;
  if (!fs::exists(kGolden)) return sets;
  for (const auto& m : fs::directory_iterator(kGolden)) {
    if (!fs::is_directory(m.path() / "layers")) continue;
    for (const auto& s : fs::directory_iterator(m.path() / "layers")) {
      if (fs::exists(s.path() / "index.json")) {
        sets.push_back(m.path().filename().string() + "/" + s.path().filename().string());
      }
    }
  }
  std::sort(sets.begin(), sets.end());
  return sets;
}

bool same(const mcuforge::ir::Tensor& t, const std::vector<uint8_t>& a, const std::vector<uint8_t>& b,
          std::string& why) {
  if (a.size() != b.size()) {
    why = "size differs";
    return false;
  }
  if (t.dtype == mcuforge::ir::DType::kFloat32) {
    for (size_t i = 0; i + 4 <= a.size(); i += 4) {
      float x, y;
      std::memcpy(&x, &a[i], 4);
      std::memcpy(&y, &b[i], 4);
      if (std::fabs(x - y) > 1e-5f + 1e-4f * std::fabs(y)) {
        why = "element " + std::to_string(i / 4) + ": " + std::to_string(x) + " vs TFLM " + std::to_string(y);
        return false;
      }
    }
    return true;
  }
  size_t diffs = 0, first = 0;
  for (size_t i = 0; i < a.size(); ++i) {
    if (a[i] != b[i] && diffs++ == 0) first = i;
  }
  if (diffs) {
    why = std::to_string(diffs) + " bytes differ, first at " + std::to_string(first) + ": " +
          std::to_string(static_cast<int>(a[first])) + " vs TFLM " + std::to_string(static_cast<int>(b[first]));
  }
  return diffs == 0;
}

class LayerTest : public ::testing::TestWithParam<std::string> {};

TEST_P(LayerTest, EachOpMatchesTflm) {
  const std::string param = GetParam();
  const std::string model = param.substr(0, param.find('/'));
  const fs::path dir = kGolden / model / "layers" / param.substr(param.find('/') + 1);
  const json index = read_json(dir / "index.json");
  const auto graph = mcuforge::tflite::read_tflite_file((kModels / (model + ".tflite")).string());
  mcuforge::exec::Executor executor(graph, /*allow_unsupported=*/true);
  int checked = 0, skipped = 0;
  for (const auto& op : index["ops"]) {
    const size_t i = op["index"];
    if (!executor.op_supported(i)) {
      ++skipped;
      continue;
    }
    bool have_inputs = true;
    for (int32_t t : graph.ops[i].inputs) {
      if (t < 0) continue;
      const auto& tensor = graph.tensor(t);
      if (tensor.is_constant()) continue;
      // A state tensor's file holds its value after the op (kind variable_after_op); before the op's
      // one invocation it is at its reset value, as the executor starts it.
      if (tensor.is_state()) continue;
      const fs::path f = dir / ("t" + std::to_string(t) + ".bin");
      if (!fs::exists(f)) {
        have_inputs = tensor.is_state();  // state tensors start from zero, as in TFLM
        if (!have_inputs) break;
        continue;
      }
      executor.set_tensor(t, read_file(f));
    }
    if (!have_inputs) {
      ++skipped;
      continue;
    }
    executor.run_op(i);
    std::vector<int32_t> written = graph.ops[i].outputs;
    for (int32_t t : graph.ops[i].inputs) {
      if (t >= 0 && graph.tensor(t).is_state()) written.push_back(t);  // updated state
    }
    for (int32_t t : written) {
      const fs::path f = dir / ("t" + std::to_string(t) + ".bin");
      if (!fs::exists(f)) continue;
      std::string why;
      EXPECT_TRUE(same(graph.tensor(t), executor.tensor_bytes(t), read_file(f), why))
          << model << " op " << i << " (" << graph.ops[i].name << ") output tensor " << t << ": " << why;
    }
    ++checked;
  }
  RecordProperty("ops_checked", checked);
  RecordProperty("ops_skipped", skipped);
  std::printf("%s: %d ops checked, %d not runnable yet\n", param.c_str(), checked, skipped);
}

INSTANTIATE_TEST_SUITE_P(PerLayer, LayerTest, ::testing::ValuesIn(layer_sets()), [](const auto& info) {
  std::string n = info.param;
  for (char& c : n) if (c == '/') c = '_';
  return n;
});
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(LayerTest);

}  // namespace
