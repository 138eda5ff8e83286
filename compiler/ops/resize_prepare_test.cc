// SPDX-License-Identifier: Apache-2.0
// The resize family's prepare (ops/resize.cc, ops/batch_matmul.cc) on hand-built graphs: one clear
// error for each invalid model (what TFLM refuses, what the kernels cannot do), and the coordinate tables
// and scratch sizes of valid ones.
#include <gtest/gtest.h>

#include <cstring>

#include "diagnostics/error.h"
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
    if (scale > 0) {
      t.quant.scale = {scale};
      t.quant.zero_point = {zp};
    }
    g.tensors.push_back(std::move(t));
    return static_cast<int32_t>(g.tensors.size() - 1);
  }
  int32_t ints(std::vector<int32_t> v, bool constant = true) {
    const int32_t id = tensor(DType::kInt32, {static_cast<int32_t>(v.size())});
    if (constant) {
      ir::Tensor& t = g.tensors.back();
      t.kind = ir::TensorKind::kConstant;
      t.data.resize(v.size() * 4);
      std::memcpy(t.data.data(), v.data(), t.data.size());
    }
    return id;
  }
  void op(ir::OpType type, const char* name, std::vector<int32_t> inputs, int32_t out, ir::OpOptions options) {
    ir::Op o;
    o.type = type;
    o.name = name;
    o.index = 0;
    o.inputs = std::move(inputs);
    o.outputs = {out};
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

TEST(ResizePrepare, BilinearRefusesBothCornerOptions) {
  Builder b;
  const int32_t x = b.tensor(DType::kInt8, {1, 4, 4, 3}, 0.5f, -3);
  const int32_t y = b.tensor(DType::kInt8, {1, 8, 8, 3}, 0.5f, -3);
  b.op(ir::OpType::RESIZE_BILINEAR, "RESIZE_BILINEAR", {x, b.ints({8, 8})}, y, ir::ResizeOptions{true, true});
  EXPECT_NE(error_of(b).find("align_corners and half_pixel_centers are both set"), std::string::npos) << error_of(b);
  // Nearest neighbour runs the pair, as TFLM does.
  b.g.ops[0].type = ir::OpType::RESIZE_NEAREST_NEIGHBOR;
  EXPECT_EQ(error_of(b), "");
}

TEST(ResizePrepare, RunTimeSizeIsRefused) {
  Builder b;
  const int32_t x = b.tensor(DType::kFloat32, {1, 4, 4, 3});
  const int32_t y = b.tensor(DType::kFloat32, {1, 8, 8, 3});
  b.op(ir::OpType::RESIZE_NEAREST_NEIGHBOR, "RESIZE_NEAREST_NEIGHBOR", {x, b.ints({8, 8}, false)}, y,
       ir::ResizeOptions{});
  EXPECT_NE(error_of(b).find("only a constant size tensor is supported"), std::string::npos) << error_of(b);
}

TEST(ResizePrepare, BadShapesTypesAndQuantization) {
  {
    Builder b;  // output shape disagrees with the size tensor
    const int32_t x = b.tensor(DType::kFloat32, {1, 4, 4, 3});
    const int32_t y = b.tensor(DType::kFloat32, {1, 8, 7, 3});
    b.op(ir::OpType::RESIZE_BILINEAR, "RESIZE_BILINEAR", {x, b.ints({8, 8})}, y, ir::ResizeOptions{});
    EXPECT_NE(error_of(b).find("should be [1, 8, 8, 3]"), std::string::npos) << error_of(b);
  }
  {
    Builder b;  // three size values
    const int32_t x = b.tensor(DType::kFloat32, {1, 4, 4, 3});
    const int32_t y = b.tensor(DType::kFloat32, {1, 8, 8, 3});
    b.op(ir::OpType::RESIZE_BILINEAR, "RESIZE_BILINEAR", {x, b.ints({8, 8, 1})}, y, ir::ResizeOptions{});
    EXPECT_NE(error_of(b).find("two values"), std::string::npos) << error_of(b);
  }
  {
    Builder b;  // 3-D input
    const int32_t x = b.tensor(DType::kInt8, {4, 4, 3}, 0.5f, 0);
    const int32_t y = b.tensor(DType::kInt8, {1, 8, 8, 3}, 0.5f, 0);
    b.op(ir::OpType::RESIZE_NEAREST_NEIGHBOR, "RESIZE_NEAREST_NEIGHBOR", {x, b.ints({8, 8})}, y, ir::ResizeOptions{});
    EXPECT_NE(error_of(b).find("must be 4-D"), std::string::npos) << error_of(b);
  }
  {
    Builder b;  // requantizing resize
    const int32_t x = b.tensor(DType::kInt8, {1, 4, 4, 3}, 0.5f, 0);
    const int32_t y = b.tensor(DType::kInt8, {1, 8, 8, 3}, 0.25f, 0);
    b.op(ir::OpType::RESIZE_BILINEAR, "RESIZE_BILINEAR", {x, b.ints({8, 8})}, y, ir::ResizeOptions{});
    EXPECT_NE(error_of(b).find("quantization differ"), std::string::npos) << error_of(b);
  }
  {
    Builder b;  // int32 data
    const int32_t x = b.tensor(DType::kInt32, {1, 4, 4, 3});
    const int32_t y = b.tensor(DType::kInt32, {1, 8, 8, 3});
    b.op(ir::OpType::RESIZE_BILINEAR, "RESIZE_BILINEAR", {x, b.ints({8, 8})}, y, ir::ResizeOptions{});
    EXPECT_NE(error_of(b).find("not supported"), std::string::npos) << error_of(b);
  }
}

TEST(ResizePrepare, ExtremeUpsamplingThatTflmReadsOutOfBoundsIsRefused) {
  // One input row to 682 rows: the rounded 1/1024 scale is 2, so the last rows' lower neighbour is row 1.
  Builder b;
  const int32_t x = b.tensor(DType::kInt8, {1, 1, 1, 1}, 0.5f, 0);
  const int32_t y = b.tensor(DType::kInt8, {1, 682, 1, 1}, 0.5f, 0);
  b.op(ir::OpType::RESIZE_BILINEAR, "RESIZE_BILINEAR", {x, b.ints({682, 1})}, y, ir::ResizeOptions{});
  EXPECT_NE(error_of(b).find("outside the tensor"), std::string::npos) << error_of(b);
}

TEST(ResizePrepare, OpFactsInferTheOutputShape) {
  Builder b;
  const int32_t x = b.tensor(DType::kFloat32, {2, 4, 5, 3});
  const int32_t y = b.tensor(DType::kFloat32, {2, 3, 7, 3});
  b.op(ir::OpType::RESIZE_BILINEAR, "RESIZE_BILINEAR", {x, b.ints({3, 7})}, y, ir::ResizeOptions{});
  const auto shapes = opdefs::infer_output_shapes(b.g, b.g.ops[0]);
  ASSERT_TRUE(shapes);
  EXPECT_EQ((*shapes)[0], (std::vector<int32_t>{2, 3, 7, 3}));
  EXPECT_EQ(opdefs::macs(b.g, b.g.ops[0]), 4 * 2 * 3 * 7 * 3);
}

TEST(BatchMatMulPrepare, ShapesBroadcastAndScratch) {
  Builder b;
  const int32_t x = b.tensor(DType::kInt8, {2, 1, 5, 3}, 0.5f, -128);  // adj_x: [depth 5, rows 3]
  const int32_t w = b.tensor(DType::kInt8, {4, 5, 6}, 0.25f, 127);      // [depth 5, cols 6]
  const int32_t y = b.tensor(DType::kInt8, {2, 4, 3, 6}, 1.0f, 0);
  b.op(ir::OpType::BATCH_MATMUL, "BATCH_MATMUL", {x, w}, y, ir::BatchMatMulOptions{true, false, false});
  auto p = prepare(b.g, b.g.ops[0]);
  EXPECT_EQ(p->kernel_name(), "mf_batch_matmul_s8");
  EXPECT_EQ(p->scratch_bytes(), 16u + 30u);  // 15 LHS bytes padded to 16, then the 30 RHS bytes
  const auto shapes = opdefs::infer_output_shapes(b.g, b.g.ops[0]);
  ASSERT_TRUE(shapes);
  EXPECT_EQ((*shapes)[0], (std::vector<int32_t>{2, 4, 3, 6}));
  EXPECT_EQ(opdefs::macs(b.g, b.g.ops[0]), 2 * 4 * 3 * 6 * 5);
}

TEST(BatchMatMulPrepare, BadInputsAreRefused) {
  {
    Builder b;  // depths disagree
    const int32_t x = b.tensor(DType::kFloat32, {3, 4});
    const int32_t w = b.tensor(DType::kFloat32, {5, 6});
    const int32_t y = b.tensor(DType::kFloat32, {3, 6});
    b.op(ir::OpType::BATCH_MATMUL, "BATCH_MATMUL", {x, w}, y, ir::BatchMatMulOptions{});
    EXPECT_NE(error_of(b).find("accumulation depth"), std::string::npos) << error_of(b);
  }
  {
    Builder b;  // batch dims do not broadcast
    const int32_t x = b.tensor(DType::kFloat32, {2, 3, 4});
    const int32_t w = b.tensor(DType::kFloat32, {3, 4, 6});
    const int32_t y = b.tensor(DType::kFloat32, {3, 3, 6});
    b.op(ir::OpType::BATCH_MATMUL, "BATCH_MATMUL", {x, w}, y, ir::BatchMatMulOptions{});
    EXPECT_NE(error_of(b).find("do not broadcast"), std::string::npos) << error_of(b);
  }
  {
    Builder b;  // hybrid
    const int32_t x = b.tensor(DType::kFloat32, {3, 4});
    const int32_t w = b.tensor(DType::kInt8, {4, 6}, 0.5f, 0);
    const int32_t y = b.tensor(DType::kFloat32, {3, 6});
    b.op(ir::OpType::BATCH_MATMUL, "BATCH_MATMUL", {x, w}, y, ir::BatchMatMulOptions{});
    EXPECT_NE(error_of(b).find("share one type"), std::string::npos) << error_of(b);
  }
  {
    Builder b;  // int16 with a zero point
    const int32_t x = b.tensor(DType::kInt16, {3, 4}, 0.5f, 3);
    const int32_t w = b.tensor(DType::kInt16, {4, 6}, 0.5f, 0);
    const int32_t y = b.tensor(DType::kInt16, {3, 6}, 0.5f, 0);
    b.op(ir::OpType::BATCH_MATMUL, "BATCH_MATMUL", {x, w}, y, ir::BatchMatMulOptions{});
    EXPECT_NE(error_of(b).find("zero point 3"), std::string::npos) << error_of(b);
  }
  {
    Builder b;  // rank 6
    const int32_t x = b.tensor(DType::kFloat32, {1, 1, 1, 1, 3, 4});
    const int32_t w = b.tensor(DType::kFloat32, {4, 6});
    const int32_t y = b.tensor(DType::kFloat32, {1, 1, 1, 1, 3, 6});
    b.op(ir::OpType::BATCH_MATMUL, "BATCH_MATMUL", {x, w}, y, ir::BatchMatMulOptions{});
    EXPECT_NE(error_of(b).find("ranks must be 2 to 5"), std::string::npos) << error_of(b);
  }
}

}  // namespace
}  // namespace mcuforge::ops
