// SPDX-License-Identifier: Apache-2.0
// Data-movement ops on hand-built graphs: slicing semantics (masks, negative strides, offset),
// gather/scatter layouts, and the validation that keeps hostile parameters away from the kernels.
#include <gtest/gtest.h>

#include <cstring>
#include <numeric>

#include "diagnostics/error.h"
#include "ops/op.h"

namespace mcuforge::ops {
namespace {

using ir::DType;

template <typename T>
std::vector<uint8_t> bytes_of(const std::vector<T>& v) {
  std::vector<uint8_t> b(v.size() * sizeof(T));
  if (!b.empty()) std::memcpy(b.data(), v.data(), b.size());
  return b;
}

struct Builder {
  ir::Graph g;
  int32_t tensor(DType dt, std::vector<int32_t> shape, std::vector<uint8_t> data = {}) {
    ir::Tensor t;
    t.dtype = dt;
    t.shape = std::move(shape);
    if (!data.empty()) t.kind = ir::TensorKind::kConstant;
    t.data = std::move(data);
    g.tensors.push_back(std::move(t));
    return static_cast<int32_t>(g.tensors.size() - 1);
  }
  int32_t i32(std::vector<int32_t> v) {
    return tensor(DType::kInt32, {static_cast<int32_t>(v.size())}, bytes_of(v));
  }
  ir::Op& op(ir::OpType type, const char* name, std::vector<int32_t> in, std::vector<int32_t> out,
             ir::OpOptions opts = std::monostate{}) {
    ir::Op o;
    o.type = type;
    o.name = name;
    o.index = static_cast<int32_t>(g.ops.size());
    o.inputs = std::move(in);
    o.outputs = std::move(out);
    o.options = std::move(opts);
    g.ops.push_back(std::move(o));
    return g.ops.back();
  }
};

// Runs op 0 of `b` with the given bytes for its non-constant inputs (in order); returns the outputs.
std::vector<std::vector<uint8_t>> run(const Builder& b, std::vector<std::vector<uint8_t>> feeds) {
  const ir::Op& op = b.g.ops.at(0);
  auto prepared = prepare(b.g, op);
  std::vector<void*> in, out;
  size_t f = 0;
  for (int32_t t : op.inputs) {
    const ir::Tensor& tensor = b.g.tensor(t);
    in.push_back(tensor.is_constant() ? const_cast<uint8_t*>(tensor.data.data()) : feeds.at(f++).data());
  }
  std::vector<std::vector<uint8_t>> results;
  for (int32_t t : op.outputs) results.emplace_back(static_cast<size_t>(b.g.tensor(t).num_bytes()) + 1, 0xEE);
  for (auto& r : results) out.push_back(r.data());
  std::vector<uint8_t> scratch(prepared->scratch_bytes() + 16);
  prepared->run({in, out, scratch.data()});
  for (size_t k = 0; k < results.size(); ++k) {
    EXPECT_EQ(results[k].back(), 0xEE) << "output " << k << " written past its end";
    results[k].pop_back();
  }
  return results;
}

std::vector<uint8_t> iota8(int n) {
  std::vector<uint8_t> v(static_cast<size_t>(n));
  std::iota(v.begin(), v.end(), 0);
  return v;
}

struct SliceCase {
  std::vector<int32_t> begin, end, strides;
  ir::StridedSliceOptions opts;
  std::vector<int32_t> out_shape;
};

std::vector<uint8_t> slice_3x4(const SliceCase& c) {
  Builder b;
  const int32_t x = b.tensor(DType::kInt8, {3, 4});
  const int32_t y = b.tensor(DType::kInt8, c.out_shape);
  b.op(ir::OpType::STRIDED_SLICE, "STRIDED_SLICE", {x, b.i32(c.begin), b.i32(c.end), b.i32(c.strides)}, {y},
       c.opts);
  return run(b, {iota8(12)})[0];
}

TEST(StridedSlice, MasksAndNegativeStrides) {
  ir::StridedSliceOptions o;
  // x[::-1, 1:3]
  o.begin_mask = 1;
  o.end_mask = 1;
  EXPECT_EQ(slice_3x4({{0, 1}, {0, 3}, {-1, 1}, o, {3, 2}}),
            (std::vector<uint8_t>{9, 10, 5, 6, 1, 2}));
  // x[1]
  o = {};
  o.shrink_axis_mask = 1;
  EXPECT_EQ(slice_3x4({{1}, {2}, {1}, o, {4}}), (std::vector<uint8_t>{4, 5, 6, 7}));
  // x[..., 2]
  o = {};
  o.ellipsis_mask = 1;
  o.shrink_axis_mask = 2;
  EXPECT_EQ(slice_3x4({{0, 2}, {0, 3}, {1, 1}, o, {3}}), (std::vector<uint8_t>{2, 6, 10}));
  // x[:, None, -1:]
  o = {};
  o.begin_mask = 1;
  o.end_mask = 1 | 4;
  o.new_axis_mask = 2;
  EXPECT_EQ(slice_3x4({{0, 0, -1}, {0, 0, 0}, {1, 1, 1}, o, {3, 1, 1}}), (std::vector<uint8_t>{3, 7, 11}));
  // x[-1, ::-2]
  o = {};
  o.shrink_axis_mask = 1;
  o.begin_mask = 2;
  o.end_mask = 2;
  EXPECT_EQ(slice_3x4({{-1, 0}, {0, 0}, {1, -2}, o, {2}}), (std::vector<uint8_t>{11, 9}));
  // offset: end = begin + size
  o = {};
  o.offset = true;
  EXPECT_EQ(slice_3x4({{1, 1}, {2, 2}, {1, 1}, o, {2, 2}}), (std::vector<uint8_t>{5, 6, 9, 10}));
  // a short spec takes the remaining axes whole; huge indices clamp
  o = {};
  EXPECT_EQ(slice_3x4({{2}, {2147483647}, {1}, o, {1, 4}}), (std::vector<uint8_t>{8, 9, 10, 11}));
}

TEST(StridedSlice, RejectsBadSpecs) {
  ir::StridedSliceOptions shrink;
  shrink.shrink_axis_mask = 1;
  EXPECT_THROW(slice_3x4({{5}, {6}, {1}, shrink, {4}}), Error);      // index out of range
  EXPECT_THROW(slice_3x4({{1}, {0}, {-1}, shrink, {4}}), Error);     // TFLM writes nothing
  EXPECT_THROW(slice_3x4({{0}, {3}, {0}, {}, {3, 4}}), Error);       // zero stride
  EXPECT_THROW(slice_3x4({{0}, {2}, {1}, {}, {3, 4}}), Error);       // output shape disagrees
  EXPECT_THROW(slice_3x4({{0, 0, 0}, {1, 1, 1}, {1, 1, 1}, {}, {1, 1}}), Error);  // too many axes
  ir::StridedSliceOptions two_ellipses;
  two_ellipses.ellipsis_mask = 3;
  EXPECT_THROW(slice_3x4({{0, 0}, {1, 1}, {1, 1}, two_ellipses, {3, 4}}), Error);

  Builder b;  // begin computed at run time
  const int32_t x = b.tensor(DType::kInt8, {3, 4});
  const int32_t begin = b.tensor(DType::kInt32, {2});
  b.op(ir::OpType::STRIDED_SLICE, "STRIDED_SLICE", {x, begin, b.i32({3, 4}), b.i32({1, 1})},
       {b.tensor(DType::kInt8, {3, 4})}, ir::StridedSliceOptions{});
  try {
    prepare(b.g, b.g.ops[0]);
    FAIL();
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("computed at run time"), std::string::npos) << e.what();
  }
}

TEST(Concatenation, JoinsAlongAxisAndChecksQuantization) {
  Builder b;
  const int32_t a = b.tensor(DType::kInt8, {2, 1});
  const int32_t c = b.tensor(DType::kInt8, {2, 2});
  const int32_t y = b.tensor(DType::kInt8, {2, 3});
  for (int32_t t : {a, c, y}) {
    b.g.tensors[static_cast<size_t>(t)].quant.scale = {0.5f};
    b.g.tensors[static_cast<size_t>(t)].quant.zero_point = {3};
  }
  b.op(ir::OpType::CONCATENATION, "CONCATENATION", {a, c}, {y}, ir::ConcatenationOptions{-1});
  EXPECT_EQ(run(b, {{1, 2}, {10, 11, 20, 21}})[0], (std::vector<uint8_t>{1, 10, 11, 2, 20, 21}));
  b.g.tensors[static_cast<size_t>(c)].quant.zero_point = {4};
  EXPECT_THROW(prepare(b.g, b.g.ops[0]), Error);
  b.g.tensors[static_cast<size_t>(c)].quant.zero_point = {3};
  b.g.ops[0].options = ir::ConcatenationOptions{2};
  EXPECT_THROW(prepare(b.g, b.g.ops[0]), Error);  // axis out of range
}

TEST(PackUnpackSplit, Layouts) {
  {
    Builder b;  // pack two int32 [2] along axis 1 -> [2, 2]
    const int32_t p = b.tensor(DType::kInt32, {2}), q = b.tensor(DType::kInt32, {2});
    b.op(ir::OpType::PACK, "PACK", {p, q}, {b.tensor(DType::kInt32, {2, 2})}, ir::PackOptions{2, 1});
    EXPECT_EQ(run(b, {bytes_of<int32_t>({1, 2}), bytes_of<int32_t>({3, 4})})[0], bytes_of<int32_t>({1, 3, 2, 4}));
  }
  {
    Builder b;  // unpack [2, 3] along axis 1 -> 3 x [2]
    const int32_t x = b.tensor(DType::kInt8, {2, 3});
    std::vector<int32_t> outs = {b.tensor(DType::kInt8, {2}), b.tensor(DType::kInt8, {2}), b.tensor(DType::kInt8, {2})};
    b.op(ir::OpType::UNPACK, "UNPACK", {x}, outs, ir::UnpackOptions{3, -1});
    const auto r = run(b, {iota8(6)});
    EXPECT_EQ(r[0], (std::vector<uint8_t>{0, 3}));
    EXPECT_EQ(r[2], (std::vector<uint8_t>{2, 5}));
  }
  {
    Builder b;  // split [2, 4] in 2 along axis 1
    const int32_t axis = b.tensor(DType::kInt32, {}, bytes_of<int32_t>({1}));
    const int32_t x = b.tensor(DType::kInt8, {2, 4});
    b.op(ir::OpType::SPLIT, "SPLIT", {axis, x}, {b.tensor(DType::kInt8, {2, 2}), b.tensor(DType::kInt8, {2, 2})},
         ir::SplitOptions{2});
    const auto r = run(b, {iota8(8)});
    EXPECT_EQ(r[0], (std::vector<uint8_t>{0, 1, 4, 5}));
    EXPECT_EQ(r[1], (std::vector<uint8_t>{2, 3, 6, 7}));
    b.g.ops[0].options = ir::SplitOptions{3};
    EXPECT_THROW(prepare(b.g, b.g.ops[0]), Error);  // count does not match outputs
  }
}

TEST(Transpose, PermutesAndRejectsNonPermutations) {
  Builder b;
  const int32_t x = b.tensor(DType::kInt16, {2, 3});
  const int32_t perm = b.i32({1, 0});
  b.op(ir::OpType::TRANSPOSE, "TRANSPOSE", {x, perm}, {b.tensor(DType::kInt16, {3, 2})});
  EXPECT_EQ(run(b, {bytes_of<int16_t>({0, 1, 2, 3, 4, 5})})[0], bytes_of<int16_t>({0, 3, 1, 4, 2, 5}));
  b.g.tensors[static_cast<size_t>(perm)].data = bytes_of<int32_t>({0, 0});
  EXPECT_THROW(prepare(b.g, b.g.ops[0]), Error);
}

TEST(FillAndShape, Basics) {
  {
    Builder b;
    const int32_t dims = b.i32({2, 2});
    const int32_t value = b.tensor(DType::kFloat32, {}, bytes_of<float>({1.5f}));
    b.op(ir::OpType::FILL, "FILL", {dims, value}, {b.tensor(DType::kFloat32, {2, 2})});
    EXPECT_EQ(run(b, {})[0], bytes_of<float>({1.5f, 1.5f, 1.5f, 1.5f}));
    b.g.tensors[static_cast<size_t>(dims)].data = bytes_of<int32_t>({2, 3});
    EXPECT_THROW(prepare(b.g, b.g.ops[0]), Error);  // dims disagree with the output shape
  }
  {
    Builder b;
    const int32_t x = b.tensor(DType::kInt8, {1, 49, 10});
    b.op(ir::OpType::SHAPE, "SHAPE", {x}, {b.tensor(DType::kInt64, {3})});
    EXPECT_EQ(run(b, {iota8(490)})[0], bytes_of<int64_t>({1, 49, 10}));
  }
}

}  // namespace
}  // namespace mcuforge::ops
