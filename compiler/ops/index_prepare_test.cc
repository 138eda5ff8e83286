// SPDX-License-Identifier: Apache-2.0
// The index family (ops/index.cc, ops/space_rearrange.cc) on hand-built graphs: one clear error for each
// invalid model (axis out of range, block sizes that do not divide, wrong index types, non-constant
// block shapes), the op facts' shapes equal to what prepare requires, and run-time indices out of
// range reported by the host run (naming the index) instead of read out of bounds.
#include <gtest/gtest.h>

#include <cstring>

#include "diagnostics/error.h"
#include "export/tflite_writer.h"
#include "import/tflite/tflite_reader.h"
#include "mcuforge/mf_index.h"
#include "opdefs/op_def.h"
#include "ops/op.h"

namespace mcuforge::ops {
namespace {

using ir::DType;

struct Builder {
  ir::Graph g;
  int32_t tensor(DType dt, std::vector<int32_t> shape, float scale = 0, int64_t zp = 0) {
    ir::Tensor t;
    t.dtype = dt;
    t.shape = std::move(shape);
    t.name = "t" + std::to_string(g.tensors.size());
    if (scale > 0) {
      t.quant.scale = {scale};
      t.quant.zero_point = {zp};
    }
    g.tensors.push_back(std::move(t));
    return static_cast<int32_t>(g.tensors.size() - 1);
  }
  int32_t ints(std::vector<int32_t> shape, std::vector<int32_t> v, DType dt = DType::kInt32) {
    const int32_t id = tensor(dt, std::move(shape));
    ir::Tensor& t = g.tensors.back();
    t.kind = ir::TensorKind::kConstant;
    if (dt == DType::kInt32) {
      t.data.resize(v.size() * 4);
      if (!v.empty()) std::memcpy(t.data.data(), v.data(), t.data.size());
    } else {
      for (int32_t x : v) {
        const int64_t y = x;
        const auto* p = reinterpret_cast<const uint8_t*>(&y);
        t.data.insert(t.data.end(), p, p + 8);
      }
    }
    return id;
  }
  ir::Op& op(ir::OpType type, const char* name, std::vector<int32_t> in, int32_t out, ir::OpOptions o = {}) {
    ir::Op x;
    x.type = type;
    x.name = name;
    x.index = 0;
    x.inputs = std::move(in);
    x.outputs = {out};
    x.options = std::move(o);
    g.ops.push_back(std::move(x));
    return g.ops.back();
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

TEST(IndexPrepare, ArgMaxAxisOutOfRange) {
  Builder b;
  const int32_t x = b.tensor(DType::kFloat32, {2, 3});
  const int32_t y = b.tensor(DType::kInt32, {2});
  b.op(ir::OpType::ARG_MAX, "ARG_MAX", {x, b.ints({1}, {2})}, y);
  EXPECT_ERROR(b, "op 0 (ARG_MAX): axis 2 is outside [-2, 2)");
}

TEST(IndexPrepare, ArgMinOutputMustBeAnIndexType) {
  Builder b;
  const int32_t x = b.tensor(DType::kInt8, {2, 3}, 0.5f, 0);
  const int32_t y = b.tensor(DType::kInt8, {2});
  b.op(ir::OpType::ARG_MIN, "ARG_MIN", {x, b.ints({1}, {-1})}, y);
  EXPECT_ERROR(b, "the output has type int8");
}

TEST(IndexPrepare, ArgMaxAxisMustBeConstant) {
  Builder b;
  const int32_t x = b.tensor(DType::kFloat32, {2, 3});
  const int32_t axis = b.tensor(DType::kInt32, {1});
  const int32_t y = b.tensor(DType::kInt32, {2});
  b.op(ir::OpType::ARG_MAX, "ARG_MAX", {x, axis}, y);
  EXPECT_ERROR(b, "computed at run time");
}

TEST(IndexPrepare, GatherIndicesMustBeIntegers) {
  Builder b;
  const int32_t x = b.tensor(DType::kFloat32, {4, 3});
  const int32_t idx = b.tensor(DType::kFloat32, {2});
  const int32_t y = b.tensor(DType::kFloat32, {2, 3});
  b.op(ir::OpType::GATHER, "GATHER", {x, idx}, y, ir::GatherOptions{0, 0});
  EXPECT_ERROR(b, "the indices 't1' has type float32");
}

TEST(IndexPrepare, GatherAxisAndBatchDims) {
  {
    Builder b;
    const int32_t x = b.tensor(DType::kInt8, {4, 3}, 0.5f, 0);
    const int32_t idx = b.tensor(DType::kInt32, {2});
    const int32_t y = b.tensor(DType::kInt8, {2, 3}, 0.5f, 0);
    b.op(ir::OpType::GATHER, "GATHER", {x, idx}, y, ir::GatherOptions{-3, 0});
    EXPECT_ERROR(b, "axis -3 is outside [-2, 2)");
  }
  {
    Builder b;
    const int32_t x = b.tensor(DType::kInt8, {4, 3}, 0.5f, 0);
    const int32_t idx = b.tensor(DType::kInt32, {4, 2});
    const int32_t y = b.tensor(DType::kInt8, {4, 2}, 0.5f, 0);
    b.op(ir::OpType::GATHER, "GATHER", {x, idx}, y, ir::GatherOptions{0, 1});
    EXPECT_ERROR(b, "batch_dims 1 is not in");
  }
}

TEST(IndexPrepare, GatherConstantIndexOutOfRange) {
  Builder b;
  const int32_t x = b.tensor(DType::kFloat32, {4, 3});
  const int32_t y = b.tensor(DType::kFloat32, {2, 3});
  b.op(ir::OpType::GATHER, "GATHER", {x, b.ints({2}, {1, 4}, DType::kInt64)}, y, ir::GatherOptions{0, 0});
  EXPECT_ERROR(b, "hold 4 (element 1), outside [0, 4)");
}

// A run-time index out of range: the kernel stops with MF_STATUS_BAD_INPUT, the host run names it.
TEST(IndexRun, GatherIndexOutOfRangeIsAnErrorNotARead) {
  Builder b;
  const int32_t x = b.tensor(DType::kFloat32, {4, 3});
  const int32_t idx = b.tensor(DType::kInt32, {3});
  const int32_t y = b.tensor(DType::kFloat32, {3, 3});
  b.op(ir::OpType::GATHER, "GATHER", {x, idx}, y, ir::GatherOptions{0, 0});
  auto p = prepare(b.g, b.g.ops[0]);
  std::vector<float> in(12, 1.0f), out(9, 0.0f);
  std::vector<int32_t> indices = {0, 3, 7};
  std::vector<void*> ins{in.data(), indices.data()}, outs{out.data()};
  try {
    p->run({ins, outs, nullptr});
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("op 0 (GATHER): index 7 (element 2 of the indices) is outside [0, 4)"),
              std::string::npos)
        << e.what();
  }
  const mf_gather_params k = {4, 1, 1, 4, 3, 3, 4};
  EXPECT_EQ(mf_gather(&k, in.data(), indices.data(), out.data()), MF_STATUS_BAD_INPUT);
  indices[2] = -1;
  EXPECT_EQ(mf_gather(&k, in.data(), indices.data(), out.data()), MF_STATUS_BAD_INPUT);
}

TEST(IndexRun, GatherNdIndexOutOfRange) {
  Builder b;
  const int32_t x = b.tensor(DType::kInt8, {2, 3, 2}, 0.5f, 0);
  const int32_t idx = b.tensor(DType::kInt64, {2, 2});
  const int32_t y = b.tensor(DType::kInt8, {2, 2}, 0.5f, 0);
  b.op(ir::OpType::GATHER_ND, "GATHER_ND", {x, idx}, y);
  auto p = prepare(b.g, b.g.ops[0]);
  std::vector<int8_t> in(12, 1), out(4, 0);
  std::vector<int64_t> indices = {1, 2, 1, 3};
  std::vector<void*> ins{in.data(), indices.data()}, outs{out.data()};
  EXPECT_THROW(p->run({ins, outs, nullptr}), Error);
  indices[3] = 0;
  EXPECT_NO_THROW(p->run({ins, outs, nullptr}));
}

TEST(IndexPrepare, GatherNdDepthAboveRank) {
  Builder b;
  const int32_t x = b.tensor(DType::kFloat32, {2, 3});
  const int32_t idx = b.tensor(DType::kInt32, {1, 3});
  const int32_t y = b.tensor(DType::kFloat32, {1});
  b.op(ir::OpType::GATHER_ND, "GATHER_ND", {x, idx}, y);
  EXPECT_ERROR(b, "the indices' last dimension 3 exceeds the params' rank 2");
}

TEST(IndexPrepare, EmbeddingLookupNeedsInt32Lookups) {
  Builder b;
  const int32_t lk = b.tensor(DType::kInt64, {2});
  const int32_t v = b.ints({3, 2}, {1, 2, 3, 4, 5, 6});
  b.g.tensors[static_cast<size_t>(v)].dtype = DType::kInt8;
  b.g.tensors[static_cast<size_t>(v)].data.resize(6);
  const int32_t y = b.tensor(DType::kFloat32, {2, 2});
  b.op(ir::OpType::EMBEDDING_LOOKUP, "EMBEDDING_LOOKUP", {lk, v}, y);
  EXPECT_ERROR(b, "the lookup tensor 't0' is int64 [2]");
}

TEST(IndexPrepare, DepthToSpaceBlockSizeMustDivideDepth) {
  Builder b;
  const int32_t x = b.tensor(DType::kFloat32, {1, 2, 2, 6});
  const int32_t y = b.tensor(DType::kFloat32, {1, 4, 4, 1});
  b.op(ir::OpType::DEPTH_TO_SPACE, "DEPTH_TO_SPACE", {x}, y, ir::BlockSizeOptions{2});
  EXPECT_ERROR(b, "block_size 2 squared does not divide the input depth 6");
}

TEST(IndexPrepare, SpaceToDepthBlockSizeMustDivideHeightAndWidth) {
  Builder b;
  const int32_t x = b.tensor(DType::kInt8, {1, 4, 3, 2}, 0.5f, 0);
  const int32_t y = b.tensor(DType::kInt8, {1, 2, 1, 8}, 0.5f, 0);
  b.op(ir::OpType::SPACE_TO_DEPTH, "SPACE_TO_DEPTH", {x}, y, ir::BlockSizeOptions{2});
  EXPECT_ERROR(b, "block_size 2 does not divide the input height 4 and width 3");
  b.g.ops[0].options = ir::BlockSizeOptions{0};
  EXPECT_ERROR(b, "block_size is 0");
}

TEST(IndexPrepare, SpaceToBatchBlockMustDivideThePaddedSize) {
  Builder b;
  const int32_t x = b.tensor(DType::kFloat32, {1, 5, 4, 1});
  const int32_t y = b.tensor(DType::kFloat32, {4, 3, 2, 1});
  b.op(ir::OpType::SPACE_TO_BATCH_ND, "SPACE_TO_BATCH_ND", {x, b.ints({2}, {2, 2}), b.ints({2, 2}, {0, 0, 0, 0})}, y);
  EXPECT_ERROR(b, "the padded spatial size 5 x 4 is not a multiple of block_shape [2, 2]");
}

TEST(IndexPrepare, BatchToSpaceBlockShapeMustBeConstant) {
  Builder b;
  const int32_t x = b.tensor(DType::kFloat32, {4, 2, 2, 1});
  const int32_t block = b.tensor(DType::kInt32, {2});
  const int32_t y = b.tensor(DType::kFloat32, {1, 4, 4, 1});
  b.op(ir::OpType::BATCH_TO_SPACE_ND, "BATCH_TO_SPACE_ND", {x, block, b.ints({2, 2}, {0, 0, 0, 0})}, y);
  EXPECT_ERROR(b, "the block_shape tensor 't1' is computed at run time");
}

TEST(IndexPrepare, CumsumInt8OutputScaleTooSmall) {
  Builder b;
  const int32_t x = b.tensor(DType::kInt8, {3, 4}, 1.0f, 0);
  const int32_t y = b.tensor(DType::kInt8, {3, 4}, 1e-6f, 0);
  b.op(ir::OpType::CUMSUM, "CUMSUM", {x, b.ints({}, {1})}, y, ir::CumsumOptions{});
  EXPECT_ERROR(b, "the output multiplier");
}

// The op facts infer the shape each prepare requires.
TEST(IndexFacts, ShapesAgreeWithPrepare) {
  Builder b;
  const int32_t x = b.tensor(DType::kFloat32, {2, 3, 4, 8});
  const int32_t idx = b.tensor(DType::kInt32, {2, 5});
  const int32_t y1 = b.tensor(DType::kFloat32, {2, 3, 5, 8});
  b.op(ir::OpType::GATHER, "GATHER", {x, idx}, y1, ir::GatherOptions{-2, 1});
  const int32_t y2 = b.tensor(DType::kFloat32, {2, 6, 8, 2});
  b.op(ir::OpType::DEPTH_TO_SPACE, "DEPTH_TO_SPACE", {x}, y2, ir::BlockSizeOptions{2});
  const int32_t y3 = b.tensor(DType::kInt64, {2, 3, 8});
  b.op(ir::OpType::ARG_MIN, "ARG_MIN", {x, b.ints({}, {2})}, y3);
  const int32_t y4 = b.tensor(DType::kFloat32, {8, 2, 3, 8});
  b.op(ir::OpType::SPACE_TO_BATCH_ND, "SPACE_TO_BATCH_ND", {x, b.ints({2}, {2, 2}), b.ints({2, 2}, {0, 1, 1, 1})}, y4);
  for (size_t k = 0; k < b.g.ops.size(); ++k) {
    b.g.ops[k].index = static_cast<int32_t>(k);
    const auto shapes = opdefs::infer_output_shapes(b.g, b.g.ops[k]);
    ASSERT_TRUE(shapes.has_value()) << k;
    EXPECT_EQ(shapes->at(0), b.g.tensor(b.g.ops[k].outputs[0]).shape) << k;
    EXPECT_NO_THROW(prepare(b.g, b.g.ops[k])) << k;
  }
}

// The typed options survive `export --tflite` and the reader (each op's own options table).
TEST(IndexOptions, RoundTripThroughTheTfliteWriter) {
  const std::vector<std::pair<ir::OpType, ir::OpOptions>> cases = {
      {ir::OpType::ARG_MAX, ir::ArgMinMaxOptions{DType::kInt64}},
      {ir::OpType::ARG_MIN, ir::ArgMinMaxOptions{DType::kInt32}},
      {ir::OpType::GATHER, ir::GatherOptions{-2, 1}},
      {ir::OpType::DEPTH_TO_SPACE, ir::BlockSizeOptions{3}},
      {ir::OpType::SPACE_TO_DEPTH, ir::BlockSizeOptions{2}},
      {ir::OpType::CUMSUM, ir::CumsumOptions{true, false}},
      {ir::OpType::CUMSUM, ir::CumsumOptions{false, true}},
  };
  for (const auto& [type, options] : cases) {
    Builder b;
    const int32_t x = b.tensor(DType::kFloat32, {2, 3});
    const int32_t y = b.tensor(DType::kFloat32, {2, 3});
    b.op(type, "OP", {x}, y, options);
    b.g.inputs = {x};
    b.g.outputs = {y};
    const ir::Graph back = tflite::read_tflite(exporter::write_tflite(b.g));
    ASSERT_EQ(back.ops.size(), 1u);
    EXPECT_TRUE(back.ops[0].options == options) << ir::op_type_name(type);
  }
}

}  // namespace
}  // namespace mcuforge::ops
