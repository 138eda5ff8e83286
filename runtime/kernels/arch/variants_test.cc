// SPDX-License-Identifier: Apache-2.0
// Differential tests for every kernel variant listed in kernels.inc: each runs against its reference
// kernel on random shapes (odd channel counts and tails, strides, dilation, padding larger than the
// filter, output sizes the padding does not explain, groups, depth multipliers), extreme zero points,
// multipliers and shifts, wrapping biases, and must give identical bytes. Conv and depthwise variants
// are also run in place, with the output starting the planner's computed distance below the input,
// which checks the access order the planner relies on. On the host the variants use the portable
// stand-ins of mf_dsp.h; on a DSP core the same tests run the intrinsics.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "mcuforge/mf_batch_matmul.h"
#include "mcuforge/mf_conv2d.h"
#include "mcuforge/mf_depthwise_conv2d.h"
#include "mcuforge/mf_fully_connected.h"
#include "mcuforge/mf_reduce.h"
#include "mcuforge/mf_transpose_conv.h"
#include "mcuforge/mf_resize.h"
#include "mf_dsp.h"
#include "mf_fixedpoint.h"
#include "ops/window_overlap.h"

namespace {

using ConvFn = mf_status (*)(const mf_conv2d_params*, const mf_dims4*, const int8_t*, const mf_dims4*,
                             const int8_t*, const int32_t*, const mf_dims4*, int8_t*);
using ConvScratchFn = mf_status (*)(const mf_conv2d_params*, const mf_dims4*, const int8_t*, const mf_dims4*,
                                    const int8_t*, const int32_t*, const mf_dims4*, int8_t*, void*);
using ConvScratchSizeFn = int32_t (*)(const mf_dims4*);
using DepthwiseFn = mf_status (*)(const mf_depthwise_conv2d_params*, const mf_dims4*, const int8_t*,
                                  const mf_dims4*, const int8_t*, const int32_t*, const mf_dims4*, int8_t*);
using ReduceSumFn = mf_status (*)(const mf_reduce_sum_q_params*, const int8_t*, int8_t*, int32_t*);
using FcFn = mf_status (*)(const mf_fully_connected_params*, const mf_fc_dims*, const int8_t*, const int8_t*,
                           const int32_t*, int8_t*);
using TConvFn = mf_status (*)(const mf_transpose_conv_params*, const mf_dims4*, const int8_t*, const mf_dims4*,
                              const int8_t*, const int32_t*, const mf_dims4*, int8_t*);
using ResizeBilinearFn = mf_status (*)(const mf_resize_bilinear_q_params*, const int8_t*, int8_t*);
using BatchMatMulFn = mf_status (*)(const mf_batch_matmul_params*, const int8_t*, const int8_t*, int8_t*, void*);

constexpr int kCases = 600;

struct Rng {
  std::mt19937 g;
  explicit Rng(uint32_t seed) : g(seed) {}
  int32_t range(int32_t lo, int32_t hi) { return std::uniform_int_distribution<int32_t>(lo, hi)(g); }
  bool chance(int percent) { return range(0, 99) < percent; }
  std::vector<int8_t> bytes(size_t n) {
    std::vector<int8_t> v(n);
    for (auto& x : v) x = static_cast<int8_t>(range(-128, 127));
    return v;
  }
};

int32_t count(const mf_dims4& d) { return d.n * d.h * d.w * d.c; }

// Quantization parameters from ordinary to extreme.
struct Quant {
  int32_t input_offset, output_offset;
  mf_act_range act;
  std::vector<mf_requant> requant;
  std::vector<int32_t> bias;
};

Quant random_quant(Rng& r, int32_t channels) {
  Quant q;
  const int32_t in_choices[] = {-127, 128, 0, r.range(-127, 128)};
  const int32_t out_choices[] = {-128, 127, 0, r.range(-128, 127)};
  q.input_offset = in_choices[r.range(0, 3)];
  q.output_offset = out_choices[r.range(0, 3)];
  q.act = {-128, 127};
  if (r.chance(40)) {
    q.act.min = r.range(-128, 127);
    q.act.max = r.range(q.act.min, 127);
  }
  if (r.chance(3)) {  // outside what prepare produces: the variants must still agree
    q.act = {r.range(-100000, 0), r.range(1, 100000)};
    if (r.chance(50)) q.output_offset = r.range(INT32_MIN / 2, INT32_MAX / 2);
  }
  for (int32_t c = 0; c < channels; ++c) {
    mf_requant rq;
    const int kind = r.range(0, 9);
    rq.multiplier = kind == 0 ? 0 : kind == 1 ? INT32_MAX : kind == 2 ? (1 << 30) : r.range(1 << 30, INT32_MAX);
    rq.shift = r.chance(15) ? r.range(-31, 30) : r.range(-12, 2);
    q.requant.push_back(rq);
  }
  const bool wrap = r.chance(15);
  for (int32_t c = 0; c < channels; ++c) {
    q.bias.push_back(wrap ? r.range(INT32_MIN, INT32_MAX) : r.range(-40000, 40000));
  }
  return q;
}

// Output size along one axis for a window: mostly what the padding gives, sometimes arbitrary.
int32_t out_size(Rng& r, int32_t in, int32_t f, int32_t stride, int32_t dil, int32_t pad) {
  const int32_t n = (in + 2 * pad - dil * (f - 1) - 1) / stride + 1;
  return n >= 1 && !r.chance(10) ? n : r.range(1, 6);
}

// A conv or depthwise geometry.
struct Window {
  mf_dims4 in{}, f{}, out{};
  int32_t stride_h = 1, stride_w = 1, dil_h = 1, dil_w = 1, pad_h = 0, pad_w = 0;
};

Window random_window(Rng& r, bool depthwise, int32_t* dm) {
  Window w;
  w.in = {r.range(1, 2), r.range(1, 9), r.range(1, 9), r.range(1, 21)};
  w.f.h = r.chance(30) ? 1 : r.range(1, 5);
  w.f.w = r.chance(30) ? 1 : r.range(1, 5);
  w.stride_h = r.chance(60) ? 1 : r.range(1, 3);
  w.stride_w = r.chance(60) ? 1 : r.range(1, 3);
  w.dil_h = r.chance(80) ? 1 : r.range(1, 3);
  w.dil_w = r.chance(80) ? 1 : r.range(1, 3);
  w.pad_h = r.chance(40) ? 0 : r.range(0, w.f.h + 1);
  w.pad_w = r.chance(40) ? 0 : r.range(0, w.f.w + 1);
  if (depthwise) {
    *dm = r.chance(75) ? 1 : r.range(1, 3);
    w.f.n = 1;
    w.f.c = w.in.c * *dm;
  } else {
    const int32_t groups = r.chance(15) ? r.range(1, 3) : 1;
    w.in.c = std::max(groups, w.in.c - w.in.c % groups);
    w.f.c = w.in.c / groups;
    w.f.n = groups * r.range(1, 19 / groups + 1);
  }
  w.out = {w.in.n, out_size(r, w.in.h, w.f.h, w.stride_h, w.dil_h, w.pad_h),
           out_size(r, w.in.w, w.f.w, w.stride_w, w.dil_w, w.pad_w), depthwise ? w.f.c : w.f.n};
  return w;
}

// Runs `kernel(input, output)` with the output placed `distance` bytes below the input in one
// buffer (the planner's in-place layout) and returns the output bytes.
template <typename Kernel>
std::vector<int8_t> run_in_place(const std::vector<int8_t>& x, int32_t out_count, int64_t distance, Kernel kernel) {
  const int64_t in_at = std::max<int64_t>(distance, 0);
  const int64_t size = std::max<int64_t>(in_at + static_cast<int64_t>(x.size()), in_at - distance + out_count);
  std::vector<int8_t> buf(static_cast<size_t>(size), 0x55);
  std::copy(x.begin(), x.end(), buf.begin() + in_at);
  kernel(buf.data() + in_at, buf.data() + (in_at - distance));
  return std::vector<int8_t>(buf.begin() + (in_at - distance), buf.begin() + (in_at - distance) + out_count);
}

void differential(const char* name, ConvFn ref, ConvScratchFn variant, ConvScratchSizeFn scratch_size) {
  Rng r(0xC0FFEE);
  for (int t = 0; t < kCases; ++t) {
    int32_t unused = 1;
    const Window w = random_window(r, false, &unused);
    Quant q = random_quant(r, w.out.c);
    mf_conv2d_params p{};
    p.stride_h = w.stride_h;
    p.stride_w = w.stride_w;
    p.dilation_h = w.dil_h;
    p.dilation_w = w.dil_w;
    p.pad_h = w.pad_h;
    p.pad_w = w.pad_w;
    p.input_offset = q.input_offset;
    p.output_offset = q.output_offset;
    p.requant = q.requant.data();
    p.act = q.act;
    const std::vector<int8_t> x = r.bytes(static_cast<size_t>(count(w.in)));
    const std::vector<int8_t> f = r.bytes(static_cast<size_t>(count(w.f)));
    const int32_t* bias = r.chance(80) ? q.bias.data() : nullptr;
    const int32_t n_out = count(w.out);
    std::vector<int8_t> want(static_cast<size_t>(n_out)), got(static_cast<size_t>(n_out), 0x55);
    ASSERT_EQ(ref(&p, &w.in, x.data(), &w.f, f.data(), bias, &w.out, want.data()), MF_STATUS_OK);

    // Scratch of exactly the declared size (4-byte aligned), followed by canaries.
    const int32_t bytes = scratch_size(&w.f);
    std::vector<uint32_t> scratch(static_cast<size_t>(bytes + 3) / 4 + 4, 0xA5A5A5A5u);
    const std::string where = std::string(name) + " case " + std::to_string(t) + " in " +
                              std::to_string(w.in.h) + "x" + std::to_string(w.in.w) + "x" +
                              std::to_string(w.in.c) + " filter " + std::to_string(w.f.n) + "x" +
                              std::to_string(w.f.h) + "x" + std::to_string(w.f.w) + "x" + std::to_string(w.f.c);
    ASSERT_EQ(variant(&p, &w.in, x.data(), &w.f, f.data(), bias, &w.out, got.data(), scratch.data()), MF_STATUS_OK)
        << where;
    ASSERT_EQ(got, want) << where;
    const auto* tail = reinterpret_cast<const uint8_t*>(scratch.data()) + bytes;
    for (size_t i = 0; i < 16; ++i) ASSERT_EQ(tail[i], 0xA5) << where << ": scratch overrun";
    ASSERT_EQ(variant(&p, &w.in, x.data(), &w.f, f.data(), bias, &w.out, got.data(), nullptr), MF_STATUS_OK);
    ASSERT_EQ(got, want) << where << " (no scratch)";

    mcuforge::ops::WindowAccess a;
    a.in = w.in;
    a.out = w.out;
    a.filter_h = w.f.h;
    a.filter_w = w.f.w;
    a.stride_h = w.stride_h;
    a.stride_w = w.stride_w;
    a.dilation_h = w.dil_h;
    a.dilation_w = w.dil_w;
    a.pad_h = w.pad_h;
    a.pad_w = w.pad_w;
    a.group_in_channels = w.f.c;
    a.group_out_channels = w.out.c / (w.in.c / w.f.c);
    const int64_t d = mcuforge::ops::window_overlap_distance(a);
    const auto in_place = run_in_place(x, n_out, d, [&](const int8_t* in, int8_t* out) {
      ASSERT_EQ(variant(&p, &w.in, in, &w.f, f.data(), bias, &w.out, out, scratch.data()), MF_STATUS_OK);
    });
    ASSERT_EQ(in_place, want) << where << " in place at distance " << d;
  }
  // Preconditions are the reference's.
  mf_conv2d_params p{};
  const mf_dims4 d{1, 1, 1, 1};
  int8_t v = 0;
  EXPECT_EQ(variant(&p, &d, &v, &d, &v, nullptr, &d, &v, nullptr), MF_STATUS_BAD_PARAM);
}

void differential(const char* name, DepthwiseFn ref, DepthwiseFn variant) {
  Rng r(0xD3EB);
  for (int t = 0; t < kCases; ++t) {
    int32_t dm = 1;
    const Window w = random_window(r, true, &dm);
    Quant q = random_quant(r, w.out.c);
    mf_depthwise_conv2d_params p{};
    p.stride_h = w.stride_h;
    p.stride_w = w.stride_w;
    p.dilation_h = w.dil_h;
    p.dilation_w = w.dil_w;
    p.pad_h = w.pad_h;
    p.pad_w = w.pad_w;
    p.depth_multiplier = dm;
    p.input_offset = q.input_offset;
    p.output_offset = q.output_offset;
    p.requant = q.requant.data();
    p.act = q.act;
    const std::vector<int8_t> x = r.bytes(static_cast<size_t>(count(w.in)));
    const std::vector<int8_t> f = r.bytes(static_cast<size_t>(count(w.f)));
    const int32_t* bias = r.chance(80) ? q.bias.data() : nullptr;
    const int32_t n_out = count(w.out);
    std::vector<int8_t> want(static_cast<size_t>(n_out)), got(static_cast<size_t>(n_out), 0x55);
    ASSERT_EQ(ref(&p, &w.in, x.data(), &w.f, f.data(), bias, &w.out, want.data()), MF_STATUS_OK);
    const std::string where = std::string(name) + " case " + std::to_string(t) + " in " +
                              std::to_string(w.in.h) + "x" + std::to_string(w.in.w) + "x" +
                              std::to_string(w.in.c) + " filter " + std::to_string(w.f.h) + "x" +
                              std::to_string(w.f.w) + " dm " + std::to_string(dm);
    ASSERT_EQ(variant(&p, &w.in, x.data(), &w.f, f.data(), bias, &w.out, got.data()), MF_STATUS_OK) << where;
    ASSERT_EQ(got, want) << where;

    mcuforge::ops::WindowAccess a;
    a.in = w.in;
    a.out = w.out;
    a.filter_h = w.f.h;
    a.filter_w = w.f.w;
    a.stride_h = w.stride_h;
    a.stride_w = w.stride_w;
    a.dilation_h = w.dil_h;
    a.dilation_w = w.dil_w;
    a.pad_h = w.pad_h;
    a.pad_w = w.pad_w;
    a.depthwise = true;
    a.depth_multiplier = dm;
    const int64_t d = mcuforge::ops::window_overlap_distance(a);
    const auto in_place = run_in_place(x, n_out, d, [&](const int8_t* in, int8_t* out) {
      ASSERT_EQ(variant(&p, &w.in, in, &w.f, f.data(), bias, &w.out, out), MF_STATUS_OK);
    });
    ASSERT_EQ(in_place, want) << where << " in place at distance " << d;
  }
  mf_depthwise_conv2d_params p{};
  const mf_dims4 d{1, 1, 1, 1};
  int8_t v = 0;
  EXPECT_EQ(variant(&p, &d, &v, &d, &v, nullptr, &d, &v), MF_STATUS_BAD_PARAM);
}

void differential(const char* name, FcFn ref, FcFn variant) {
  Rng r(0xFC);
  for (int t = 0; t < kCases; ++t) {
    mf_fc_dims dims{r.range(1, 3), r.chance(20) ? r.range(1, 8) : r.range(1, 70), r.range(1, 13)};
    Quant q = random_quant(r, dims.output_depth);
    mf_fully_connected_params p{};
    p.input_offset = q.input_offset;
    p.filter_offset = r.chance(50) ? 0 : (r.chance(30) ? (r.chance(50) ? -127 : 128) : r.range(-127, 128));
    p.output_offset = q.output_offset;
    p.requant = q.requant.data();
    p.act = q.act;
    const std::vector<int8_t> x = r.bytes(static_cast<size_t>(dims.batches * dims.accum_depth));
    const std::vector<int8_t> f = r.bytes(static_cast<size_t>(dims.output_depth * dims.accum_depth));
    const int32_t* bias = r.chance(80) ? q.bias.data() : nullptr;
    const size_t n_out = static_cast<size_t>(dims.batches * dims.output_depth);
    std::vector<int8_t> want(n_out), got(n_out, 0x55);
    ASSERT_EQ(ref(&p, &dims, x.data(), f.data(), bias, want.data()), MF_STATUS_OK);
    ASSERT_EQ(variant(&p, &dims, x.data(), f.data(), bias, got.data()), MF_STATUS_OK);
    ASSERT_EQ(got, want) << name << " case " << t << " batches " << dims.batches << " depth " << dims.accum_depth
                         << " units " << dims.output_depth << " filter_offset " << p.filter_offset;
  }
  mf_fully_connected_params p{};
  const mf_fc_dims bad{0, 1, 1};
  int8_t v = 0;
  EXPECT_EQ(variant(&p, &bad, &v, &v, nullptr, &v), MF_STATUS_BAD_PARAM);
}

// Runs of a random reduction: a global-average-pooling block [rows, channels] (rows past the 256 a
// 16-bit lane holds), one long reduced run, or any alternation of reduced and kept runs.
mf_reduce_shape random_reduce_shape(Rng& r) {
  mf_reduce_shape s{};
  s.outer = r.chance(30) ? r.range(2, 3) : 1;
  const int form = r.range(0, 2);
  s.runs = form == 0 ? 2 : form == 1 ? 1 : r.range(0, 5);
  for (int32_t& d : s.dims) d = 1;
  for (int32_t k = 0; k < s.runs; ++k) s.dims[k] = r.range(2, 6);
  if (form == 0) {
    s.dims[0] = r.chance(30) ? r.range(257, 700) : r.range(2, 80);
    s.dims[1] = r.range(2, 37);
  } else if (form == 1) {
    s.dims[0] = r.chance(30) ? r.range(1025, 3000) : r.range(2, 70);
  }
  s.block_in = s.block_out = s.count = 1;
  for (int32_t k = 0; k < s.runs; ++k) {
    s.block_in *= s.dims[k];
    (k % 2 == 0 ? s.count : s.block_out) *= s.dims[k];
  }
  return s;
}

void differential(const char* name, ReduceSumFn ref, ReduceSumFn variant) {
  Rng r(0x5EDC);
  for (int t = 0; t < kCases; ++t) {
    mf_reduce_sum_q_params p{};
    p.shape = random_reduce_shape(r);
    const bool saturate = r.chance(20);  // all -128 or all 127: lane sums at their limits
    std::vector<int8_t> x = r.bytes(static_cast<size_t>(p.shape.outer * p.shape.block_in));
    if (saturate) std::fill(x.begin(), x.end(), static_cast<int8_t>(r.chance(50) ? -128 : 127));
    Quant q = random_quant(r, 1);
    p.input_zero_point = r.range(-128, 127);
    p.output_zero_point = r.range(-128, 127);
    p.requant = q.requant[0];
    const size_t n_out = static_cast<size_t>(p.shape.outer * p.shape.block_out);
    std::vector<int32_t> scratch(static_cast<size_t>(p.shape.block_out) + 1);
    std::vector<int8_t> want(n_out), got(n_out, 0x55);
    ASSERT_EQ(ref(&p, x.data(), want.data(), scratch.data()), MF_STATUS_OK);
    ASSERT_EQ(variant(&p, x.data(), got.data(), scratch.data()), MF_STATUS_OK);
    ASSERT_EQ(got, want) << name << " case " << t << " runs " << p.shape.runs << " dims " << p.shape.dims[0] << "x"
                         << p.shape.dims[1];
    std::vector<int8_t> shared = x;  // in place, as the memory plan allows
    ASSERT_EQ(variant(&p, shared.data(), shared.data(), scratch.data()), MF_STATUS_OK);
    shared.resize(n_out);
    ASSERT_EQ(shared, want) << name << " in place, case " << t;
  }
  mf_reduce_sum_q_params p{};
  int8_t v = 0;
  EXPECT_EQ(variant(&p, &v, &v, nullptr), MF_STATUS_BAD_PARAM);
}

// tconv family: TRANSPOSE_CONV variants on random geometry (channel counts with and without a multiple
// of 4, odd output channel counts, strides, pads up to and beyond the filter, any output size).
void differential(const char* name, TConvFn ref, TConvFn variant) {
  Rng r(0x7C0);
  for (int t = 0; t < kCases; ++t) {
    mf_dims4 in{r.range(1, 2), r.range(1, 6), r.range(1, 6), r.chance(20) ? r.range(1, 3) : r.range(1, 21)};
    mf_dims4 f{r.range(1, 9), r.range(1, 5), r.range(1, 5), in.c};
    mf_transpose_conv_params p{};
    p.stride_h = r.range(1, 3);
    p.stride_w = r.range(1, 3);
    p.pad_h = r.chance(40) ? 0 : r.range(0, f.h + 1);
    p.pad_w = r.chance(40) ? 0 : r.range(0, f.w + 1);
    mf_dims4 out{in.n, r.range(1, in.h * p.stride_h + f.h), r.range(1, in.w * p.stride_w + f.w), f.n};
    Quant q = random_quant(r, f.n);
    p.input_offset = q.input_offset;
    p.output_offset = q.output_offset;
    p.requant = q.requant.data();
    p.act = q.act;
    const std::vector<int8_t> x = r.bytes(static_cast<size_t>(count(in)));
    const std::vector<int8_t> w = r.bytes(static_cast<size_t>(count(f)));
    const int32_t* bias = r.chance(80) ? q.bias.data() : nullptr;
    std::vector<int8_t> want(static_cast<size_t>(count(out))), got(want.size(), 0x55);
    ASSERT_EQ(ref(&p, &in, x.data(), &f, w.data(), bias, &out, want.data()), MF_STATUS_OK);
    ASSERT_EQ(variant(&p, &in, x.data(), &f, w.data(), bias, &out, got.data()), MF_STATUS_OK);
    ASSERT_EQ(got, want) << name << " case " << t << " in " << in.h << "x" << in.w << "x" << in.c << " filter "
                         << f.n << "x" << f.h << "x" << f.w << " stride " << p.stride_h << "," << p.stride_w
                         << " pad " << p.pad_h << "," << p.pad_w << " out " << out.h << "x" << out.w;
  }
  mf_transpose_conv_params p{};
  const mf_dims4 d{1, 1, 1, 1};
  int8_t v = 0;
  EXPECT_EQ(variant(&p, &d, &v, &d, &v, nullptr, &d, &v), MF_STATUS_BAD_PARAM);
}

// Resize family: BATCH_MATMUL with random broadcast batches, adj flags (scratch transposes), depths with
// and without a tail of 4, extreme offsets and requantization.
void differential(const char* name, BatchMatMulFn ref, BatchMatMulFn variant) {
  Rng r(0xB3A7);
  for (int t = 0; t < kCases; ++t) {
    mf_batch_matmul_params p{};
    int64_t lhs_n = 1, rhs_n = 1;
    for (int k = MF_BATCH_MATMUL_BATCH_DIMS - 1; k >= 0; --k) {
      p.batch[k] = r.chance(40) ? r.range(1, 3) : 1;
      const bool lhs_broadcast = p.batch[k] > 1 && r.chance(30);
      const bool rhs_broadcast = p.batch[k] > 1 && !lhs_broadcast && r.chance(30);
      p.lhs_stride[k] = lhs_broadcast ? 0 : 1;  // multiplied by the inner sizes below
      p.rhs_stride[k] = rhs_broadcast ? 0 : 1;
    }
    p.rows = r.range(1, 9);
    p.cols = r.range(1, 9);
    p.depth = r.chance(20) ? r.range(60, 300) : r.range(1, 23);
    p.adj_x = r.chance(50);
    p.adj_y = r.chance(50);
    int64_t l_inner = int64_t{p.rows} * p.depth, r_inner = int64_t{p.cols} * p.depth;
    for (int k = MF_BATCH_MATMUL_BATCH_DIMS - 1; k >= 0; --k) {
      p.lhs_stride[k] = p.lhs_stride[k] ? static_cast<int32_t>(l_inner) : 0;
      p.rhs_stride[k] = p.rhs_stride[k] ? static_cast<int32_t>(r_inner) : 0;
      if (p.lhs_stride[k]) l_inner *= p.batch[k];
      if (p.rhs_stride[k]) r_inner *= p.batch[k];
    }
    lhs_n = l_inner;
    rhs_n = r_inner;
    Quant q = random_quant(r, 1);
    const int32_t offsets[] = {-127, 128, 0, r.range(-127, 128)};
    p.lhs_offset = offsets[r.range(0, 3)];
    p.rhs_offset = offsets[r.range(0, 3)];
    p.output_offset = q.output_offset;
    p.requant = q.requant[0];
    p.act = {std::max(q.act.min, -128), std::min(q.act.max, 127)};  // the kernels take int8 ranges only
    if (p.act.min > p.act.max) p.act = {-128, 127};
    const std::vector<int8_t> lhs = r.bytes(static_cast<size_t>(lhs_n)), rhs = r.bytes(static_cast<size_t>(rhs_n));
    const size_t n_out = static_cast<size_t>(p.batch[0] * p.batch[1] * p.batch[2] * p.rows * p.cols);
    std::vector<uint32_t> scratch(mf_batch_matmul_scratch_size(&p, 1) / 4 + 1);
    std::vector<int8_t> want(n_out), got(n_out, 0x55);
    ASSERT_EQ(ref(&p, lhs.data(), rhs.data(), want.data(), scratch.data()), MF_STATUS_OK);
    ASSERT_EQ(variant(&p, lhs.data(), rhs.data(), got.data(), scratch.data()), MF_STATUS_OK);
    ASSERT_EQ(got, want) << name << " case " << t << " rows " << p.rows << " depth " << p.depth << " cols " << p.cols;
  }
  mf_batch_matmul_params p{};
  int8_t v = 0;
  EXPECT_EQ(variant(&p, &v, &v, &v, nullptr), MF_STATUS_BAD_PARAM);
}

// Resize family: int8 RESIZE_BILINEAR with random tables over the kernels' whole contract (frac in
// [-1024, 1024], lo <= hi), channel counts with and without a tail of 4, saturated inputs.
void differential(const char* name, ResizeBilinearFn ref, ResizeBilinearFn variant) {
  Rng r(0x5E512E);
  auto taps = [&](int32_t out, int32_t in) {
    std::vector<mf_resize_tap> t(static_cast<size_t>(out));
    for (auto& tap : t) {
      tap.lo = r.range(0, in - 1);
      tap.hi = r.range(tap.lo, in - 1);
      tap.frac = r.chance(10) ? (r.chance(50) ? -1024 : 1024) : r.range(-512, 1023);
    }
    return t;
  };
  for (int t = 0; t < kCases; ++t) {
    mf_resize_bilinear_q_params p{};
    p.dims = {r.range(1, 2), r.range(1, 7), r.range(1, 7), r.chance(30) ? r.range(16, 40) : r.range(1, 9),
              r.range(1, 9), r.range(1, 9)};
    const std::vector<mf_resize_tap> ys = taps(p.dims.out_h, p.dims.in_h), xs = taps(p.dims.out_w, p.dims.in_w);
    p.y_taps = ys.data();
    p.x_taps = xs.data();
    std::vector<int8_t> x = r.bytes(static_cast<size_t>(p.dims.batches * p.dims.in_h * p.dims.in_w * p.dims.depth));
    if (r.chance(15)) std::fill(x.begin(), x.end(), static_cast<int8_t>(r.chance(50) ? -128 : 127));
    const size_t n_out = static_cast<size_t>(p.dims.batches * p.dims.out_h * p.dims.out_w * p.dims.depth);
    std::vector<int8_t> want(n_out), got(n_out, 0x55);
    ASSERT_EQ(ref(&p, x.data(), want.data()), MF_STATUS_OK);
    ASSERT_EQ(variant(&p, x.data(), got.data()), MF_STATUS_OK);
    ASSERT_EQ(got, want) << name << " case " << t << " depth " << p.dims.depth;
  }
  mf_resize_bilinear_q_params p{};
  int8_t v = 0;
  EXPECT_EQ(variant(&p, &v, &v), MF_STATUS_BAD_PARAM);
}

// The variants' requantization against the reference's mf_mbqm, over edge and random operands.
TEST(KernelVariant, DspRequantizeEqualsReference) {
  Rng r(7);
  const int32_t xs[] = {0, 1, -1, 2, -2, INT32_MAX, INT32_MIN, INT32_MIN + 1, (1 << 30), -(1 << 30), 12345, -12345};
  const int32_t ms[] = {0, 1, (1 << 30), (1 << 30) + 1, INT32_MAX, INT32_MAX - 1, 1518500250};
  for (int32_t shift = -31; shift <= 30; ++shift) {
    for (int32_t x : xs)
      for (int32_t m : ms) ASSERT_EQ(mf_dsp_requantize(x, m, shift), mf_mbqm(x, m, shift)) << x << " " << m << " " << shift;
    for (int k = 0; k < 20000; ++k) {
      const int32_t x = r.chance(50) ? r.range(INT32_MIN, INT32_MAX) : r.range(-(1 << 20), 1 << 20);
      const int32_t m = r.chance(90) ? r.range(1 << 30, INT32_MAX) : r.range(0, INT32_MAX);
      ASSERT_EQ(mf_dsp_requantize(x, m, shift), mf_mbqm(x, m, shift)) << x << " " << m << " " << shift;
    }
  }
}

#define MF_KERNEL_VARIANT(kernel, variant, isa) \
  TEST(KernelVariant, variant) { differential(#variant, &kernel, &variant); }
#define MF_KERNEL_VARIANT_SCRATCH(kernel, variant, isa) \
  TEST(KernelVariant, variant) { differential(#variant, &kernel, &variant, &variant##_scratch_size); }
#include "../kernels.inc"
#undef MF_KERNEL_VARIANT
#undef MF_KERNEL_VARIANT_SCRATCH

}  // namespace
