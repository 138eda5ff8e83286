// SPDX-License-Identifier: Apache-2.0
// The reductions (ops/reduce.cc) on hand-built graphs: one clear error for each invalid model, and
// the kernels against a literal transcription of TFLM's reference loop (every input index visited in
// row-major order, its output offset recomputed from scratch) over random shapes, axes and keep_dims,
// out of place and in place (the memory plan lets the output overwrite the input).
#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <cstring>
#include <random>

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
  int32_t axes(std::vector<int32_t> v) {
    const int32_t id = tensor(DType::kInt32, {static_cast<int32_t>(v.size())});
    ir::Tensor& t = g.tensors.back();
    t.kind = ir::TensorKind::kConstant;
    t.data.resize(v.size() * 4);
    if (!v.empty()) std::memcpy(t.data.data(), v.data(), t.data.size());
    return id;
  }
  const ir::Op& op(ir::OpType type, const char* name, int32_t in, int32_t axis, int32_t out, bool keep_dims) {
    ir::Op o;
    o.type = type;
    o.name = name;
    o.index = 3;
    o.inputs = {in, axis};
    o.outputs = {out};
    o.options = ir::ReducerOptions{keep_dims};
    g.ops.push_back(std::move(o));
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

TEST(ReducePrepare, GlobalAveragePoolingNeedsOneSumPerChannel) {
  Builder b;
  const int32_t x = b.tensor(DType::kInt8, {1, 7, 5, 24}, 0.5f, -3);
  const int32_t y = b.tensor(DType::kInt8, {1, 1, 1, 24}, 0.25f, 2);
  b.op(ir::OpType::MEAN, "MEAN", x, b.axes({1, 2}), y, true);
  auto p = prepare(b.g, b.g.ops[0]);
  EXPECT_EQ(p->kernel_name(), "mf_reduce_sum_s8");
  EXPECT_EQ(p->scratch_bytes(), 24u * 4);
  EXPECT_EQ(p->inplace_input(), 0);
}

TEST(ReducePrepare, TrailingAxesSumInARegister) {
  Builder b;
  const int32_t x = b.tensor(DType::kInt16, {3, 4, 5}, 0.5f, 0);
  const int32_t y = b.tensor(DType::kInt16, {3}, 0.25f, 0);
  b.op(ir::OpType::SUM, "SUM", x, b.axes({-1, 1}), y, false);
  EXPECT_EQ(prepare(b.g, b.g.ops[0])->scratch_bytes(), 0u);
}

TEST(ReducePrepare, AxisOutsideRank) {
  Builder b;
  const int32_t x = b.tensor(DType::kFloat32, {2, 3});
  const int32_t y = b.tensor(DType::kFloat32, {2});
  b.op(ir::OpType::MEAN, "MEAN", x, b.axes({2}), y, false);
  EXPECT_NE(error_of(b).find("op 3 (MEAN): axis 2 is outside the input's rank 2"), std::string::npos) << error_of(b);
}

TEST(ReducePrepare, OutputShapeMustFollowKeepDims) {
  Builder b;
  const int32_t x = b.tensor(DType::kFloat32, {2, 3, 4});
  const int32_t y = b.tensor(DType::kFloat32, {2, 4});
  b.op(ir::OpType::SUM, "SUM", x, b.axes({1}), y, true);
  EXPECT_NE(error_of(b).find("output shape [2, 4] should be [2, 1, 4]"), std::string::npos) << error_of(b);
}

TEST(ReducePrepare, AxesMustBeConstant) {
  Builder b;
  const int32_t x = b.tensor(DType::kFloat32, {2, 3});
  const int32_t axis = b.tensor(DType::kInt32, {1});
  const int32_t y = b.tensor(DType::kFloat32, {2});
  b.op(ir::OpType::REDUCE_MAX, "REDUCE_MAX", x, axis, y, false);
  EXPECT_NE(error_of(b).find("computed at run time"), std::string::npos) << error_of(b);
}

TEST(ReducePrepare, DtypesTflmDoesNotRun) {
  {
    Builder b;  // TFLM's REDUCE_MAX has no int16 form
    const int32_t x = b.tensor(DType::kInt16, {2, 3}, 0.5f, 0);
    const int32_t y = b.tensor(DType::kInt16, {2}, 0.5f, 0);
    b.op(ir::OpType::REDUCE_MAX, "REDUCE_MAX", x, b.axes({1}), y, false);
    EXPECT_NE(error_of(b).find("run REDUCE_MAX with float32 and int8"), std::string::npos) << error_of(b);
  }
  {
    Builder b;  // no int32 MEAN
    const int32_t x = b.tensor(DType::kInt32, {2, 3});
    const int32_t y = b.tensor(DType::kInt32, {2});
    b.op(ir::OpType::MEAN, "MEAN", x, b.axes({1}), y, false);
    EXPECT_NE(error_of(b).find("are not supported"), std::string::npos) << error_of(b);
  }
  {
    Builder b;  // output type differs
    const int32_t x = b.tensor(DType::kInt8, {2, 3}, 0.5f, 0);
    const int32_t y = b.tensor(DType::kInt16, {2}, 0.5f, 0);
    b.op(ir::OpType::SUM, "SUM", x, b.axes({1}), y, false);
    EXPECT_NE(error_of(b).find("are not supported"), std::string::npos) << error_of(b);
  }
}

TEST(ReducePrepare, Int8MaxKeepsTheInputQuantization) {
  Builder b;
  const int32_t x = b.tensor(DType::kInt8, {2, 3}, 0.5f, 1);
  const int32_t y = b.tensor(DType::kInt8, {2}, 0.5f, 2);
  b.op(ir::OpType::REDUCE_MIN, "REDUCE_MIN", x, b.axes({1}), y, false);
  EXPECT_NE(error_of(b).find("scale and zero point differ"), std::string::npos) << error_of(b);
}

TEST(ReducePrepare, QuantizedMeanNeedsQuantization) {
  Builder b;
  const int32_t x = b.tensor(DType::kInt8, {2, 3});
  const int32_t y = b.tensor(DType::kInt8, {2}, 0.5f, 0);
  b.op(ir::OpType::MEAN, "MEAN", x, b.axes({1}), y, false);
  EXPECT_NE(error_of(b).find("has no quantization parameters"), std::string::npos) << error_of(b);
}

// ---- kernels against TFLM's reference loop ------------------------------------------------------

// Output offset of an input index: the kept coordinates, row-major (TFLM's ReducedOutputOffset).
size_t output_offset(const std::vector<int32_t>& dims, const std::vector<int32_t>& index, const std::vector<bool>& red) {
  size_t off = 0;
  for (size_t d = 0; d < dims.size(); ++d)
    if (!red[d]) off = off * static_cast<size_t>(dims[d]) + static_cast<size_t>(index[d]);
  return off;
}

bool next_index(const std::vector<int32_t>& dims, std::vector<int32_t>& index) {
  for (size_t d = dims.size(); d-- > 0;) {
    if (++index[d] < dims[d]) return true;
    index[d] = 0;
  }
  return false;
}

int32_t srdhm(int32_t a, int32_t b) {
  if (a == INT32_MIN && b == INT32_MIN) return INT32_MAX;
  const int64_t p = int64_t{a} * b;
  const int64_t nudge = p >= 0 ? (1 << 30) : (1 - (1 << 30));
  return static_cast<int32_t>((p + nudge) / (int64_t{1} << 31));
}

int32_t rdbpot(int32_t x, int n) {
  const int32_t mask = static_cast<int32_t>((int64_t{1} << n) - 1);
  const int32_t rem = x & mask, thr = (mask >> 1) + (x < 0 ? 1 : 0);
  return (x >> n) + (rem > thr ? 1 : 0);
}

struct Random {
  std::mt19937 rng{12345};
  int uniform(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); }
};

