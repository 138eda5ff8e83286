// SPDX-License-Identifier: Apache-2.0
// The unary math family's prepare (ops/unary_family.cc) on hand-built graphs: what it computes, and
// the validation that keeps wrong dtypes, missing quantization and bad shapes away from the kernels.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>

#include "diagnostics/error.h"
#include "ops/op.h"

namespace mcuforge::ops {
namespace {

using ir::DType;
using ir::OpType;

struct UnaryGraph {
  ir::Graph g;
  int32_t tensor(DType dt, std::vector<int32_t> shape, float scale = 0.0f, int64_t zp = 0) {
    ir::Tensor t;
    t.dtype = dt;
    t.shape = std::move(shape);
    if (scale != 0.0f) {
      t.quant.scale = {scale};
      t.quant.zero_point = {zp};
    }
    g.tensors.push_back(std::move(t));
    return static_cast<int32_t>(g.tensors.size() - 1);
  }
  const ir::Op& op(OpType type, std::vector<int32_t> in, std::vector<int32_t> out) {
    ir::Op o;
    o.type = type;
    o.name = std::string(ir::op_type_name(type));
    o.inputs = std::move(in);
    o.outputs = std::move(out);
    g.ops.push_back(std::move(o));
    return g.ops.back();
  }
};

std::string error_of(const ir::Graph& g, const ir::Op& op) {
  try {
    prepare(g, op);
  } catch (const Error& e) {
    return e.what();
  }
  return {};
}

TEST(UnaryPrepare, FloatOpsComputeInPlace) {
  UnaryGraph b;
  const int32_t x = b.tensor(DType::kFloat32, {4});
  const int32_t y = b.tensor(DType::kFloat32, {4});
  float data[4] = {-2.5f, 0.5f, 1.5f, 4.0f};
  void* in[1] = {data};
  void* out[1] = {data};
  auto p = prepare(b.g, b.op(OpType::ROUND, {x}, {y}));
  EXPECT_EQ(p->inplace_input(), 0);
  EXPECT_EQ(p->kernel_name(), "mf_unary_f32");
  p->run(OpBuffers{in, out});
  EXPECT_EQ(data[0], -2.0f);  // half to even
  EXPECT_EQ(data[1], 0.0f);
  EXPECT_EQ(data[2], 2.0f);
  EXPECT_EQ(data[3], 4.0f);
  auto s = prepare(b.g, b.op(OpType::SIN, {x}, {y}));
  EXPECT_EQ(s->kernel_name(), "mf_unary_math_f32");
}

TEST(UnaryPrepare, Int8AbsRequantizes) {
  UnaryGraph b;
  const int32_t x = b.tensor(DType::kInt8, {3}, 0.5f, -10);
  const int32_t y = b.tensor(DType::kInt8, {3}, 0.25f, -128);
  int8_t xs[3] = {-10, -20, 127}, ys[3] = {};
  void* in[1] = {xs};
  void* out[1] = {ys};
  prepare(b.g, b.op(OpType::ABS, {x}, {y}))->run(OpBuffers{in, out});
  EXPECT_EQ(ys[0], -128);  // |0| = 0
  EXPECT_EQ(ys[1], -108);  // |-10| * 2
  EXPECT_EQ(ys[2], 127);   // 137 * 2 - 128 = 146, saturated
}

TEST(UnaryPrepare, RejectsUnsupportedDtypes) {
  UnaryGraph b;
  const int32_t i8 = b.tensor(DType::kInt8, {4}, 0.1f, 0);
  const int32_t i8b = b.tensor(DType::kInt8, {4}, 0.1f, 0);
  const int32_t f = b.tensor(DType::kFloat32, {4});
  const int32_t i32 = b.tensor(DType::kInt32, {4});
  const int32_t i32b = b.tensor(DType::kInt32, {4});
  // NEG and SIN are float32 only in TFLM; RSQRT has no int16; mixed types never run.
  EXPECT_NE(error_of(b.g, b.op(OpType::NEG, {i8}, {i8b})).find("int8 -> int8 is not supported"), std::string::npos);
  EXPECT_THROW(prepare(b.g, b.op(OpType::SIN, {i32}, {i32b})), Error);
  EXPECT_THROW(prepare(b.g, b.op(OpType::ABS, {i8}, {f})), Error);
  const int32_t s16 = b.tensor(DType::kInt16, {4}, 0.1f, 0);
  const int32_t s16b = b.tensor(DType::kInt16, {4}, 0.1f, 0);
  EXPECT_THROW(prepare(b.g, b.op(OpType::RSQRT, {s16}, {s16b})), Error);
  EXPECT_THROW(prepare(b.g, b.op(OpType::LOGICAL_NOT, {f}, {f})), Error);
  const int32_t s16c = b.tensor(DType::kInt16, {4});
  EXPECT_THROW(prepare(b.g, b.op(OpType::ZEROS_LIKE, {s16c}, {s16c})), Error);
}

TEST(UnaryPrepare, RejectsMissingOrBadQuantization) {
  UnaryGraph b;
  const int32_t q = b.tensor(DType::kInt8, {4}, 0.1f, 3);
  const int32_t raw = b.tensor(DType::kInt8, {4});  // no quantization
  EXPECT_NE(error_of(b.g, b.op(OpType::ABS, {raw}, {q})).find("no quantization"), std::string::npos);
  EXPECT_THROW(prepare(b.g, b.op(OpType::RSQRT, {q}, {raw})), Error);
  EXPECT_THROW(prepare(b.g, b.op(OpType::EXP, {raw}, {q})), Error);
  // int16: zero points must be 0.
  const int32_t s16 = b.tensor(DType::kInt16, {4}, 0.1f, 5);
  const int32_t s16b = b.tensor(DType::kInt16, {4}, 0.1f, 0);
  EXPECT_THROW(prepare(b.g, b.op(OpType::ABS, {s16}, {s16b})), Error);
  EXPECT_THROW(prepare(b.g, b.op(OpType::EXP, {s16b}, {s16})), Error);
  // A scale ratio beyond any 32-bit multiplier.
  const int32_t big = b.tensor(DType::kInt8, {4}, 1e6f, 0);
  const int32_t tiny = b.tensor(DType::kInt8, {4}, 1e-9f, 0);
  EXPECT_THROW(prepare(b.g, b.op(OpType::ABS, {big}, {tiny})), Error);
}

TEST(UnaryPrepare, RejectsShapeAndOperandMismatch) {
  UnaryGraph b;
  const int32_t x = b.tensor(DType::kFloat32, {2, 3});
  const int32_t y = b.tensor(DType::kFloat32, {3, 2});
  EXPECT_THROW(prepare(b.g, b.op(OpType::SQRT, {x}, {y})), Error);
  EXPECT_THROW(prepare(b.g, b.op(OpType::LOG, {x, x}, {x})), Error);
}

TEST(UnaryPrepare, ZerosLikeAndLogicalNot) {
  UnaryGraph b;
  const int32_t x = b.tensor(DType::kInt64, {3});
  int64_t v[3] = {1, -2, 3};
  void* in[1] = {v};
  void* out[1] = {v};
  prepare(b.g, b.op(OpType::ZEROS_LIKE, {x}, {x}))->run(OpBuffers{in, out});
  EXPECT_EQ(v[0], 0);
  EXPECT_EQ(v[2], 0);
  const int32_t bx = b.tensor(DType::kBool, {3});
  const int32_t by = b.tensor(DType::kBool, {3});
  uint8_t bs[3] = {0, 1, 1}, bo[3] = {};
  void* bin[1] = {bs};
  void* bout[1] = {bo};
  prepare(b.g, b.op(OpType::LOGICAL_NOT, {bx}, {by}))->run(OpBuffers{bin, bout});
  EXPECT_EQ(bo[0], 1);
  EXPECT_EQ(bo[1], 0);
}

}  // namespace
}  // namespace mcuforge::ops
