// SPDX-License-Identifier: Apache-2.0
// Model files are untrusted input. Every case here is a file that is not TFLite, is damaged, or is a
// well-formed flatbuffer describing an impossible model; each must raise one mcuforge::Error that
// names the problem (with a hint), never crash, never allocate absurd amounts of memory.
// Op-level cases go through ops::prepare: while an op's prepare is still a stub ("not implemented
// yet") only the op name is checked; once it lands, the message must name the problem too.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <cctype>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <iterator>
#include <limits>
#include <random>

#include "diagnostics/error.h"
#include "exec/executor.h"
#include "import/tflite/tflite_reader.h"
#include "model_builder.h"
#include "opdefs/op_def.h"
#include "ops/op.h"
#include "passes/load_model.h"

namespace fs = std::filesystem;
using mcuforge::Error;
using mcuforge::tflite::read_tflite;
using namespace mftest;

namespace {

const fs::path kModels = fs::path(MF_SHARED_DIR) / "corpus" / "models";

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

bool contains_any(const std::string& text, std::initializer_list<const char*> words) {
  const std::string t = lower(text);
  for (const char* w : words) {
    if (t.find(lower(w)) != std::string::npos) return true;
  }
  return words.size() == 0;
}

std::vector<uint8_t> read_file(const fs::path& p) {
  std::ifstream f(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>()};
}

std::vector<fs::path> corpus_models() {
  std::vector<fs::path> v;
  if (!fs::exists(kModels)) return v;
  for (const auto& e : fs::directory_iterator(kModels)) {
    if (e.path().extension() == ".tflite") v.push_back(e.path());
  }
  std::sort(v.begin(), v.end());
  return v;
}

// read_tflite must throw an Error whose message has every word in `all` (case-insensitive) and a hint.
::testing::AssertionResult reader_rejects(const std::vector<uint8_t>& bytes, std::initializer_list<const char*> all) {
  try {
    read_tflite(bytes);
  } catch (const Error& e) {
    const std::string msg = e.what();
    for (const char* w : all) {
      if (!contains_any(msg, {w})) {
        return ::testing::AssertionFailure() << "message lacks '" << w << "': " << msg;
      }
    }
    if (e.hint().empty()) return ::testing::AssertionFailure() << "no hint for: " << msg;
    return ::testing::AssertionSuccess() << msg;
  } catch (const std::exception& e) {
    return ::testing::AssertionFailure() << "not a mcuforge::Error: " << e.what();
  }
  return ::testing::AssertionFailure() << "the reader accepted the model";
}

::testing::AssertionResult reader_rejects(const ModelSpec& m, std::initializer_list<const char*> all) {
  return reader_rejects(build(m), all);
}

// The model reads; preparing op 0 must throw an Error naming the op and (once the op is implemented)
// one of `any`.
::testing::AssertionResult prepare_rejects(const ModelSpec& m, const std::string& op_name,
                                           std::initializer_list<const char*> any) {
  mcuforge::ir::Graph g;
  try {
    g = read_tflite(build(m));
  } catch (const Error& e) {
    return ::testing::AssertionFailure() << "the reader rejected the model: " << e.what();
  }
  try {
    mcuforge::ops::prepare(g, g.ops.at(0));
  } catch (const Error& e) {
    const std::string msg = e.what();
    if (msg.rfind("op 0 (" + op_name + ")", 0) != 0) {
      return ::testing::AssertionFailure() << "message does not name op 0 (" << op_name << "): " << msg;
    }
    if (msg.find("not implemented yet") == std::string::npos && !contains_any(msg, any)) {
      return ::testing::AssertionFailure() << "message does not name the problem: " << msg;
    }
    if (e.hint().empty()) return ::testing::AssertionFailure() << "no hint for: " << msg;
    return ::testing::AssertionSuccess() << msg;
  } catch (const std::exception& e) {
    return ::testing::AssertionFailure() << "not a mcuforge::Error: " << e.what();
  }
  return ::testing::AssertionFailure() << "prepare accepted the op";
}

// A valid base model must prepare (skipped while the op is a stub): proves the failures above come
// from the one thing each test breaks.
void expect_prepares(const ModelSpec& m) {
  const auto g = read_tflite(build(m));
  try {
    mcuforge::ops::prepare(g, g.ops.at(0));
  } catch (const Error& e) {
    if (std::string(e.what()).find("not implemented yet") != std::string::npos) GTEST_SKIP() << e.what();
    FAIL() << "valid base model rejected: " << e.what();
  }
}

// Any input: Error or success, nothing else. When it reads, every op is prepared too.
void read_and_prepare_or_error(std::span<const uint8_t> bytes, const std::string& what) {
  try {
    auto g = read_tflite(bytes);
    mcuforge::passes::optimize_model(g);  // as the CLI does: runs kernels on constant inputs
    for (const auto& op : g.ops) {
      try {
        auto p = mcuforge::ops::prepare(g, op);
        EXPECT_GE(mcuforge::opdefs::macs(g, op), 0) << what;  // what `mcuforge inspect` shows
        EXPECT_FALSE(p->kernel_name().empty()) << what;
      } catch (const Error&) {
      }
    }
  } catch (const Error&) {
  } catch (const std::exception& e) {
    ADD_FAILURE() << what << ": threw a non-mcuforge exception: " << e.what();
  }
}

TensorSpec i8(std::vector<int32_t> shape, std::string name, float scale = 0.5f, int64_t zp = 0) {
  return {std::move(shape), fb::TensorType_INT8, 0, std::move(name), {scale}, {zp}};
}

// ---------------------------------------------------------------- not TFLite, damaged files

TEST(NotTflite, EmptyFile) { EXPECT_TRUE(reader_rejects(std::vector<uint8_t>{}, {"not a TFLite model", "0 bytes"})); }

TEST(NotTflite, TooShort) { EXPECT_TRUE(reader_rejects(std::vector<uint8_t>{1, 2, 3}, {"not a TFLite model"})); }

TEST(NotTflite, TextFile) {
  const std::string s = "this is a README, not a model\n";
  EXPECT_TRUE(reader_rejects(std::vector<uint8_t>(s.begin(), s.end()), {"not a TFLite model", "TFL3"}));
}

TEST(NotTflite, OnnxLikeProtobuf) {
  std::vector<uint8_t> b = {0x08, 0x07, 0x12, 0x07, 'p', 'y', 't', 'o', 'r', 'c', 'h', 0x1a, 0x03, '2', '.', '0'};
  EXPECT_TRUE(reader_rejects(b, {"not a TFLite model"}));
}

TEST(Damaged, IdentifierOnlyNoTables) {
  std::vector<uint8_t> b = {0x08, 0, 0, 0, 'T', 'F', 'L', '3', 0, 0, 0, 0};
  EXPECT_TRUE(reader_rejects(b, {"TFLite"}));
}

TEST(Damaged, RootOffsetPastEnd) {
  std::vector<uint8_t> b = {0xff, 0xff, 0xff, 0x7f, 'T', 'F', 'L', '3', 0, 0, 0, 0, 0, 0, 0, 0};
  EXPECT_TRUE(reader_rejects(b, {"corrupt"}));
}

TEST(Damaged, TruncatedSmallModel) {
  const auto b = build(reshape_model());
  for (size_t n : {b.size() - 1, b.size() / 2, size_t{12}}) {
    EXPECT_TRUE(reader_rejects(std::vector<uint8_t>(b.begin(), b.begin() + static_cast<long>(n)), {"corrupt"}))
        << "length " << n;
  }
}

TEST(Damaged, WrongSchemaVersion) {
  auto m = reshape_model();
  m.version = 2;
  EXPECT_TRUE(reader_rejects(m, {"schema version 2"}));
}

TEST(Damaged, NoSubgraphs) {
  auto m = reshape_model();
  m.no_subgraphs = true;
  EXPECT_TRUE(reader_rejects(m, {"no subgraph"}));
}

TEST(Damaged, MissingFile) {
  try {
    mcuforge::tflite::read_tflite_file("/nonexistent/model.tflite");
    FAIL() << "accepted";
  } catch (const Error& e) {
    EXPECT_TRUE(contains_any(e.what(), {"cannot open"})) << e.what();
    EXPECT_FALSE(e.hint().empty());
  }
}

TEST(Damaged, DirectoryInsteadOfFile) {
  try {
    mcuforge::tflite::read_tflite_file(fs::temp_directory_path().string());
    FAIL() << "accepted";
  } catch (const Error& e) {
    EXPECT_TRUE(contains_any(e.what(), {"not a regular file", "directory"})) << e.what();
  }
}

// ---------------------------------------------------------------- indices out of range

TEST(Indices, OpInputTensorOutOfRange) {
  auto m = reshape_model();
  m.ops[0].inputs = {7};
  EXPECT_TRUE(reader_rejects(m, {"op 0", "tensor 7", "2 tensors"}));
}

TEST(Indices, OpInputNegative) {
  auto m = reshape_model();
  m.ops[0].inputs = {-5};
  EXPECT_TRUE(reader_rejects(m, {"tensor -5"}));
}

TEST(Indices, OpOutputTensorOutOfRange) {
  auto m = reshape_model();
  m.ops[0].outputs = {2};
  EXPECT_TRUE(reader_rejects(m, {"op 0", "tensor 2"}));
}

TEST(Indices, OpOutputAbsentMarker) {
  auto m = reshape_model();
  m.ops[0].outputs = {-1};
  EXPECT_TRUE(reader_rejects(m, {"tensor -1"}));
}

TEST(Indices, GraphInputOutOfRange) {
  auto m = reshape_model();
  m.inputs = {99};
  EXPECT_TRUE(reader_rejects(m, {"input", "tensor 99"}));
}

TEST(Indices, GraphOutputOutOfRange) {
  auto m = reshape_model();
  m.outputs = {-1};
  EXPECT_TRUE(reader_rejects(m, {"output", "tensor -1"}));
}

TEST(Indices, IntermediateOutOfRange) {
  auto m = reshape_model();
  m.ops[0].intermediates = {40};
  EXPECT_TRUE(reader_rejects(m, {"tensor 40"}));
}

TEST(Indices, BufferOutOfRange) {
  auto m = reshape_model();
  m.tensors[1].buffer = 12;
  EXPECT_TRUE(reader_rejects(m, {"buffer 12", "1 buffers"}));
}

TEST(Indices, OpcodeOutOfRange) {
  auto m = reshape_model();
  m.ops[0].opcode_index = 3;
  EXPECT_TRUE(reader_rejects(m, {"operator code 3", "1 operator codes"}));
}

TEST(Indices, NoOpcodesAtAll) {
  auto m = reshape_model();
  m.opcodes.clear();
  EXPECT_TRUE(reader_rejects(m, {"operator code 0", "0 operator codes"}));
}

// ---------------------------------------------------------------- graph structure

// t0 -> op0 -> t1 -> op1 -> t2, but op1 is stored first: it reads t1 before op0 wrote it.
ModelSpec two_op_chain() {
  ModelSpec m;
  m.opcodes = {{kReshape}};
  m.tensors = {i8({1, 4}, "a"), i8({4}, "b"), i8({2, 2}, "c")};
  m.ops = {{0, {0}, {1}, {}}, {0, {1}, {2}, {}}};
  m.inputs = {0};
  m.outputs = {2};
  return m;
}

TEST(Graph, ChainIsValid) { EXPECT_NO_THROW(read_tflite(build(two_op_chain()))); }

TEST(Graph, OpsOutOfOrder) {
  auto m = two_op_chain();
  std::swap(m.ops[0], m.ops[1]);
  EXPECT_TRUE(reader_rejects(m, {"op 0", "before any op has written it"}));
}

TEST(Graph, Cycle) {
  auto m = two_op_chain();
  m.ops[0].inputs = {2};  // op0 reads c, which op1 computes from b, which op0 computes
  EXPECT_TRUE(reader_rejects(m, {"cycle"}));
}

TEST(Graph, SelfLoop) {
  auto m = reshape_model();
  m.ops[0].inputs = {1};
  m.tensors[1].shape = {1, 2, 3};
  EXPECT_TRUE(reader_rejects(m, {"before any op has written it"}));
}

TEST(Graph, TwoProducers) {
  auto m = two_op_chain();
  m.ops[1].outputs = {1};
  m.ops[1].inputs = {0};
  EXPECT_TRUE(reader_rejects(m, {"op 1", "already provides"}));
}

TEST(Graph, OpWritesGraphInput) {
  auto m = reshape_model();
  m.ops[0].outputs = {0};
  EXPECT_TRUE(reader_rejects(m, {"already provides"}));
}

TEST(Graph, OpWritesConstant) {
  auto m = reshape_model();
  m.tensors[1].buffer = m.add_buffer(std::vector<uint8_t>(6, 1));
  EXPECT_TRUE(reader_rejects(m, {"constant"}));
}

TEST(Graph, OutputNeverComputed) {
  auto m = two_op_chain();
  m.ops.pop_back();
  EXPECT_TRUE(reader_rejects(m, {"graph output 2", "never computed"}));
}

TEST(Graph, InputIsConstant) {
  auto m = reshape_model();
  m.tensors[0].buffer = m.add_buffer(std::vector<uint8_t>(6, 1));
  EXPECT_TRUE(reader_rejects(m, {"graph input 0", "constant"}));
}

TEST(Graph, NoInputs) {
  auto m = reshape_model();
  m.inputs.clear();
  EXPECT_TRUE(reader_rejects(m, {"no inputs"}));
}

TEST(Graph, NoOutputs) {
  auto m = reshape_model();
  m.outputs.clear();
  EXPECT_TRUE(reader_rejects(m, {"no outputs"}));
}

// ---------------------------------------------------------------- constant data and shapes

TEST(Data, ConstantShorterThanShape) {
  auto m = conv_model();
  m.buffers[m.tensors[1].buffer].data.resize(50);
  EXPECT_TRUE(reader_rejects(m, {"tensor 1", "filter", "50 bytes", "needs 108"}));
}

TEST(Data, ConstantLongerThanShape) {
  auto m = conv_model();
  m.buffers[m.tensors[2].buffer].data.resize(17);
  EXPECT_TRUE(reader_rejects(m, {"tensor 2", "17 bytes", "needs 16"}));
}

TEST(Data, ExternalBufferOutsideFile) {
  auto m = conv_model();
  m.buffers[m.tensors[1].buffer] = BufferSpec{{}, 1u << 20, 108};
  EXPECT_TRUE(reader_rejects(m, {"outside the file"}));
}

TEST(Data, ExternalBufferOffsetOverflow) {
  auto m = conv_model();
  m.buffers[m.tensors[1].buffer] = BufferSpec{{}, std::numeric_limits<uint64_t>::max() - 4, 108};
  EXPECT_TRUE(reader_rejects(m, {"outside the file"}));
}

TEST(Shapes, ElementCountOverflowsInt64) {
  auto m = reshape_model();
  m.tensors[1].shape = {65536, 65536, 65536, 65536, 65536};
  EXPECT_TRUE(reader_rejects(m, {"tensor 1", "larger than"}));
}

TEST(Shapes, HugeButNoDataDoesNotAllocate) {
  auto m = reshape_model();
  m.tensors[1].shape = {1 << 30, 1 << 30};
  EXPECT_TRUE(reader_rejects(m, {"larger than"}));
}

TEST(Shapes, TooManyActivationBytesInTotal) {
  auto m = two_op_chain();
  for (auto& t : m.tensors) t.shape = {200, 1000, 1000};  // 200 MB each, 600 MB in all: fine alone
  EXPECT_NO_THROW(read_tflite(build(m)));
  for (int k = 0; k < 4; ++k) m.tensors.push_back(i8({250, 1000, 1000}, "big"));
  EXPECT_TRUE(reader_rejects(m, {"activations"}));
}

// One 4 MiB buffer shared by 200 tensors: a small file asking for 800 MiB of copies.
TEST(Data, SharedBufferAmplification) {
  ModelSpec m = reshape_model();
  const uint32_t big = m.add_buffer(std::vector<uint8_t>(4 << 20, 7));
  for (int k = 0; k < 200; ++k) {
    m.tensors.push_back({{4 << 20}, fb::TensorType_INT8, big, "shared", {0.5f}, {0}});
  }
  EXPECT_TRUE(reader_rejects(m, {"constant data adds up to more than"}));
}

TEST(Shapes, NegativeDimension) {
  auto m = reshape_model();
  m.tensors[0].shape = {-1, 2, 3};
  EXPECT_TRUE(reader_rejects(m, {"tensor 0", "dynamic"}));
}

TEST(Shapes, RankAbove8) {
  auto m = reshape_model();
  m.tensors[0].shape = {1, 1, 1, 1, 1, 1, 1, 1, 1, 6};
  EXPECT_TRUE(reader_rejects(m, {"rank 10"}));
}

TEST(Types, UnknownTensorType) {
  auto m = reshape_model();
  m.tensors[0].type = static_cast<fb::TensorType>(77);
  EXPECT_TRUE(reader_rejects(m, {"tensor 0", "type code 77"}));
}

TEST(Types, Int4ConstantUnsupported) {
  auto m = conv_model();
  m.tensors[1].type = fb::TensorType_INT4;
  EXPECT_TRUE(reader_rejects(m, {"int4"}));
}

TEST(Types, SparseTensor) {
  auto m = conv_model();
  m.tensors[1].sparse = true;
  EXPECT_TRUE(reader_rejects(m, {"sparse"}));
}

// ---------------------------------------------------------------- quantization

TEST(Quantization, ZeroScale) {
  auto m = reshape_model();
  m.tensors[0].scale = {0.0f};
  EXPECT_TRUE(reader_rejects(m, {"tensor 0", "scale"}));
}

TEST(Quantization, NaNScale) {
  auto m = reshape_model();
  m.tensors[1].scale = {std::numeric_limits<float>::quiet_NaN()};
  EXPECT_TRUE(reader_rejects(m, {"tensor 1", "scale", "nan"}));
}

TEST(Quantization, InfiniteScale) {
  auto m = reshape_model();
  m.tensors[1].scale = {std::numeric_limits<float>::infinity()};
  EXPECT_TRUE(reader_rejects(m, {"scale", "inf"}));
}

TEST(Quantization, NegativeScale) {
  auto m = reshape_model();
  m.tensors[0].scale = {-0.5f};
  EXPECT_TRUE(reader_rejects(m, {"scale"}));
}

TEST(Quantization, ZeroPointOutOfInt8Range) {
  auto m = reshape_model();
  m.tensors[0].zero_point = {200};
  EXPECT_TRUE(reader_rejects(m, {"zero point 200", "int8"}));
}

TEST(Quantization, NegativeZeroPointForUint8) {
  auto m = reshape_model();
  m.tensors[0].type = fb::TensorType_UINT8;
  m.tensors[0].zero_point = {-3};
  EXPECT_TRUE(reader_rejects(m, {"zero point -3", "uint8"}));
}

TEST(Quantization, ScalesWithoutZeroPoints) {
  auto m = reshape_model();
  m.tensors[0].zero_point.clear();
  EXPECT_TRUE(reader_rejects(m, {"1 quantization scales but 0 zero points"}));
}

// A corrupt file can put an int64 vector's elements on a 4-byte boundary: flatbuffers' verifier checks
// the vector's 4-byte length prefix, not the elements' 8-byte alignment (found by fuzzing; a typed
// load there is undefined behaviour, which the ASan+UBSan build of this test would report). Here the
// zero point vector is copied to the end of the file at such a position and the table's offset to it
// is patched; the value must still read correctly.
TEST(Quantization, ZeroPointVectorOnA4ByteBoundary) {
  auto m = reshape_model();
  m.tensors[0].zero_point = {-5};
  std::vector<uint8_t> bytes = build(m);
  const uint8_t vec[12] = {1, 0, 0, 0, 0xFB, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF};
  auto it = std::search(bytes.begin(), bytes.end(), std::begin(vec), std::end(vec));
  ASSERT_NE(it, bytes.end());
  const size_t at = static_cast<size_t>(it - bytes.begin());
  ASSERT_EQ((at + 4) % 8, 0u);  // as written by the builder: elements 8-byte aligned
  size_t field = 0;  // the uoffset that points at the vector
  for (size_t f = 0; f + 4 <= at; f += 4) {
    uint32_t v;
    std::memcpy(&v, &bytes[f], 4);
    if (f + v == at) field = f;
  }
  ASSERT_NE(field, 0u);
  while (bytes.size() % 8 != 0) bytes.push_back(0);  // the copy's prefix 8-aligned: its elements are not
  const size_t moved = bytes.size();
  bytes.insert(bytes.end(), std::begin(vec), std::end(vec));
  const uint32_t off = static_cast<uint32_t>(moved - field);
  std::memcpy(&bytes[field], &off, 4);
  const mcuforge::ir::Graph g = read_tflite(bytes);
  ASSERT_EQ(g.tensors[0].quant.zero_point.size(), 1u);
  EXPECT_EQ(g.tensors[0].quant.zero_point[0], -5);
}

TEST(Quantization, PerChannelAxisOutOfRange) {
  auto m = conv_model();
  m.tensors[1].quantized_dimension = 4;
  EXPECT_TRUE(reader_rejects(m, {"tensor 1", "axis 4"}));
}

TEST(Quantization, PerChannelCountDisagreesWithDimension) {
  auto m = conv_model();
  m.tensors[1].scale.resize(3);
  m.tensors[1].zero_point.resize(3);
  EXPECT_TRUE(reader_rejects(m, {"tensor 1", "3 per-channel scales"}));
}

TEST(Quantization, CustomQuantization) {
  auto m = reshape_model();
  m.tensors[0].custom_quantization = true;
  EXPECT_TRUE(reader_rejects(m, {"custom quantization"}));
}

// ---------------------------------------------------------------- options the reader decodes

TEST(Options, UnknownActivation) {
  auto m = conv_model();
  m.ops[0].options = [](flatbuffers::FlatBufferBuilder& b) {
    return std::make_pair(fb::BuiltinOptions_Conv2DOptions,
                          fb::CreateConv2DOptions(b, fb::Padding_SAME, 1, 1,
                                                  static_cast<fb::ActivationFunctionType>(42)).Union());
  };
  EXPECT_TRUE(reader_rejects(m, {"op 0", "activation", "42"}));
}

TEST(Options, UnknownPadding) {
  auto m = conv_model();
  m.ops[0].options = [](flatbuffers::FlatBufferBuilder& b) {
    return std::make_pair(fb::BuiltinOptions_Conv2DOptions,
                          fb::CreateConv2DOptions(b, static_cast<fb::Padding>(9), 1, 1).Union());
  };
  EXPECT_TRUE(reader_rejects(m, {"op 0", "padding code 9"}));
}

TEST(Options, WrongOptionsTable) {
  auto m = conv_model();
  m.ops[0].options = [](flatbuffers::FlatBufferBuilder& b) {
    return std::make_pair(fb::BuiltinOptions_SoftmaxOptions, fb::CreateSoftmaxOptions(b, 1.0f).Union());
  };
  EXPECT_TRUE(reader_rejects(m, {"op 0", "wrong type"}));
}

// ---------------------------------------------------------------- ops mcuforge cannot run

TEST(UnsupportedOps, CustomOp) {
  auto m = reshape_model();
  m.opcodes = {{kCustom, "ethos-u"}};
  const auto g = read_tflite(build(m));  // custom ops read fine; they are rejected when prepared
  try {
    mcuforge::ops::prepare(g, g.ops[0]);
    FAIL() << "prepared a custom op";
  } catch (const Error& e) {
    EXPECT_TRUE(contains_any(e.what(), {"custom op 'ethos-u'"})) << e.what();
    EXPECT_FALSE(e.hint().empty());
  }
  try {
    mcuforge::exec::Executor ex(g);
    FAIL() << "executor accepted a custom op";
  } catch (const Error& e) {
    EXPECT_TRUE(contains_any(e.what(), {"ethos-u"})) << e.what();
  }
}

TEST(UnsupportedOps, UnsupportedBuiltin) {
  auto m = reshape_model();
  m.opcodes = {{kHashtableLookup}};
  m.tensors[1].shape = {1, 2, 3};
  EXPECT_TRUE(prepare_rejects(m, "HASHTABLE_LOOKUP", {"not supported"}));
}

TEST(UnsupportedOps, UnknownBuiltinCode) {
  auto m = reshape_model();
  m.opcodes = {{4000}};
  EXPECT_TRUE(prepare_rejects(m, "builtin_4000", {"not supported"}));
}

TEST(UnsupportedOps, VelaModelNamesEthosU) {
  const auto bytes = read_file(kModels / "tflm_person_detect_vela_int8.tflite");
  if (bytes.empty()) GTEST_SKIP() << "corpus not found";
  const auto g = read_tflite(bytes);
  try {
    mcuforge::exec::Executor ex(g);
    FAIL() << "executor accepted the vela model";
  } catch (const Error& e) {
    EXPECT_TRUE(contains_any(e.what(), {"custom op 'ethos-u'"})) << e.what();
    EXPECT_TRUE(contains_any(e.hint(), {"vela", "npu"})) << e.hint();
  }
}

TEST(UnsupportedOps, AudioPreprocessorNamesSignalOps) {
  const auto bytes = read_file(kModels / "tflm_audio_preprocessor_int8.tflite");
  if (bytes.empty()) GTEST_SKIP() << "corpus not found";
  const auto g = read_tflite(bytes);
  try {
    mcuforge::exec::Executor ex(g);
    FAIL() << "executor accepted the audio preprocessor";
  } catch (const Error& e) {
    EXPECT_TRUE(contains_any(e.what(), {"SignalWindow"})) << e.what();
    EXPECT_TRUE(contains_any(e.what(), {"SignalFilterBank"})) << "should list every custom op: " << e.what();
    EXPECT_FALSE(e.hint().empty());
  }
}

// ---------------------------------------------------------------- op-level validation (prepare)

TEST(OpReshape, ElementCountMismatch) {
  auto m = reshape_model();
  m.tensors[1].shape = {7};
  EXPECT_TRUE(prepare_rejects(m, "RESHAPE", {"element count"}));
}

TEST(OpReshape, MissingInput) {
  auto m = reshape_model();
  m.ops[0].inputs = {-1};
  m.inputs = {1};  // keep the graph valid: the output is then a graph input written by the op
  m.outputs = {1};
  m.ops[0].outputs = {0};
  EXPECT_TRUE(prepare_rejects(m, "RESHAPE", {"input"}));
}

TEST(OpReduce, ValidBasePrepares) {
  expect_prepares(reduce_model());
  expect_prepares(reduce_model(kMean, {-3, 2}, true, {1, 1, 1, 8}));
  expect_prepares(reduce_model(kReduceMax, {3}, false, {1, 4, 5}));
}

TEST(OpReduce, AxisOutOfRange) {
  EXPECT_TRUE(prepare_rejects(reduce_model(kMean, {1, 4}), "MEAN", {"axis 4 is outside"}));
  EXPECT_TRUE(prepare_rejects(reduce_model(kMean, {-5}, false, {4, 5, 8}), "MEAN", {"axis -5 is outside"}));
}

TEST(OpReduce, KeepDimsShape) {
  // keep_dims set but the output drops the axes, and the other way round.
  EXPECT_TRUE(prepare_rejects(reduce_model(kMean, {1, 2}, true, {1, 8}), "MEAN", {"should be [1, 1, 1, 8]"}));
  EXPECT_TRUE(prepare_rejects(reduce_model(kMean, {1, 2}, false, {1, 1, 1, 8}), "MEAN", {"should be [1, 8]"}));
}

TEST(OpReduce, Int8MaxRequantizationRefused) {
  auto m = reduce_model(kReduceMax, {3}, false, {1, 4, 5});
  m.tensors[2].scale = {0.25f};
  EXPECT_TRUE(prepare_rejects(m, "REDUCE_MAX", {"scale and zero point differ"}));
}

TEST(OpReduce, Int16MaxNotInTflm) {
  auto m = reduce_model(kReduceMax, {3}, false, {1, 4, 5});
  m.tensors[0].type = m.tensors[2].type = fb::TensorType_INT16;
  m.tensors[0].zero_point = m.tensors[2].zero_point = {0};
  EXPECT_TRUE(prepare_rejects(m, "REDUCE_MAX", {"not supported"}));
}

TEST(OpReduce, AxesNotConstant) {
  auto m = reduce_model();
  m.tensors[1].buffer = 0;
  m.inputs = {0, 1};
  EXPECT_TRUE(prepare_rejects(m, "MEAN", {"computed at run time"}));
}

TEST(OpConv, ValidBasePrepares) { expect_prepares(conv_model()); }

TEST(OpConv, StrideZero) {
  ConvParams p;
  p.stride_w = 0;
  EXPECT_TRUE(prepare_rejects(conv_model(p), "CONV_2D", {"stride"}));
}

TEST(OpConv, StrideNegative) {
  ConvParams p;
  p.stride_h = -2;
  EXPECT_TRUE(prepare_rejects(conv_model(p), "CONV_2D", {"stride"}));
}

TEST(OpConv, DilationZero) {
  ConvParams p;
  p.dilation_h = 0;
  EXPECT_TRUE(prepare_rejects(conv_model(p), "CONV_2D", {"dilation"}));
}

TEST(OpConv, FilterChannelsDisagreeWithInput) {
  ConvParams p;
  p.filter_in_c = 5;
  EXPECT_TRUE(prepare_rejects(conv_model(p), "CONV_2D", {"channel", "filter", "shape"}));
}

TEST(OpConv, OutputShapeDisagrees) {
  ConvParams p;
  p.out_h = 9;
  EXPECT_TRUE(prepare_rejects(conv_model(p), "CONV_2D", {"output", "shape"}));
}

TEST(OpConv, OutputChannelsDisagreeWithFilter) {
  auto m = conv_model();
  m.tensors[3].shape = {1, 8, 8, 5};
  EXPECT_TRUE(prepare_rejects(m, "CONV_2D", {"output", "channel", "shape"}));
}

TEST(OpConv, FilterLargerThanInputWithValidPadding) {
  ConvParams p;
  p.kh = p.kw = 11;
  p.padding = fb::Padding_VALID;
  p.out_h = p.out_w = 1;
  EXPECT_TRUE(prepare_rejects(conv_model(p), "CONV_2D", {"filter", "output", "larger", "shape"}));
}

TEST(OpConv, BiasLengthDisagrees) {
  ConvParams p;
  p.bias_len = 3;
  EXPECT_TRUE(prepare_rejects(conv_model(p), "CONV_2D", {"bias"}));
}

TEST(OpConv, MissingFilter) {
  auto m = conv_model();
  m.ops[0].inputs = {0, -1, 2};
  EXPECT_TRUE(prepare_rejects(m, "CONV_2D", {"filter", "input"}));
}

TEST(OpConv, TooFewInputs) {
  auto m = conv_model();
  m.ops[0].inputs = {0};
  EXPECT_TRUE(prepare_rejects(m, "CONV_2D", {"input"}));
}

TEST(OpConv, InputNotRank4) {
  auto m = conv_model();
  m.tensors[0].shape = {8, 8, 3};
  EXPECT_TRUE(prepare_rejects(m, "CONV_2D", {"rank", "4", "shape"}));
}

TEST(OpConv, ActivationInputNotQuantized) {
  auto m = conv_model();
  m.tensors[0].scale.clear();
  m.tensors[0].zero_point.clear();
  EXPECT_TRUE(prepare_rejects(m, "CONV_2D", {"quantiz"}));
}

// Single-op models for the other ops.
ModelSpec single_op(int32_t builtin, std::vector<TensorSpec> tensors, std::vector<int32_t> inputs,
                    std::vector<int32_t> outputs, OptionsFn options) {
  ModelSpec m;
  m.opcodes = {{builtin}};
  m.tensors = std::move(tensors);
  std::vector<int32_t> graph_inputs;
  for (int32_t i : inputs) {
    if (i >= 0 && m.tensors[static_cast<size_t>(i)].buffer == 0) graph_inputs.push_back(i);
  }
  m.ops = {{0, std::move(inputs), outputs, std::move(options)}};
  m.inputs = graph_inputs;
  m.outputs = outputs;
  return m;
}

ModelSpec pool_model(int32_t builtin, int32_t filter, int32_t stride) {
  return single_op(builtin, {i8({1, 8, 8, 4}, "in"), i8({1, 4, 4, 4}, "out")}, {0}, {1},
                   [=](flatbuffers::FlatBufferBuilder& b) {
                     return std::make_pair(fb::BuiltinOptions_Pool2DOptions,
                                           fb::CreatePool2DOptions(b, fb::Padding_VALID, stride, stride, filter,
                                                                   filter).Union());
                   });
}

TEST(OpPool, ValidBasePrepares) { expect_prepares(pool_model(kMaxPool2D, 2, 2)); }
TEST(OpPool, MaxPoolFilterZero) { EXPECT_TRUE(prepare_rejects(pool_model(kMaxPool2D, 0, 2), "MAX_POOL_2D", {"filter"})); }
TEST(OpPool, MaxPoolStrideZero) { EXPECT_TRUE(prepare_rejects(pool_model(kMaxPool2D, 2, 0), "MAX_POOL_2D", {"stride"})); }
TEST(OpPool, AveragePoolStrideZero) {
  EXPECT_TRUE(prepare_rejects(pool_model(kAveragePool2D, 2, 0), "AVERAGE_POOL_2D", {"stride"}));
}
TEST(OpPool, AveragePoolOutputShapeDisagrees) {
  EXPECT_TRUE(prepare_rejects(pool_model(kAveragePool2D, 3, 3), "AVERAGE_POOL_2D", {"output", "shape"}));
}
TEST(OpPool, InputOutputScaleDiffer) {
  auto m = pool_model(kMaxPool2D, 2, 2);
  m.tensors[1].scale = {0.25f};
  EXPECT_TRUE(prepare_rejects(m, "MAX_POOL_2D", {"quantiz", "scale"}));
}

ModelSpec depthwise_model(int32_t depth_multiplier, int32_t filter_c = 8) {
  ModelSpec m;
  std::vector<int8_t> filter(static_cast<size_t>(9 * filter_c), 1);
  std::vector<int32_t> bias(8, 0);
  m.opcodes = {{kDepthwiseConv2D}};
  const uint32_t fbuf = m.add_buffer(bytes_of(filter));
  const uint32_t bbuf = m.add_buffer(bytes_of(bias));
  m.tensors = {i8({1, 6, 6, 4}, "in"),
               {{1, 3, 3, filter_c}, fb::TensorType_INT8, fbuf, "filter", std::vector<float>(size_t(filter_c), 0.1f),
                std::vector<int64_t>(size_t(filter_c), 0), 3},
               {{8}, fb::TensorType_INT32, bbuf, "bias", std::vector<float>(8, 0.05f), std::vector<int64_t>(8, 0), 0},
               i8({1, 6, 6, 8}, "out")};
  m.ops = {{0, {0, 1, 2}, {3}, [=](flatbuffers::FlatBufferBuilder& b) {
              return std::make_pair(fb::BuiltinOptions_DepthwiseConv2DOptions,
                                    fb::CreateDepthwiseConv2DOptions(b, fb::Padding_SAME, 1, 1, depth_multiplier).Union());
            }}};
  m.inputs = {0};
  m.outputs = {3};
  return m;
}

TEST(OpDepthwise, ValidBasePrepares) { expect_prepares(depthwise_model(2)); }
TEST(OpDepthwise, DepthMultiplierZero) {
  EXPECT_TRUE(prepare_rejects(depthwise_model(0), "DEPTHWISE_CONV_2D", {"multiplier", "channel"}));
}
TEST(OpDepthwise, FilterChannelsDisagree) {
  EXPECT_TRUE(prepare_rejects(depthwise_model(2, 6), "DEPTHWISE_CONV_2D", {"channel", "filter", "shape", "multiplier"}));
}

ModelSpec fc_model(int32_t weight_in) {
  ModelSpec m;
  std::vector<int8_t> w(static_cast<size_t>(3 * weight_in), 1);
  m.opcodes = {{kFullyConnected}};
  const uint32_t wbuf = m.add_buffer(bytes_of(w));
  m.tensors = {i8({1, 16}, "in"), {{3, weight_in}, fb::TensorType_INT8, wbuf, "weights", {0.1f}, {0}},
               i8({1, 3}, "out")};
  m.ops = {{0, {0, 1, -1}, {2}, {}}};
  m.inputs = {0};
  m.outputs = {2};
  return m;
}

TEST(OpFullyConnected, ValidBasePrepares) { expect_prepares(fc_model(16)); }
TEST(OpFullyConnected, WeightsDisagreeWithInput) {
  EXPECT_TRUE(prepare_rejects(fc_model(15), "FULLY_CONNECTED", {"weight", "shape", "input"}));
}
TEST(OpFullyConnected, OutputDisagrees) {
  auto m = fc_model(16);
  m.tensors[2].shape = {1, 4};
  EXPECT_TRUE(prepare_rejects(m, "FULLY_CONNECTED", {"output", "shape"}));
}
ModelSpec softmax_model(float beta) {
  auto in = i8({1, 10}, "in", 0.1f, 0);
  auto out = i8({1, 10}, "out", 1.0f / 256, -128);
  return single_op(kSoftmax, {in, out}, {0}, {1}, [=](flatbuffers::FlatBufferBuilder& b) {
    return std::make_pair(fb::BuiltinOptions_SoftmaxOptions, fb::CreateSoftmaxOptions(b, beta).Union());
  });
}

TEST(OpSoftmax, ValidBasePrepares) { expect_prepares(softmax_model(1.0f)); }
TEST(OpSoftmax, BetaNaN) {
  EXPECT_TRUE(prepare_rejects(softmax_model(std::numeric_limits<float>::quiet_NaN()), "SOFTMAX", {"beta"}));
}
TEST(OpSoftmax, ShapesDiffer) {
  auto m = softmax_model(1.0f);
  m.tensors[1].shape = {1, 9};
  EXPECT_TRUE(prepare_rejects(m, "SOFTMAX", {"shape"}));
}

ModelSpec concat_model(int32_t axis) {
  return single_op(kConcatenation, {i8({1, 2, 3}, "a"), i8({1, 2, 5}, "b"), i8({1, 2, 8}, "out")}, {0, 1}, {2},
                   [=](flatbuffers::FlatBufferBuilder& b) {
                     return std::make_pair(fb::BuiltinOptions_ConcatenationOptions,
                                           fb::CreateConcatenationOptions(b, axis).Union());
                   });
}

TEST(OpConcatenation, ValidBasePrepares) { expect_prepares(concat_model(2)); }
TEST(OpConcatenation, AxisOutOfRange) { EXPECT_TRUE(prepare_rejects(concat_model(7), "CONCATENATION", {"axis"})); }
TEST(OpConcatenation, AxisFarNegative) { EXPECT_TRUE(prepare_rejects(concat_model(-9), "CONCATENATION", {"axis"})); }
TEST(OpConcatenation, OtherDimsDisagree) {
  EXPECT_TRUE(prepare_rejects(concat_model(1), "CONCATENATION", {"shape", "dimension"}));
}

ModelSpec add_model(std::vector<int32_t> b_shape) {
  return single_op(kAdd, {i8({1, 4, 4, 3}, "a"), i8(std::move(b_shape), "b"), i8({1, 4, 4, 3}, "out")}, {0, 1}, {2},
                   {});
}

TEST(OpAdd, ValidBasePrepares) { expect_prepares(add_model({1, 4, 4, 3})); }
TEST(OpAdd, ShapesDoNotBroadcast) {
  EXPECT_TRUE(prepare_rejects(add_model({1, 4, 4, 2}), "ADD", {"broadcast", "shape"}));
}
TEST(OpAdd, OneInputOnly) {
  auto m = add_model({1, 4, 4, 3});
  m.ops[0].inputs = {0};
  m.inputs = {0};
  EXPECT_TRUE(prepare_rejects(m, "ADD", {"input"}));
}

ModelSpec strided_slice_model(int32_t stride) {
  ModelSpec m;
  m.opcodes = {{kStridedSlice}};
  const uint32_t begin = m.add_buffer(bytes_of(std::vector<int32_t>{0, 0}));
  const uint32_t end = m.add_buffer(bytes_of(std::vector<int32_t>{1, 4}));
  const uint32_t strides = m.add_buffer(bytes_of(std::vector<int32_t>{1, stride}));
  m.tensors = {i8({1, 8}, "in"),
               {{2}, fb::TensorType_INT32, begin, "begin"},
               {{2}, fb::TensorType_INT32, end, "end"},
               {{2}, fb::TensorType_INT32, strides, "strides"},
               i8({1, 4}, "out")};
  m.ops = {{0, {0, 1, 2, 3}, {4}, {}}};
  m.inputs = {0};
  m.outputs = {4};
  return m;
}

TEST(OpStridedSlice, ValidBasePrepares) { expect_prepares(strided_slice_model(1)); }
TEST(OpStridedSlice, StrideZero) {
  EXPECT_TRUE(prepare_rejects(strided_slice_model(0), "STRIDED_SLICE", {"stride"}));
}

// ---------------------------------------------------------------- executor: inputs

TEST(ExecutorInputs, WrongInputSize) {
  const auto g = read_tflite(build(reshape_model()));
  mcuforge::exec::Executor ex(g);
  EXPECT_NO_THROW(ex.invoke({std::vector<uint8_t>(6, 3)}));
  try {
    ex.invoke({std::vector<uint8_t>(5, 3)});
    FAIL() << "accepted a 5-byte input";
  } catch (const Error& e) {
    EXPECT_TRUE(contains_any(e.what(), {"needs 6 bytes"})) << e.what();
    EXPECT_FALSE(e.hint().empty());
  }
}

TEST(ExecutorInputs, WrongInputCount) {
  const auto g = read_tflite(build(reshape_model()));
  mcuforge::exec::Executor ex(g);
  try {
    ex.invoke({std::vector<uint8_t>(6), std::vector<uint8_t>(6)});
    FAIL() << "accepted two inputs";
  } catch (const Error& e) {
    EXPECT_TRUE(contains_any(e.what(), {"1 inputs but 2"})) << e.what();
  }
}

// ---------------------------------------------------------------- damaged corpus models

// Every corpus model cut at many lengths: the reader throws Error (or reads the whole file), and
// whatever reads is prepared op by op without anything but Error.
TEST(Robustness, TruncatedCorpusModels) {
  const auto models = corpus_models();
  if (models.empty()) GTEST_SKIP() << "corpus not found";
  for (const auto& path : models) {
    const auto bytes = read_file(path);
    std::vector<size_t> lengths;
    for (size_t n = 0; n < 64 && n < bytes.size(); ++n) lengths.push_back(n);
    for (size_t k = 1; k < 97; ++k) lengths.push_back(bytes.size() * k / 97);
    for (size_t n = bytes.size() > 16 ? bytes.size() - 16 : 0; n < bytes.size(); ++n) lengths.push_back(n);
    for (size_t n : lengths) {
      // A copy of exactly n bytes, so that ASan sees any read past the end.
      std::vector<uint8_t> cut(bytes.begin(), bytes.begin() + static_cast<long>(n));
      read_and_prepare_or_error(cut, path.filename().string() + " cut at " + std::to_string(n));
    }
  }
}

// Seeded random byte flips in every corpus model: Error or success, never anything else.
TEST(Robustness, RandomByteFlips) {
  const auto models = corpus_models();
  if (models.empty()) GTEST_SKIP() << "corpus not found";
  std::mt19937 rng(20240611);
  int accepted = 0, rejected = 0;
  for (const auto& path : models) {
    const auto bytes = read_file(path);
    if (bytes.size() < 16) continue;
    // Flips in the first 4 KiB hit the tables (root, subgraph, tensors); the rest mostly hit weights.
    const size_t table_span = std::min<size_t>(bytes.size(), 4096);
    for (int trial = 0; trial < 60; ++trial) {
      auto mutated = bytes;
      const int flips = 1 + static_cast<int>(rng() % 8);
      for (int f = 0; f < flips; ++f) {
        const size_t span = (trial % 2 == 0) ? table_span : bytes.size();
        const size_t pos = rng() % span;
        switch (rng() % 3) {
          case 0: mutated[pos] ^= static_cast<uint8_t>(1u << (rng() % 8)); break;
          case 1: mutated[pos] = static_cast<uint8_t>(rng()); break;
          default: mutated[pos] = (rng() % 2) ? 0xff : 0x00; break;
        }
      }
      try {
        read_tflite(mutated);
        ++accepted;
      } catch (const Error&) {
        ++rejected;
      } catch (...) {
      }
      read_and_prepare_or_error(mutated, path.filename().string() + " trial " + std::to_string(trial));
    }
  }
  RecordProperty("accepted", accepted);
  RecordProperty("rejected", rejected);
}

// Scanning the tail of the header region byte by byte (every offset, every bit) on the smallest model.
TEST(Robustness, EveryBitOfSmallModel) {
  const auto bytes = read_file(kModels / "tflm_simple_add.tflite");
  if (bytes.empty()) GTEST_SKIP() << "corpus not found";
  for (size_t pos = 0; pos < bytes.size(); ++pos) {
    for (int bit = 0; bit < 8; ++bit) {
      auto m = bytes;
      m[pos] ^= static_cast<uint8_t>(1u << bit);
      read_and_prepare_or_error(m, "simple_add bit " + std::to_string(pos) + "." + std::to_string(bit));
    }
  }
}

}  // namespace