struct Case {
  std::vector<int32_t> shape;
  std::vector<int32_t> axes;
  std::vector<bool> reduced;
  bool keep_dims;
  std::vector<int32_t> out_shape;
  int64_t out_elems = 1, in_elems = 1, count = 1;
};

Case random_case(Random& r) {
  Case c;
  const int rank = r.uniform(1, 6);
  for (int d = 0; d < rank; ++d) c.shape.push_back(r.uniform(1, 5));
  c.reduced.assign(static_cast<size_t>(rank), false);
  const int n = r.uniform(0, rank);
  for (int k = 0; k < n; ++k) {
    const int a = r.uniform(0, rank - 1);
    c.axes.push_back(r.uniform(0, 1) ? a : a - rank);  // negative and repeated axes too
    c.reduced[static_cast<size_t>(a)] = true;
  }
  c.keep_dims = r.uniform(0, 1) == 1;
  for (int d = 0; d < rank; ++d) {
    c.in_elems *= c.shape[static_cast<size_t>(d)];
    if (c.reduced[static_cast<size_t>(d)]) {
      c.count *= c.shape[static_cast<size_t>(d)];
      if (c.keep_dims) c.out_shape.push_back(1);
    } else {
      c.out_shape.push_back(c.shape[static_cast<size_t>(d)]);
      c.out_elems *= c.shape[static_cast<size_t>(d)];
    }
  }
  return c;
}

