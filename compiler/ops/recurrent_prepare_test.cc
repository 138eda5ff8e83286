// SPDX-License-Identifier: Apache-2.0
// SVDF and UNIDIRECTIONAL_SEQUENCE_LSTM prepare on hand-built graphs: a valid int8 model is accepted,
// and the variants and quantizations TFLM cannot run are rejected with a message before any kernel.
#include <gtest/gtest.h>

#include <string>

#include "diagnostics/error.h"
#include "ops/op.h"

namespace mcuforge::ops {
namespace {

using ir::DType;

struct Builder {
  ir::Graph g;
  int32_t tensor(DType dt, std::vector<int32_t> shape, float scale = 0.0f, int64_t zp = 0, bool variable = false) {
    ir::Tensor t;
    t.dtype = dt;
    t.shape = std::move(shape);
    if (scale != 0.0f) {
      t.quant.scale = {scale};
      t.quant.zero_point = {zp};
    }
    if (variable) t.kind = ir::TensorKind::kState;
    g.tensors.push_back(std::move(t));
    return static_cast<int32_t>(g.tensors.size() - 1);
  }
  ir::Op& op(ir::OpType type, const char* name, std::vector<int32_t> in, std::vector<int32_t> out, ir::OpOptions o) {
    ir::Op x;
    x.type = type;
    x.name = name;
    x.inputs = std::move(in);
    x.outputs = std::move(out);
    x.options = std::move(o);
    g.ops.push_back(std::move(x));
    return g.ops.back();
  }
};

// int8 LSTM: batch 1, 3 steps, input 4, state 2.
struct Lstm {
  Builder b;
  std::vector<int32_t> in;
  int32_t out;
  Lstm(float cell_scale = 1.0f / 2048) {
    in.assign(24, ir::kNoTensor);
    in[0] = b.tensor(DType::kInt8, {1, 3, 4}, 0.05f, -3);
    for (int k = 1; k <= 8; ++k) in[k] = b.tensor(DType::kInt8, {2, k <= 4 ? 4 : 2}, 0.01f);
    for (int k = 12; k <= 15; ++k) in[k] = b.tensor(DType::kInt32, {2}, 0.0005f);
    in[18] = b.tensor(DType::kInt8, {1, 2}, 1.0f / 128, 2, true);
    in[19] = b.tensor(DType::kInt16, {1, 2}, cell_scale, 0, true);
    out = b.tensor(DType::kInt8, {1, 3, 2}, 1.0f / 128, 2);
  }
  std::string error() {
    ir::SequenceLSTMOptions o;
    o.activation = ir::Activation::kTanh;
    try {
      prepare(b.g, b.op(ir::OpType::UNIDIRECTIONAL_SEQUENCE_LSTM, "UNIDIRECTIONAL_SEQUENCE_LSTM", in, {out}, o));
    } catch (const Error& e) {
      return e.what();
    }
    return {};
  }
};

TEST(LstmPrepare, AcceptsStandardInt8Lstm) {
  Lstm l;
  EXPECT_EQ(l.error(), "");
  ir::SequenceLSTMOptions o;
  o.activation = ir::Activation::kTanh;
  auto p = prepare(l.b.g, l.b.op(ir::OpType::UNIDIRECTIONAL_SEQUENCE_LSTM, "UNIDIRECTIONAL_SEQUENCE_LSTM", l.in,
                                 {l.out}, o));
  EXPECT_EQ(p->kernel_name(), "mf_lstm_s8");
  EXPECT_EQ(p->scratch_bytes(), 4u * 2 * 2);
}

TEST(LstmPrepare, RejectsVariantsTflmDoesNotRun) {
  {
    Lstm l;
    l.in[10] = l.b.tensor(DType::kInt16, {2}, 0.01f);  // peephole
    EXPECT_NE(l.error().find("peephole"), std::string::npos);
  }
  {
    Lstm l;
    l.in[1] = ir::kNoTensor;  // CIFG
    EXPECT_NE(l.error().find("missing"), std::string::npos);
  }
  {
    Lstm l;
    l.in[16] = l.b.tensor(DType::kInt8, {2, 2}, 0.01f);  // projection
    EXPECT_NE(l.error().find("projection"), std::string::npos);
  }
  {
    Lstm l(0.0003f);  // not a power of two
    EXPECT_NE(l.error().find("power of two"), std::string::npos);
  }
  {
    Lstm l;
    l.b.g.tensors[static_cast<size_t>(l.in[18])].kind = ir::TensorKind::kActivation;
    EXPECT_NE(l.error().find("variable"), std::string::npos);
  }
  {
    Lstm l;
    l.b.g.tensors[static_cast<size_t>(l.in[2])].quant.scale = {0.01f, 0.02f};  // per channel
    l.b.g.tensors[static_cast<size_t>(l.in[2])].quant.zero_point = {0, 0};
    EXPECT_NE(l.error().find("per channel"), std::string::npos);
  }
  {
    Lstm l;
    l.b.g.tensors[static_cast<size_t>(l.in[6])].shape = {2, 3};  // recurrent weights must be [2, 2]
    EXPECT_NE(l.error().find("must have shape"), std::string::npos);
  }
}

std::string svdf_error(DType time_type, DType state_type, bool variable, int32_t rank = 2) {
  Builder b;
  const int32_t x = b.tensor(DType::kInt8, {1, 3}, 0.05f, -128);
  const int32_t wf = b.tensor(DType::kInt8, {4, 3}, 0.01f);
  const int32_t wt = b.tensor(time_type, {4, 5}, 0.002f);
  const int32_t st = b.tensor(state_type, {1, 20}, 0.004f, 0, variable);
  const int32_t bias = b.tensor(DType::kInt32, {2}, 0.004f * 0.002f);
  const int32_t out = b.tensor(DType::kInt8, {1, 2}, 0.1f, -128);
  ir::SVDFOptions o;
  o.rank = rank;
  try {
    prepare(b.g, b.op(ir::OpType::SVDF, "SVDF", {x, wf, wt, bias, st}, {out}, o));
  } catch (const Error& e) {
    return e.what();
  }
  return {};
}

TEST(SvdfPrepare, AcceptsBothStateTypesAndRejectsMismatches) {
  EXPECT_EQ(svdf_error(DType::kInt16, DType::kInt16, true), "");
  EXPECT_EQ(svdf_error(DType::kInt8, DType::kInt8, true), "");
  EXPECT_NE(svdf_error(DType::kInt8, DType::kInt16, true).find("both"), std::string::npos);
  EXPECT_NE(svdf_error(DType::kInt16, DType::kInt16, false).find("variable"), std::string::npos);
  EXPECT_NE(svdf_error(DType::kInt16, DType::kInt16, true, 3).find("multiple of rank"), std::string::npos);
}

}  // namespace
}  // namespace mcuforge::ops
