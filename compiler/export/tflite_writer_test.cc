// SPDX-License-Identifier: Apache-2.0
// The TFLite writer on every corpus model (../shared/corpus/models): read, write, read gives the same
// graph (tensors, ops, options, intermediates, custom options), both as the file is and as mcuforge
// runs it (constants folded); where the model runs in mcuforge, the written model's outputs from the
// host executor are byte-equal to the original's on generated inputs. Also: generic options of every
// table survive a write, and what the format cannot hold is refused.
#include "export/tflite_writer.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>
#include <variant>

#include "diagnostics/error.h"
#include "exec/executor.h"
#include "passes/load_model.h"
#include "import/tflite/options_table.h"
#include "import/tflite/tflite_reader.h"

namespace mcuforge {
namespace {
namespace fs = std::filesystem;

std::vector<fs::path> corpus_models() {
  std::vector<fs::path> out;
  const fs::path dir = fs::path(MF_SHARED_DIR) / "corpus" / "models";
  if (!fs::is_directory(dir)) return out;
  for (const auto& e : fs::directory_iterator(dir)) {
    if (e.path().extension() == ".tflite") out.push_back(e.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

// Field-by-field comparison, so that a failure names what differs.
void expect_same_graph(const ir::Graph& a, const ir::Graph& b, const std::string& what) {
  ASSERT_EQ(a.tensors.size(), b.tensors.size()) << what;
  for (size_t i = 0; i < a.tensors.size(); ++i) {
    const ir::Tensor& x = a.tensors[i];
    const ir::Tensor& y = b.tensors[i];
    const std::string where = what + ": tensor " + std::to_string(i) + " '" + x.name + "'";
    EXPECT_EQ(x.name, y.name) << where;
    EXPECT_EQ(x.dtype, y.dtype) << where;
    EXPECT_EQ(x.shape, y.shape) << where;
    EXPECT_EQ(x.kind, y.kind) << where;
    EXPECT_EQ(x.quant.scale, y.quant.scale) << where;
    EXPECT_EQ(x.quant.zero_point, y.quant.zero_point) << where;
    EXPECT_EQ(x.quant.axis, y.quant.axis) << where;
    EXPECT_TRUE(x.data == y.data) << where << ": data differs";
  }
  ASSERT_EQ(a.ops.size(), b.ops.size()) << what;
  for (size_t k = 0; k < a.ops.size(); ++k) {
    const ir::Op& x = a.ops[k];
    const ir::Op& y = b.ops[k];
    const std::string where = what + ": op " + std::to_string(k) + " " + x.name;
    EXPECT_EQ(x.type, y.type) << where;
    EXPECT_EQ(x.name, y.name) << where;
    EXPECT_EQ(x.version, y.version) << where;
    EXPECT_EQ(x.source_code, y.source_code) << where;
    EXPECT_EQ(x.inputs, y.inputs) << where;
    EXPECT_EQ(x.outputs, y.outputs) << where;
    EXPECT_EQ(x.intermediates, y.intermediates) << where;
    EXPECT_TRUE(x.options == y.options) << where << ": options differ";
    EXPECT_EQ(x.custom_options, y.custom_options) << where;
  }
  EXPECT_EQ(a.inputs, b.inputs) << what;
  EXPECT_EQ(a.outputs, b.outputs) << what;
  EXPECT_EQ(a.name, b.name) << what;
  EXPECT_EQ(a.description, b.description) << what;
}

ir::Graph write_and_read(const ir::Graph& g) { return tflite::read_tflite(exporter::write_tflite(g)); }

// Deterministic inputs: raw bytes for integer tensors, values in [-1, 1) for float ones (no NaNs).
std::vector<std::vector<uint8_t>> generated_inputs(const ir::Graph& g, uint64_t seed) {
  std::vector<std::vector<uint8_t>> out;
  uint64_t s = seed;
  auto next = [&s] {
    s = s * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<uint32_t>(s >> 33);
  };
  for (int32_t i : g.inputs) {
    const ir::Tensor& t = g.tensor(i);
    std::vector<uint8_t> bytes(static_cast<size_t>(t.num_bytes()));
    if (t.dtype == ir::DType::kFloat32) {
      for (size_t k = 0; k + 4 <= bytes.size(); k += 4) {
        const float v = static_cast<float>(next() % 65536) / 32768.0f - 1.0f;
        std::memcpy(&bytes[k], &v, 4);
      }
    } else {
      for (uint8_t& b : bytes) b = static_cast<uint8_t>(next());
    }
    out.push_back(std::move(bytes));
  }
  return out;
}

TEST(TfliteWriter, EveryCorpusModelRoundTrips) {
  const auto models = corpus_models();
  if (models.empty()) GTEST_SKIP() << "no ../shared corpus";
  int round_trips = 0, runs = 0;
  for (const fs::path& path : models) {
    SCOPED_TRACE(path.filename().string());
    // As the file is: every op, every option.
    const ir::Graph source = tflite::read_tflite_file(path.string());
    expect_same_graph(source, write_and_read(source), path.filename().string());
    // As mcuforge runs it.
    const ir::Graph loaded = passes::load_model(path.string());
    const ir::Graph written = write_and_read(loaded);
    expect_same_graph(loaded, written, path.filename().string() + " (folded)");
    if (!::testing::Test::HasFailure()) ++round_trips;
    std::unique_ptr<exec::Executor> original;
    try {
      original = std::make_unique<exec::Executor>(loaded);
    } catch (const Error&) {
      continue;  // an op mcuforge cannot run: the graph comparison above is the test
    }
    exec::Executor rewritten(written);
    for (uint64_t seed : {1u, 2u}) {
      const auto inputs = generated_inputs(loaded, seed);
      EXPECT_TRUE(original->invoke(inputs) == rewritten.invoke(inputs)) << "outputs differ, seed " << seed;
    }
    ++runs;
  }
  std::printf("[ round trip ] %d of %zu corpus models; %d run with byte-equal outputs\n", round_trips,
              models.size(), runs);
}

TEST(TfliteWriter, WrittenFileHasAlignedConstantsAndEmptyBufferZero) {
  const fs::path path = fs::path(MF_SHARED_DIR) / "corpus/models/mlperf_kws_dscnn_int8.tflite";
  if (!fs::exists(path)) GTEST_SKIP() << "no ../shared corpus";
  const ir::Graph g = passes::load_model(path.string());
  const std::vector<uint8_t> bytes = exporter::write_tflite(g);
  ASSERT_GE(bytes.size(), 8u);
  EXPECT_EQ(std::string(bytes.begin() + 4, bytes.begin() + 8), "TFL3");
  // Every constant's bytes appear in the file at a 16-byte aligned offset.
  for (const ir::Tensor& t : g.tensors) {
    if (!t.is_constant() || t.data.size() < 16) continue;
    bool aligned = false;
    for (size_t off = 0; off + t.data.size() <= bytes.size() && !aligned; off += 16) {
      aligned = std::equal(t.data.begin(), t.data.end(), bytes.begin() + static_cast<std::ptrdiff_t>(off));
    }
    EXPECT_TRUE(aligned) << t.name;
  }
}

// An op without a kernel keeps its options table field by field, including vectors and strings.
TEST(TfliteWriter, GenericOptionsOfAnyTableSurvive) {
  ir::Graph g;
  ir::Tensor in;
  in.name = "in";
  in.shape = {1, 4, 4, 2};
  g.tensors = {in, in};
  g.tensors[1].name = "out";
  g.tensors[1].shape = {1, 8, 8, 2};
  g.inputs = {0};
  g.outputs = {1};
  ir::Op op;
  op.type = ir::OpType::SKIP_GRAM;
  op.name = "SKIP_GRAM";
  op.inputs = {0};
  op.outputs = {1};
  op.options = ir::GenericOptions{
      "SkipGramOptions", {{"ngram_size", int64_t{3}}, {"max_skip_size", int64_t{1}}, {"include_all_ngrams", true}}};
  g.ops = {op};
  expect_same_graph(g, write_and_read(g), "skip gram");

  // The resize family's typed options (RESIZE_BILINEAR and RESIZE_NEAREST_NEIGHBOR share one struct).
  g.ops[0].type = ir::OpType::RESIZE_BILINEAR;
  g.ops[0].name = "RESIZE_BILINEAR";
  g.ops[0].options = ir::ResizeOptions{true, false};
  expect_same_graph(g, write_and_read(g), "resize bilinear");
  g.ops[0].type = ir::OpType::RESIZE_NEAREST_NEIGHBOR;
  g.ops[0].name = "RESIZE_NEAREST_NEIGHBOR";
  g.ops[0].options = ir::ResizeOptions{false, true};
  expect_same_graph(g, write_and_read(g), "resize nearest");
  g.ops[0].type = ir::OpType::BATCH_MATMUL;
  g.ops[0].name = "BATCH_MATMUL";
  g.ops[0].options = ir::BatchMatMulOptions{true, false, true};
  expect_same_graph(g, write_and_read(g), "batch matmul");

  // A BuiltinOptions2 table with integer vectors.
  g.ops[0].type = ir::OpType::STABLEHLO_TRANSPOSE;
  g.ops[0].name = "STABLEHLO_TRANSPOSE";
  g.ops[0].options = ir::GenericOptions{"StablehloTransposeOptions", {{"permutation", std::vector<int64_t>{0, 2, 1, 3}}}};
  expect_same_graph(g, write_and_read(g), "stablehlo transpose");

  // A string field (StableHLOCompositeOptions.name) and unknown builtin codes keep their number.
  g.ops[0].type = ir::OpType::kUnknownBuiltin;
  g.ops[0].source_code = 4000;
  g.ops[0].name = "builtin_4000";
  g.ops[0].options = ir::GenericOptions{
      "StableHLOCompositeOptions",
      {{"name", std::string("my.composite")}, {"decomposition_subgraph_index", int64_t{0}},
       {"composite_attributes", std::vector<int64_t>{1, 2, 3}}, {"composite_attributes_format", int64_t{0}},
       {"version", int64_t{2}}}};
  expect_same_graph(g, write_and_read(g), "unknown builtin");
}

TEST(TfliteWriter, EveryOptionsTableIsKnownToBothUnions) {
  int tables = 0;
  for (int u : {1, 2}) {
    for (int type = 1; type < 256; ++type) {
      const std::string name = tflite::options_table_name(u, static_cast<uint8_t>(type));
      if (name.empty()) continue;
      ++tables;
      const auto member = tflite::options_union_member(name);
      ASSERT_TRUE(member) << name;
      EXPECT_EQ(member->union_number, u) << name;
      EXPECT_EQ(member->type, type) << name;
    }
  }
  EXPECT_GE(tables, 149);
}

TEST(TfliteWriter, RefusesWhatTheFormatCannotHold) {
  ir::Graph g;
  g.tensors.resize(2);
  g.inputs = {0};
  g.outputs = {1};
  ir::Op op;
  op.type = ir::OpType::BATCH_NORMALIZATION;
  op.name = "BATCH_NORMALIZATION";
  op.inputs = {0};
  op.outputs = {1};
  g.ops = {op};
  EXPECT_THROW(exporter::write_tflite(g), Error);  // import-only: must be lowered first
  g.ops[0].type = ir::OpType::kUnknownBuiltin;  // without its code
  EXPECT_THROW(exporter::write_tflite(g), Error);
  g.ops[0].type = ir::OpType::RESIZE_BILINEAR;
  g.ops[0].options = ir::GenericOptions{"ResizeBilinearOptions", {{"no_such_field", true}}};
  EXPECT_THROW(exporter::write_tflite(g), Error);
  g.ops[0].options = ir::GenericOptions{"NoSuchOptions", {}};
  EXPECT_THROW(exporter::write_tflite(g), Error);
}

// Explicit pads are written as the SAME/VALID spelling that gives them, or refused with a message.
TEST(TfliteWriter, SpellsExplicitPadsAsSameOrValidOrRefuses) {
  ir::Graph g;
  g.tensors.resize(2);
  g.tensors[0].shape = {1, 8, 8, 3};
  g.tensors[1].shape = {1, 4, 4, 3};
  g.inputs = {0};
  g.outputs = {1};
  ir::Op op;
  op.type = ir::OpType::MAX_POOL_2D;
  op.name = "MAX_POOL_2D";
  op.inputs = {0};
  op.outputs = {1};
  ir::Pool2DOptions o;
  o.padding = ir::Padding::kExplicit;
  o.filter_h = o.filter_w = 3;
  o.stride_h = o.stride_w = 2;
  o.pads = {0, 1, 0, 1};  // what SAME gives for 8 -> 4 with a 3x3 window, stride 2
  op.options = o;
  g.ops = {op};
  const ir::Graph back = write_and_read(g);
  EXPECT_EQ(std::get<ir::Pool2DOptions>(back.ops[0].options).padding, ir::Padding::kSame);
  EXPECT_EQ(std::get<ir::Pool2DOptions>(back.ops[0].options).pads, o.pads);
  std::get<ir::Pool2DOptions>(g.ops[0].options).pads = {1, 0, 1, 0};  // neither SAME nor VALID
  try {
    exporter::write_tflite(g);
    FAIL() << "explicit pads that TFLite cannot spell were written";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("neither SAME nor VALID"), std::string::npos);
    EXPECT_FALSE(e.hint().empty());
  }
}

}  // namespace
}  // namespace mcuforge
