// SPDX-License-Identifier: Apache-2.0
// The IR invariants and the graph editor on real models (../shared/corpus): every corpus model
// verifies as read and after the "optimize" pipeline, and editing a model (a dead op added then removed,
// unreferenced tensors dropped with every index renumbered) leaves the host executor's outputs
// byte-identical.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "diagnostics/error.h"
#include "exec/executor.h"
#include "import/read_model.h"
#include "ir/graph_editor.h"
#include "ir/verify.h"
#include "passes/load_model.h"

namespace mcuforge::passes {
namespace {

namespace fs = std::filesystem;

fs::path corpus_dir() { return fs::path(MF_SHARED_DIR) / "corpus"; }

std::vector<std::string> corpus_files() {
  std::vector<std::string> files;
  std::ifstream f(corpus_dir() / "index.json");
  if (!f) return files;
  const nlohmann::json index = nlohmann::json::parse(f);
  for (const auto& m : index["models"]) {
    files.push_back((corpus_dir() / m["file"].get<std::string>()).string());
  }
  return files;
}

std::string problems_text(const ir::Graph& g) {
  std::string s;
  for (const std::string& p : ir::find_problems(g)) s += "\n  " + p;
  return s;
}

TEST(PassCorpus, EveryModelVerifiesAsReadAndAfterLoading) {
  const auto files = corpus_files();
  if (files.empty()) GTEST_SKIP() << "no ../shared corpus";
  int verified = 0;
  for (const std::string& file : files) {
    ir::Graph read;
    try {
      read = import::read_model(file);
    } catch (const Error& e) {
      ADD_FAILURE() << file << ": the reader rejects a corpus model: " << e.what();
      continue;
    }
    EXPECT_EQ(problems_text(read), "") << file << " as read";
    const ir::Graph loaded = load_model(file);  // verifies after every pass itself
    EXPECT_EQ(problems_text(loaded), "") << file << " after loading";
    EXPECT_LE(loaded.ops.size(), read.ops.size());
    EXPECT_EQ(loaded.tensors.size(), read.tensors.size()) << file << ": loading must keep tensor indices";
    ++verified;
  }
  EXPECT_GE(verified, 40);  // the corpus has 43 models
}

std::vector<std::vector<uint8_t>> run(const ir::Graph& g) {
  exec::Executor ex(g);
  std::vector<std::vector<uint8_t>> inputs;
  uint32_t x = 12345;
  for (int64_t size : exec::input_sizes(g)) {
    std::vector<uint8_t> in(static_cast<size_t>(size));
    for (auto& b : in) b = static_cast<uint8_t>((x = x * 1664525u + 1013904223u) >> 24);
    // Float inputs get small finite values rather than random bit patterns (NaNs, infinities).
    inputs.push_back(std::move(in));
  }
  for (size_t k = 0; k < g.inputs.size(); ++k) {
    if (g.tensor(g.inputs[k]).dtype == ir::DType::kFloat32) {
      auto* f = reinterpret_cast<float*>(inputs[k].data());
      for (size_t i = 0; i < inputs[k].size() / 4; ++i) f[i] = static_cast<float>(static_cast<int>(i % 17) - 8) / 8.0f;
    }
  }
  return ex.invoke(inputs);
}

// A model with folded constants (dead tensors left behind) and several outputs.
const char* const kModels[] = {"mlperf_kws_dscnn_int8", "armex_basic_lstm_s_int8", "mlperf_ad_toycar_int8"};

TEST(PassCorpus, AddingAndRemovingADeadOpKeepsTheOutputs) {
  for (const char* name : kModels) {
    const fs::path file = corpus_dir() / "models" / (std::string(name) + ".tflite");
    if (!fs::exists(file)) GTEST_SKIP() << "no ../shared corpus";
    const ir::Graph original = load_model(file.string());
    const auto expected = run(original);

    // A copy of the first op's output that nothing reads, inserted right after that op.
    ir::Graph edited = original;
    const int32_t first_out = edited.ops.at(0).outputs.at(0);
    ir::Tensor copy = edited.tensor(first_out);
    ASSERT_TRUE(copy.is_activation()) << name;
    copy.name += "_dead_copy";
    const int32_t dead = ir::add_tensor(edited, copy);
    ir::Op reshape;
    reshape.type = ir::OpType::RESHAPE;
    reshape.name = "RESHAPE";
    reshape.inputs = {first_out};
    reshape.outputs = {dead};
    ir::insert_op(edited, 1, reshape);
    ir::verify(edited, std::string(name) + " with a dead op");
    EXPECT_EQ(ir::consumers(edited, dead), std::vector<int32_t>{});
    EXPECT_EQ(ir::producer(edited, dead), 1);
    EXPECT_EQ(run(edited), expected) << name << " with a dead op";

    EXPECT_EQ(ir::remove_dead_ops(edited), 1u);
    ir::renumber(edited);
    ir::verify(edited, std::string(name) + " after removing it");
    EXPECT_EQ(edited.ops.size(), original.ops.size());
    EXPECT_LE(edited.tensors.size(), original.tensors.size());
    EXPECT_EQ(run(edited), expected) << name << " after removing the dead op and renumbering";
  }
}

TEST(PassCorpus, CompactingTensorsKeepsTheOutputs) {
  const fs::path file = corpus_dir() / "models" / "armex_basic_lstm_s_int8.tflite";
  if (!fs::exists(file)) GTEST_SKIP() << "no ../shared corpus";
  const ir::Graph original = load_model(file.string());
  ir::Graph compacted = original;
  const PipelineResult r = run_passes(compacted, {"compact-tensors"});
  // Folding SHAPE -> ... -> FILL left the folded ops' inputs unreferenced.
  EXPECT_GT(r.changes("compact-tensors"), 0u);
  EXPECT_EQ(compacted.tensors.size() + r.changes("compact-tensors"), original.tensors.size());
  EXPECT_EQ(run(compacted), run(original));
}

}  // namespace
}  // namespace mcuforge::passes
