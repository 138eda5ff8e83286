// SPDX-License-Identifier: Apache-2.0
// The data movement family (ops/pad.cc, ops/move.cc) on hand-built graphs: one clear error for each
// invalid model (negative or non-constant paddings, slices out of range, mirrors past the edge,
// non-broadcastable shapes, ...), and the kernels the oracle cannot reach (int16 TILE: TensorFlow
// Lite has no int16 TILE) against a direct transcription of the ops' definitions.
#include <gtest/gtest.h>

#include <cstring>
#include <numeric>

#include "diagnostics/error.h"
#include "ops/op.h"

namespace mcuforge::ops {
namespace {

using ir::DType;
using ir::OpType;

struct Builder {
  ir::Graph g;
  int32_t tensor(DType dt, std::vector<int32_t> shape, float scale = 0, int64_t zp = 0) {
    ir::Tensor t;
    t.name = "t" + std::to_string(g.tensors.size());
    t.dtype = dt;
    t.shape = std::move(shape);
    if (scale > 0) {
      t.quant.scale = {scale};
      t.quant.zero_point = {zp};
    }
    g.tensors.push_back(std::move(t));
    return static_cast<int32_t>(g.tensors.size() - 1);
  }
  template <typename T>
  int32_t constant(DType dt, std::vector<int32_t> shape, std::vector<T> v) {
    const int32_t id = tensor(dt, std::move(shape));
    ir::Tensor& t = g.tensors.back();
    t.kind = ir::TensorKind::kConstant;
    t.data.resize(v.size() * sizeof(T));
    if (!v.empty()) std::memcpy(t.data.data(), v.data(), t.data.size());
    return id;
  }
  int32_t ints(std::vector<int32_t> v, std::vector<int32_t> shape = {}) {
    if (shape.empty()) shape = {static_cast<int32_t>(v.size())};
    return constant(DType::kInt32, std::move(shape), std::move(v));
  }
  void op(OpType type, const char* name, std::vector<int32_t> in, std::vector<int32_t> out,
          ir::OpOptions options = std::monostate{}) {
    ir::Op o;
    o.type = type;
    o.name = name;
    o.index = static_cast<int32_t>(g.ops.size());
    o.inputs = std::move(in);
    o.outputs = std::move(out);
    o.options = std::move(options);
    g.ops.push_back(std::move(o));
  }
};

std::string error_of(const Builder& b) {
  try {
    prepare(b.g, b.g.ops.at(0));
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

#define EXPECT_ERROR(b, text) EXPECT_NE(error_of(b).find(text), std::string::npos) << error_of(b)

TEST(PadPrepare, NegativePaddingsAreRefused) {
  Builder b;
  const int32_t x = b.tensor(DType::kFloat32, {2, 3});
  const int32_t y = b.tensor(DType::kFloat32, {2, 2});
  b.op(OpType::PAD, "PAD", {x, b.ints({0, 0, 0, -1}, {2, 2})}, {y});
  EXPECT_ERROR(b, "op 0 (PAD): padding of axis 1 is negative (0, -1)");
}

TEST(PadPrepare, PaddingsMustBeConstant) {
  Builder b;
  const int32_t x = b.tensor(DType::kInt8, {2, 3}, 0.5f, 1);
  const int32_t pads = b.tensor(DType::kInt32, {2, 2});
  const int32_t y = b.tensor(DType::kInt8, {4, 5}, 0.5f, 1);
  b.op(OpType::PADV2, "PADV2", {x, pads}, {y});
  EXPECT_ERROR(b, "the paddings tensor 't1' is computed at run time");
}

TEST(PadPrepare, PaddingsNeedTwoEntriesPerAxis) {
  Builder b;
  const int32_t x = b.tensor(DType::kFloat32, {2, 3});
  const int32_t y = b.tensor(DType::kFloat32, {4, 3});
  b.op(OpType::PAD, "PAD", {x, b.ints({1, 1}, {1, 2})}, {y});
  EXPECT_ERROR(b, "expected [2, 2]");
}

TEST(PadPrepare, OutputShapeFollowsThePaddings) {
  Builder b;
  const int32_t x = b.tensor(DType::kInt16, {2, 3}, 0.5f, 0);
  const int32_t y = b.tensor(DType::kInt16, {3, 3}, 0.5f, 0);
  b.op(OpType::PAD, "PAD", {x, b.ints({1, 1, 0, 0}, {2, 2})}, {y});
  EXPECT_ERROR(b, "output shape [3, 3] should be [4, 3]");
}

TEST(PadPrepare, Int8ValueNeedsTheOutputQuantization) {
  Builder b;
  const int32_t x = b.tensor(DType::kInt8, {2}, 0.5f, 1);
  const int32_t v = b.tensor(DType::kInt8, {}, 0.25f, 1);
  const int32_t y = b.tensor(DType::kInt8, {4}, 0.5f, 1);
  b.op(OpType::PADV2, "PADV2", {x, b.ints({1, 1}, {1, 2}), v}, {y});
  EXPECT_ERROR(b, "the int8 pad value and the output have different quantization");
}

TEST(PadPrepare, Int8PadsWithTheOutputZeroPoint) {
  Builder b;
  const int32_t x = b.tensor(DType::kInt8, {1, 2}, 0.5f, -7);
  const int32_t y = b.tensor(DType::kInt8, {2, 4}, 0.5f, -7);
  b.op(OpType::PAD, "PAD", {x, b.ints({0, 1, 1, 1}, {2, 2})}, {y});
  auto p = prepare(b.g, b.g.ops[0]);
  const int8_t in[2] = {3, 4};
  int8_t out[8] = {};
  void* const ins[] = {const_cast<int8_t*>(in), nullptr};
  void* const outs[] = {out};
  p->run({ins, outs, nullptr});
  const int8_t expected[8] = {-7, 3, 4, -7, -7, -7, -7, -7};
  EXPECT_EQ(std::memcmp(out, expected, 8), 0);
}

TEST(MirrorPadPrepare, ReflectCannotReachPastTheEdge) {
  Builder b;
  const int32_t x = b.tensor(DType::kFloat32, {3});
  const int32_t y = b.tensor(DType::kFloat32, {6});
  b.op(OpType::MIRROR_PAD, "MIRROR_PAD", {x, b.ints({3, 0}, {1, 2})}, {y}, ir::MirrorPadOptions{0});
  EXPECT_ERROR(b, "padding of axis 0 (3, 0) is larger than 2 for an axis of size 3");
  b.g.ops[0].options = ir::MirrorPadOptions{1};  // SYMMETRIC may repeat the whole axis
  EXPECT_EQ(error_of(b), "");
}

TEST(MirrorPadPrepare, UnknownModeIsRefused) {
  Builder b;
  const int32_t x = b.tensor(DType::kInt8, {3}, 0.5f, 0);
  const int32_t y = b.tensor(DType::kInt8, {3}, 0.5f, 0);
  b.op(OpType::MIRROR_PAD, "MIRROR_PAD", {x, b.ints({0, 0}, {1, 2})}, {y}, ir::MirrorPadOptions{5});
  EXPECT_ERROR(b, "mode 5 is neither REFLECT (0) nor SYMMETRIC (1)");
}

TEST(SlicePrepare, OutOfRangeIsRefused) {
  Builder b;
  const int32_t x = b.tensor(DType::kFloat32, {4, 5});
  const int32_t y = b.tensor(DType::kFloat32, {2, 3});
  b.op(OpType::SLICE, "SLICE", {x, b.ints({3, 1}), b.ints({2, 3})}, {y});
  EXPECT_ERROR(b, "the slice of axis 0 (begin 3, size 2) is outside its 4 elements");
}

TEST(SlicePrepare, BeginMustBeConstant) {
  Builder b;
  const int32_t x = b.tensor(DType::kFloat32, {4, 5});
  const int32_t begin = b.tensor(DType::kInt32, {2});
  const int32_t y = b.tensor(DType::kFloat32, {2, 3});
  b.op(OpType::SLICE, "SLICE", {x, begin, b.ints({2, 3})}, {y});
  EXPECT_ERROR(b, "the begin tensor 't1' is computed at run time");
}

TEST(SlicePrepare, SizeMinusOneTakesTheRest) {
  Builder b;
  const int32_t x = b.tensor(DType::kInt32, {4, 5});
  const int32_t y = b.tensor(DType::kInt32, {3, 2});
  b.op(OpType::SLICE, "SLICE", {x, b.constant<int64_t>(DType::kInt64, {2}, {1, 2}), b.ints({-1, 2})}, {y});
  auto p = prepare(b.g, b.g.ops[0]);
  std::vector<int32_t> in(20), out(6);
  std::iota(in.begin(), in.end(), 0);
  void* const ins[] = {in.data(), nullptr, nullptr};
  void* const outs[] = {out.data()};
  p->run({ins, outs, nullptr});
  EXPECT_EQ(out, (std::vector<int32_t>{7, 8, 12, 13, 17, 18}));
}

TEST(SqueezePrepare, OnlyAxesOfSizeOne) {
  Builder b;
  const int32_t x = b.tensor(DType::kFloat32, {1, 3, 1});
  const int32_t y = b.tensor(DType::kFloat32, {1, 1});
  b.op(OpType::SQUEEZE, "SQUEEZE", {x}, {y}, ir::SqueezeOptions{{-2}});
  EXPECT_ERROR(b, "squeeze dimension -2 has size 3, not 1");
}

TEST(SqueezePrepare, AliasesItsInput) {
  Builder b;
  const int32_t x = b.tensor(DType::kInt8, {1, 3, 1}, 0.5f, 2);
  const int32_t y = b.tensor(DType::kInt8, {3}, 0.5f, 2);
  b.op(OpType::SQUEEZE, "SQUEEZE", {x}, {y}, ir::SqueezeOptions{});
  EXPECT_TRUE(prepare(b.g, b.g.ops[0])->output_aliases_input());
}

TEST(ExpandDimsPrepare, AxisOutsideRankPlusOne) {
  Builder b;
  const int32_t x = b.tensor(DType::kFloat32, {2, 3});
  const int32_t y = b.tensor(DType::kFloat32, {2, 3, 1});
  b.op(OpType::EXPAND_DIMS, "EXPAND_DIMS", {x, b.ints({-4}, {})}, {y});
  EXPECT_ERROR(b, "axis -4 is outside [-3, 3)");
}

TEST(SplitVPrepare, SizesMustAddUp) {
  Builder b;
  const int32_t x = b.tensor(DType::kFloat32, {6, 2});
  const int32_t y0 = b.tensor(DType::kFloat32, {2, 2});
  const int32_t y1 = b.tensor(DType::kFloat32, {3, 2});
  b.op(OpType::SPLIT_V, "SPLIT_V", {x, b.ints({2, 3}), b.ints({0}, {})}, {y0, y1});
  EXPECT_ERROR(b, "size_splits [2, 3] does not add up to the axis size 6");
}

TEST(SplitVPrepare, OneMinusOneTakesTheRest) {
  Builder b;
  const int32_t x = b.tensor(DType::kInt16, {2, 5}, 0.5f, 0);
  const int32_t y0 = b.tensor(DType::kInt16, {2, 1}, 0.5f, 0);
  const int32_t y1 = b.tensor(DType::kInt16, {2, 4}, 0.5f, 0);
  b.op(OpType::SPLIT_V, "SPLIT_V", {x, b.ints({1, -1}), b.ints({-1}, {})}, {y0, y1});
  EXPECT_EQ(error_of(b), "");
  b.g.ops[0].inputs[1] = b.ints({-1, -1});
  EXPECT_ERROR(b, "has a negative size other than one -1");
}

TEST(ReverseV2Prepare, RepeatedAxis) {
  Builder b;
  const int32_t x = b.tensor(DType::kFloat32, {2, 3});
  const int32_t y = b.tensor(DType::kFloat32, {2, 3});
  b.op(OpType::REVERSE_V2, "REVERSE_V2", {x, b.ints({1, -1})}, {y});
  EXPECT_ERROR(b, "axis 1 is listed twice");
}

TEST(BroadcastToPrepare, IncompatibleShapes) {
  Builder b;
  const int32_t x = b.tensor(DType::kFloat32, {2, 3});
  const int32_t y = b.tensor(DType::kFloat32, {4, 2, 4});
  b.op(OpType::BROADCAST_TO, "BROADCAST_TO", {x, b.ints({4, 2, 4})}, {y});
  EXPECT_ERROR(b, "the input shape [2, 3] does not broadcast to [4, 2, 4]");
}

TEST(BroadcastArgsPrepare, ConstantShapesAreCheckedNow) {
  Builder b;
  const int32_t y = b.tensor(DType::kInt32, {2});
  b.op(OpType::BROADCAST_ARGS, "BROADCAST_ARGS", {b.ints({2, 3}), b.ints({4})}, {y});
  EXPECT_ERROR(b, "the shapes [2, 3] and [4] do not broadcast");
}

TEST(TilePrepare, NegativeMultiple) {
  Builder b;
  const int32_t x = b.tensor(DType::kInt16, {2, 3}, 0.5f, 0);
  const int32_t y = b.tensor(DType::kInt16, {2, 3}, 0.5f, 0);
  b.op(OpType::TILE, "TILE", {x, b.ints({1, -1})}, {y});
  EXPECT_ERROR(b, "multiple -1 of axis 1 is negative");
}

// int16 TILE (no oracle has it) against the definition: out[i] = in[i % dims] on every axis.
TEST(TileKernel, Int16MatchesTheDefinition) {
  const std::vector<int32_t> dims = {2, 1, 3}, multiples = {2, 3, 2};
  Builder b;
  const int32_t x = b.tensor(DType::kInt16, dims, 0.5f, 0);
  const int32_t y = b.tensor(DType::kInt16, {4, 3, 6}, 0.5f, 0);
  b.op(OpType::TILE, "TILE", {x, b.ints(multiples)}, {y});
  auto p = prepare(b.g, b.g.ops[0]);
  std::vector<int16_t> in(6), out(72);
  for (size_t i = 0; i < in.size(); ++i) in[i] = static_cast<int16_t>(1000 * i - 2500);
  void* const ins[] = {in.data(), nullptr};
  void* const outs[] = {out.data()};
  p->run({ins, outs, nullptr});
  size_t k = 0;
  for (int i = 0; i < 4; ++i)
    for (int j = 0; j < 3; ++j)
      for (int l = 0; l < 6; ++l) EXPECT_EQ(out[k++], in[static_cast<size_t>((i % 2) * 3 + (l % 3))]);
}

}  // namespace
}  // namespace mcuforge::ops