// Runs op 0 out of place and in place (output buffer = input buffer).
template <typename T>
std::pair<std::vector<T>, std::vector<T>> run_both(const Builder& b, const std::vector<T>& x, size_t out_elems) {
  const ir::Op& op = b.g.ops.at(0);
  auto p = prepare(b.g, op);
  std::vector<int32_t> scratch(p->scratch_bytes() / 4 + 4);
  std::vector<T> in = x, out(out_elems);
  void* axis = const_cast<uint8_t*>(b.g.tensor(op.inputs[1]).data.data());
  std::vector<void*> ins{in.data(), axis}, outs{out.data()};
  p->run({ins, outs, scratch.data()});
  std::vector<T> shared = x;
  std::vector<void*> ins2{shared.data(), axis}, outs2{shared.data()};
  p->run({ins2, outs2, scratch.data()});
  shared.resize(out_elems);
  return {out, shared};
}

TEST(ReduceKernels, FloatSumMeanMaxMatchTflmLoop) {
  Random r;
  for (int iter = 0; iter < 300; ++iter) {
    const Case c = random_case(r);
    std::vector<float> x(static_cast<size_t>(c.in_elems));
    for (float& v : x) v = static_cast<float>(r.uniform(-1000, 1000)) / 7.0f;
    for (ir::OpType type : {ir::OpType::SUM, ir::OpType::MEAN, ir::OpType::REDUCE_MAX}) {
      Builder b;
      const int32_t in = b.tensor(DType::kFloat32, c.shape);
      const int32_t out = b.tensor(DType::kFloat32, c.out_shape);
      b.op(type, "R", in, b.axes(c.axes), out, c.keep_dims);
      // TFLM: outputs cleared to the initial value, then every input in row-major order.
      const bool is_max = type == ir::OpType::REDUCE_MAX;
      std::vector<float> want(static_cast<size_t>(c.out_elems), is_max ? -3.4028235e38f : 0.0f);
      std::vector<int32_t> index(c.shape.size(), 0);
      size_t i = 0;
      do {
        float& o = want[output_offset(c.shape, index, c.reduced)];
        o = is_max ? (x[i] > o ? x[i] : o) : o + x[i];
        ++i;
      } while (next_index(c.shape, index));
      if (type == ir::OpType::MEAN)
        for (float& o : want) o = o / static_cast<float>(c.count);
      const auto [got, in_place] = run_both(b, x, want.size());
      ASSERT_EQ(0, std::memcmp(got.data(), want.data(), want.size() * 4)) << "case " << iter;
      ASSERT_EQ(0, std::memcmp(in_place.data(), want.data(), want.size() * 4)) << "in place, case " << iter;
    }
  }
}

