// SPDX-License-Identifier: Apache-2.0
// Prepare-time validation of the tconv family (TRANSPOSE_CONV, L2_POOL_2D) on small hand-built graphs:
// a valid op prepares with the expected MACs and pads, and broken models (non-constant or inconsistent
// output_shape, mismatched channels, unsupported bias or dtypes) are refused with mcuforge::Error.
#include <gtest/gtest.h>

#include <cstring>
#include <string>

#include "diagnostics/error.h"
#include "ir/padding.h"
#include "opdefs/op_def.h"
#include "ops/op.h"

namespace mcuforge::ops {
namespace {

ir::Tensor tensor(std::vector<int32_t> shape, ir::DType t, float scale = 0.0f, int64_t zp = 0) {
  ir::Tensor x;
  x.shape = std::move(shape);
  x.dtype = t;
  if (scale > 0) {
    x.quant.scale = {scale};
    x.quant.zero_point = {zp};
  }
  return x;
}

ir::Tensor constant(ir::Tensor t) {
  t.kind = ir::TensorKind::kConstant;
  t.data.assign(static_cast<size_t>(t.num_bytes()), 0);
  return t;
}

ir::Tensor shape_constant(const std::vector<int32_t>& dims) {
  ir::Tensor t = constant(tensor({static_cast<int32_t>(dims.size())}, ir::DType::kInt32));
  std::memcpy(t.data.data(), dims.data(), dims.size() * 4);
  return t;
}

// input [1,3,3,2] -> TRANSPOSE_CONV 3x3 stride 2 SAME -> output [1,6,6,4], int8 unless changed.
struct TConvGraph {
  ir::Graph g;
  TConvGraph() {
    g.tensors.push_back(shape_constant({1, 6, 6, 4}));
    g.tensors.push_back(constant(tensor({4, 3, 3, 2}, ir::DType::kInt8, 0.01f)));
    g.tensors.push_back(tensor({1, 3, 3, 2}, ir::DType::kInt8, 0.5f, -3));
    g.tensors.push_back(constant(tensor({4}, ir::DType::kInt32, 0.005f)));
    g.tensors.push_back(tensor({1, 6, 6, 4}, ir::DType::kInt8, 0.25f, 4));
    ir::Op op;
    op.type = ir::OpType::TRANSPOSE_CONV;
    op.name = "TRANSPOSE_CONV";
    op.inputs = {0, 1, 2, 3};
    op.outputs = {4};
    ir::TransposeConvOptions o;
    o.stride_h = o.stride_w = 2;
    op.options = o;
    g.ops.push_back(op);
  }
  ir::TransposeConvOptions& opts() { return std::get<ir::TransposeConvOptions>(g.ops[0].options); }
  void set_output(const std::vector<int32_t>& dims) {
    g.tensors[0] = shape_constant(dims);
    g.tensors[4].shape = dims;
  }
  std::unique_ptr<PreparedOp> prep() const {
    ir::Graph resolved = g;
    ir::resolve_padding(resolved);
    return prepare(resolved, resolved.ops[0]);
  }
};

std::string error_of(const TConvGraph& c) {
  try {
    c.prep();
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

TEST(TConvPrepare, ValidInt8PreparesWithMacsAndShape) {
  TConvGraph c;
  auto p = c.prep();
  EXPECT_EQ(p->kernel_name(), "mf_transpose_conv_s8");
  EXPECT_EQ(p->scratch_bytes(), 0u);
  EXPECT_EQ(opdefs::macs(c.g, c.g.ops[0]), 3 * 3 * 2 * 3 * 3 * 4);
  const auto shapes = opdefs::op_def(ir::OpType::TRANSPOSE_CONV).infer_shapes(c.g, c.g.ops[0]);
  ASSERT_TRUE(shapes.has_value());
  EXPECT_EQ((*shapes)[0], (std::vector<int32_t>{1, 6, 6, 4}));
  // SAME over the 6-pixel output with a 3-tap filter and stride 2: TFLite's pads are (0, 1).
  ir::Graph resolved = c.g;
  ir::resolve_padding(resolved);
  const auto& o = std::get<ir::TransposeConvOptions>(resolved.ops[0].options);
  EXPECT_EQ(o.pads.top, 0);
  EXPECT_EQ(o.pads.bottom, 1);
}

TEST(TConvPrepare, AcceptsEveryOutputSizeThatMapsBack) {
  for (int32_t size : {5, 6}) {  // ceil(size / 2) == 3 for both under SAME
    TConvGraph c;
    c.set_output({1, size, size, 4});
    EXPECT_EQ(error_of(c), "") << size;
  }
}

TEST(TConvPrepare, RefusesBrokenOutputShape) {
  {
    TConvGraph c;  // a runtime output_shape
    c.g.tensors[0].kind = ir::TensorKind::kActivation;
    c.g.tensors[0].data.clear();
    EXPECT_NE(error_of(c).find("not a constant"), std::string::npos);
  }
  {
    TConvGraph c;  // output_shape and the output tensor disagree
    c.g.tensors[0] = shape_constant({1, 5, 6, 4});
    EXPECT_NE(error_of(c).find("output_shape operand says 5"), std::string::npos);
  }
  {
    TConvGraph c;  // 7 under SAME / stride 2 maps back to 4 input rows, not 3
    c.set_output({1, 7, 6, 4});
    EXPECT_NE(error_of(c).find("does not fit input height"), std::string::npos);
  }
  {
    TConvGraph c;  // VALID: 6 = (3 - 1) * 2 + 3 - 1 is too small for a 3-tap filter from 3 rows
    c.opts().padding = ir::Padding::kValid;
    EXPECT_NE(error_of(c).find("does not fit input"), std::string::npos);
  }
  {
    TConvGraph c;
    c.g.tensors[0] = shape_constant({1, 6, 6});
    EXPECT_NE(error_of(c).find("4 int32 values"), std::string::npos);
  }
}

TEST(TConvPrepare, RefusesBadOperands) {
  {
    TConvGraph c;
    c.opts().stride_w = 0;
    EXPECT_NE(error_of(c).find("stride_width"), std::string::npos);
  }
  {
    TConvGraph c;  // the filter's input channels differ from the input's
    c.g.tensors[1] = constant(tensor({4, 3, 3, 3}, ir::DType::kInt8, 0.01f));
    EXPECT_NE(error_of(c).find("input channels"), std::string::npos);
  }
  {
    TConvGraph c;
    c.g.tensors[3] = constant(tensor({3}, ir::DType::kInt32, 0.005f));
    EXPECT_NE(error_of(c).find("bias"), std::string::npos);
  }
  {
    TConvGraph c;  // int16x8 with an int32 bias: TFLM would read it as int64
    c.g.tensors[2] = tensor({1, 3, 3, 2}, ir::DType::kInt16, 0.5f);
    c.g.tensors[4] = tensor({1, 6, 6, 4}, ir::DType::kInt16, 0.25f);
    EXPECT_NE(error_of(c).find("int16x8 TRANSPOSE_CONV bias"), std::string::npos);
    c.g.tensors[3] = constant(tensor({4}, ir::DType::kInt64, 0.005f));
    EXPECT_EQ(c.prep()->kernel_name(), "mf_transpose_conv_s16");
  }
  {
    TConvGraph c;
    c.g.ops[0].inputs = {0, 1};
    EXPECT_NE(error_of(c).find("expects 3 or 4 inputs"), std::string::npos);
  }
}

TEST(TConvPrepare, L2PoolIsFloatOnly) {
  ir::Graph g;
  g.tensors.push_back(tensor({1, 4, 4, 2}, ir::DType::kFloat32));
  g.tensors.push_back(tensor({1, 2, 2, 2}, ir::DType::kFloat32));
  ir::Op op;
  op.type = ir::OpType::L2_POOL_2D;
  op.name = "L2_POOL_2D";
  op.inputs = {0};
  op.outputs = {1};
  ir::Pool2DOptions o;
  o.padding = ir::Padding::kValid;
  o.filter_h = o.filter_w = o.stride_h = o.stride_w = 2;
  op.options = o;
  g.ops.push_back(op);
  ir::resolve_padding(g);
  EXPECT_EQ(prepare(g, g.ops[0])->kernel_name(), "mf_l2_pool2d_f32");
  g.tensors[1].shape = {1, 3, 2, 2};
  EXPECT_THROW(prepare(g, g.ops[0]), Error);
  g.tensors[0] = tensor({1, 4, 4, 2}, ir::DType::kInt8, 0.5f);
  g.tensors[1] = tensor({1, 2, 2, 2}, ir::DType::kInt8, 0.5f);
  try {
    prepare(g, g.ops[0]);
    ADD_FAILURE() << "int8 L2_POOL_2D prepared";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("L2_POOL_2D of int8 is not supported"), std::string::npos);
  }
}

}  // namespace
}  // namespace mcuforge::ops