// The op facts (opdefs) infer the shape prepare requires, and count one MAC per input element.
TEST(ReduceFacts, ShapesAndMacs) {
  Random r;
  for (int iter = 0; iter < 200; ++iter) {
    const Case c = random_case(r);
    Builder b;
    const int32_t in = b.tensor(DType::kFloat32, c.shape);
    const int32_t out = b.tensor(DType::kFloat32, c.out_shape);
    b.op(ir::OpType::MEAN, "MEAN", in, b.axes(c.axes), out, c.keep_dims);
    const auto shapes = opdefs::infer_output_shapes(b.g, b.g.ops[0]);
    ASSERT_TRUE(shapes.has_value());
    ASSERT_EQ(shapes->at(0), c.out_shape) << "case " << iter;
    EXPECT_EQ(opdefs::macs(b.g, b.g.ops[0]), c.in_elems);
    EXPECT_NO_THROW(prepare(b.g, b.g.ops[0]));
  }
}

TEST(ReduceKernels, Int8MeanAndSumMatchTflmLoop) {
  Random r;
  for (int iter = 0; iter < 300; ++iter) {
    const Case c = random_case(r);
    std::vector<int8_t> x(static_cast<size_t>(c.in_elems));
    for (int8_t& v : x) v = static_cast<int8_t>(r.uniform(-128, 127));
    // Scale ratios from ordinary to extreme: multipliers flushed to 0 (below 2^-32), left shifts up to 31.
    const float s_in = std::ldexp(static_cast<float>(r.uniform(1, 400)), r.uniform(-40, 0));
    float s_out = std::ldexp(static_cast<float>(r.uniform(1, 400)), r.uniform(-40, 0));
    if (std::log2(static_cast<double>(s_in) / s_out) > 30) s_out = s_in;
    const int zp_in = r.uniform(-128, 127), zp_out = r.uniform(-128, 127);
    for (ir::OpType type : {ir::OpType::SUM, ir::OpType::MEAN}) {
      Builder b;
      const int32_t in = b.tensor(DType::kInt8, c.shape, s_in, zp_in);
      const int32_t out = b.tensor(DType::kInt8, c.out_shape, s_out, zp_out);
      b.op(type, "R", in, b.axes(c.axes), out, c.keep_dims);
      std::vector<int32_t> sums(static_cast<size_t>(c.out_elems), 0);
      std::vector<int32_t> index(c.shape.size(), 0);
      size_t i = 0;
      do {
        sums[output_offset(c.shape, index, c.reduced)] += x[i++];
      } while (next_index(c.shape, index));
      // QuantizeMultiplier(s_in / s_out), then MEAN's folding of 1/count (reference reduce.h).
      int e = 0;
      const double q = std::frexp(static_cast<double>(s_in) / static_cast<double>(s_out), &e);
      int64_t m = static_cast<int64_t>(std::round(q * 2147483648.0));
      if (m == (int64_t{1} << 31)) {
        m /= 2;
        ++e;
      }
      if (e < -31) m = e = 0;
      if (type == ir::OpType::MEAN) {
        int k = static_cast<int>(std::bit_width(static_cast<uint64_t>(c.count))) - 1;
        k = std::min({k, 32, 31 + e});
        m = (m << k) / c.count;
        e -= k;
      }
      std::vector<int8_t> want;
      for (int32_t s : sums) {
        const int32_t shifted = static_cast<int32_t>(s - int64_t{zp_in} * c.count);
        const int left = e > 0 ? e : 0, right = e > 0 ? 0 : -e;
        // TFLM's int32 x * 2^left, wrapping as it does on every target.
        const auto scaled = static_cast<int32_t>(static_cast<uint32_t>(shifted) << left);
        int32_t v = rdbpot(srdhm(scaled, static_cast<int32_t>(m)), right) + zp_out;
        want.push_back(static_cast<int8_t>(std::clamp(v, -128, 127)));
      }
      const auto [got, in_place] = run_both(b, x, want.size());
      ASSERT_EQ(got, want) << "case " << iter;
      ASSERT_EQ(in_place, want) << "in place, case " << iter;
    }
  }
}

}  // namespace
}  // namespace mcuforge::ops
