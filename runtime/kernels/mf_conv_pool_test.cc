// SPDX-License-Identifier: Apache-2.0
// Unit tests for the convolution, fully-connected and pooling kernels: each is compared with a naive
// transcription of TFLM's reference loops (per-tap "inside the image" test, no hoisting) on random
// data over geometries the corpus models do not cover (dilation, groups, depth multiplier, odd
// padding, strides larger than the filter), plus precondition failures.
#include <gtest/gtest.h>

#include <cfloat>
#include <cstdint>
#include <random>
#include <vector>

#include "mcuforge/mf_conv2d.h"
#include "mcuforge/mf_depthwise_conv2d.h"
#include "mcuforge/mf_fully_connected.h"
#include "mcuforge/mf_pool2d.h"
#include "mf_fixedpoint.h"

namespace {

template <typename T>
std::vector<T> random_vec(size_t n, int lo, int hi, uint32_t seed) {
  std::mt19937 rng(seed);
  std::uniform_int_distribution<int> d(lo, hi);
  std::vector<T> v(n);
  for (auto& x : v) x = static_cast<T>(d(rng));
  return v;
}

int32_t count(const mf_dims4& d) { return d.n * d.h * d.w * d.c; }

int32_t requantize(int64_t acc, const mf_requant& r, bool wide) {
  return wide ? mf_mbqm64(acc, r.multiplier, r.shift) : mf_mbqm(static_cast<int32_t>(acc), r.multiplier, r.shift);
}

// Naive grouped conv as in TFLM's ConvPerChannel.
template <typename T, typename B>
std::vector<T> ref_conv(const mf_conv2d_params& p, const mf_dims4& in, const std::vector<T>& x,
                        const mf_dims4& f, const std::vector<int8_t>& w, const B* bias, const mf_dims4& out,
                        bool wide) {
  std::vector<T> y;
  const int groups = in.c / f.c, per_group = out.c / groups;
  for (int b = 0; b < out.n; ++b)
    for (int oy = 0; oy < out.h; ++oy)
      for (int ox = 0; ox < out.w; ++ox)
        for (int oc = 0; oc < out.c; ++oc) {
          int64_t acc = 0;
          for (int ky = 0; ky < f.h; ++ky)
            for (int kx = 0; kx < f.w; ++kx) {
              const int iy = oy * p.stride_h - p.pad_h + ky * p.dilation_h;
              const int ix = ox * p.stride_w - p.pad_w + kx * p.dilation_w;
              if (iy < 0 || iy >= in.h || ix < 0 || ix >= in.w) continue;
              for (int ic = 0; ic < f.c; ++ic) {
                const int xv = x[((b * in.h + iy) * in.w + ix) * in.c + ic + (oc / per_group) * f.c];
                acc += w[((oc * f.h + ky) * f.w + kx) * f.c + ic] * (xv + p.input_offset);
              }
            }
          if (bias) acc += bias[oc];
          const int32_t v = requantize(acc, p.requant[oc], wide) + p.output_offset;
          y.push_back(static_cast<T>(std::min(std::max(v, p.act.min), p.act.max)));
        }
  return y;
}

std::vector<mf_requant> some_requant(int n) {
  std::vector<mf_requant> r;
  for (int i = 0; i < n; ++i) r.push_back({1200000000 + 7919 * i, -9 - (i % 3)});
  return r;
}

TEST(Conv2DKernel, GroupedDilatedStridedInt8MatchesNaive) {
  const mf_dims4 in{2, 9, 7, 6}, f{4, 3, 2, 3}, out{2, 4, 4, 4};  // 2 groups of 3 channels
  auto rq = some_requant(out.c);
  mf_conv2d_params p{};
  p.stride_h = 2; p.stride_w = 2; p.dilation_h = 2; p.dilation_w = 3; p.pad_h = 1; p.pad_w = 2;
  p.input_offset = 5; p.output_offset = -3; p.requant = rq.data(); p.act = {-100, 120};
  auto x = random_vec<int8_t>(count(in), -128, 127, 1);
  auto w = random_vec<int8_t>(count(f), -127, 127, 2);
  auto bias = random_vec<int32_t>(out.c, -5000, 5000, 3);
  std::vector<int8_t> y(count(out));
  ASSERT_EQ(mf_conv2d_s8(&p, &in, x.data(), &f, w.data(), bias.data(), &out, y.data()), MF_STATUS_OK);
  EXPECT_EQ(y, ref_conv<int8_t>(p, in, x, f, w, bias.data(), out, false));
  // Without bias.
  ASSERT_EQ(mf_conv2d_s8(&p, &in, x.data(), &f, w.data(), nullptr, &out, y.data()), MF_STATUS_OK);
  EXPECT_EQ(y, ref_conv<int8_t>(p, in, x, f, w, static_cast<int32_t*>(nullptr), out, false));
}

TEST(Conv2DKernel, Int16WithInt32AndInt64BiasMatchesNaive) {
  const mf_dims4 in{1, 5, 6, 3}, f{5, 3, 3, 3}, out{1, 5, 6, 5};
  auto rq = some_requant(out.c);
  for (auto& r : rq) r.shift = -12;
  mf_conv2d_params p{};
  p.stride_h = p.stride_w = p.dilation_h = p.dilation_w = 1; p.pad_h = p.pad_w = 1;
  p.requant = rq.data(); p.act = {-32768, 32767};
  auto x = random_vec<int16_t>(count(in), -32768, 32767, 4);
  auto w = random_vec<int8_t>(count(f), -127, 127, 5);
  auto b32 = random_vec<int32_t>(out.c, -100000, 100000, 6);
  std::vector<int64_t> b64(b32.begin(), b32.end());
  std::vector<int16_t> y(count(out));
  ASSERT_EQ(mf_conv2d_s16(&p, &in, x.data(), &f, w.data(), MF_ACC32, b32.data(), nullptr, &out, y.data()), MF_STATUS_OK);
  EXPECT_EQ(y, ref_conv<int16_t>(p, in, x, f, w, b32.data(), out, false));
  ASSERT_EQ(mf_conv2d_s16(&p, &in, x.data(), &f, w.data(), MF_ACC64, nullptr, b64.data(), &out, y.data()), MF_STATUS_OK);
  EXPECT_EQ(y, ref_conv<int16_t>(p, in, x, f, w, b64.data(), out, true));
  // A bias-less 64-bit conv is the int64 path with a zero bias (TFLM's default for int16x8 without bias).
  std::vector<int64_t> zero64(b64.size(), 0);
  std::vector<int16_t> y0(count(out));
  ASSERT_EQ(mf_conv2d_s16(&p, &in, x.data(), &f, w.data(), MF_ACC64, nullptr, nullptr, &out, y0.data()), MF_STATUS_OK);
  EXPECT_EQ(y0, ref_conv<int16_t>(p, in, x, f, w, zero64.data(), out, true));
  EXPECT_EQ(mf_conv2d_s16(&p, &in, x.data(), &f, w.data(), MF_ACC32, nullptr, b64.data(), &out, y.data()),
            MF_STATUS_BAD_PARAM);
  EXPECT_EQ(mf_conv2d_s16(&p, &in, x.data(), &f, w.data(), MF_ACC64, b32.data(), nullptr, &out, y.data()),
            MF_STATUS_BAD_PARAM);
}

TEST(Conv2DKernel, RejectsBadParameters) {
  const mf_dims4 in{1, 4, 4, 4}, f{2, 1, 1, 3}, out{1, 4, 4, 2};  // 4 % 3 != 0
  auto rq = some_requant(2);
  mf_conv2d_params p{};
  p.stride_h = p.stride_w = p.dilation_h = p.dilation_w = 1; p.requant = rq.data(); p.act = {-128, 127};
  std::vector<int8_t> x(64), w(6), y(32);
  EXPECT_EQ(mf_conv2d_s8(&p, &in, x.data(), &f, w.data(), nullptr, &out, y.data()), MF_STATUS_BAD_PARAM);
  const mf_dims4 f2{2, 1, 1, 4};
  p.stride_h = 0;
  EXPECT_EQ(mf_conv2d_s8(&p, &in, x.data(), &f2, w.data(), nullptr, &out, y.data()), MF_STATUS_BAD_PARAM);
  p.stride_h = 1;
  rq[1].shift = 31;  // beyond what the 32-bit requantization can apply
  EXPECT_EQ(mf_conv2d_s8(&p, &in, x.data(), &f2, w.data(), nullptr, &out, y.data()), MF_STATUS_BAD_PARAM);
}

TEST(Conv2DKernel, HugePaddingStaysInBounds) {
  // Padding far outside the image: every tap is skipped, the output is the requantized bias.
  const mf_dims4 in{1, 2, 2, 1}, f{1, 2, 2, 1}, out{1, 3, 3, 1};
  auto rq = some_requant(1);
  mf_conv2d_params p{};
  p.stride_h = p.stride_w = 1000000; p.dilation_h = p.dilation_w = 1; p.pad_h = p.pad_w = -2000000000;
  p.requant = rq.data(); p.act = {-128, 127};
  std::vector<int8_t> x(4, 1), w(4, 1), y(9, 9);
  ASSERT_EQ(mf_conv2d_s8(&p, &in, x.data(), &f, w.data(), nullptr, &out, y.data()), MF_STATUS_OK);
  for (int8_t v : y) EXPECT_EQ(v, 0);
}

TEST(Conv2DKernel, FloatMatchesNaiveOrder) {
  const mf_dims4 in{1, 6, 5, 4}, f{3, 3, 3, 2}, out{1, 3, 3, 3};  // 2 groups cannot split 3 outputs
  mf_conv2d_params p{};
  p.stride_h = p.stride_w = 2; p.dilation_h = p.dilation_w = 1; p.pad_h = p.pad_w = 1;
  p.act_f32 = {-FLT_MAX, FLT_MAX};
  std::vector<float> x(count(in), 0.5f), w(count(f), 0.25f), y(count(out));
  EXPECT_EQ(mf_conv2d_f32(&p, &in, x.data(), &f, w.data(), nullptr, &out, y.data()), MF_STATUS_BAD_PARAM);
  const mf_dims4 f1{3, 3, 3, 4};
  std::vector<float> w1(count(f1));
  std::mt19937 rng(7);
  std::uniform_real_distribution<float> d(-1, 1);
  for (auto& v : x) v = d(rng);
  for (auto& v : w1) v = d(rng);
  const float bias[3] = {0.5f, -0.25f, 1.0f};
  p.act_f32 = {0.0f, 6.0f};
  ASSERT_EQ(mf_conv2d_f32(&p, &in, x.data(), &f1, w1.data(), bias, &out, y.data()), MF_STATUS_OK);
  size_t i = 0;
  for (int oy = 0; oy < 3; ++oy)
    for (int ox = 0; ox < 3; ++ox)
      for (int oc = 0; oc < 3; ++oc, ++i) {
        float total = 0.0f;
        for (int ky = 0; ky < 3; ++ky)
          for (int kx = 0; kx < 3; ++kx) {
            const int iy = oy * 2 - 1 + ky, ix = ox * 2 - 1 + kx;
            if (iy < 0 || iy >= 6 || ix < 0 || ix >= 5) continue;
            for (int ic = 0; ic < 4; ++ic) total += x[(iy * 5 + ix) * 4 + ic] * w1[((oc * 3 + ky) * 3 + kx) * 4 + ic];
          }
        EXPECT_EQ(y[i], std::min(std::max(total + bias[oc], 0.0f), 6.0f));
      }
}

TEST(DepthwiseConv2DKernel, DepthMultiplierDilationMatchesNaive) {
  const mf_dims4 in{1, 7, 8, 3}, f{1, 3, 3, 6}, out{1, 4, 4, 6};
  auto rq = some_requant(out.c);
  mf_depthwise_conv2d_params p{};
  p.stride_h = p.stride_w = 2; p.dilation_h = 2; p.dilation_w = 1; p.pad_h = 2; p.pad_w = 1;
  p.depth_multiplier = 2; p.input_offset = -7; p.output_offset = 11; p.requant = rq.data(); p.act = {-128, 127};
  auto x = random_vec<int8_t>(count(in), -128, 127, 8);
  auto w = random_vec<int8_t>(count(f), -127, 127, 9);
  auto bias = random_vec<int32_t>(out.c, -3000, 3000, 10);
  std::vector<int8_t> y(count(out));
  ASSERT_EQ(mf_depthwise_conv2d_s8(&p, &in, x.data(), &f, w.data(), bias.data(), &out, y.data()), MF_STATUS_OK);
  std::vector<int8_t> want;
  for (int oy = 0; oy < out.h; ++oy)
    for (int ox = 0; ox < out.w; ++ox)
      for (int oc = 0; oc < out.c; ++oc) {
        int32_t acc = 0;
        for (int ky = 0; ky < f.h; ++ky)
          for (int kx = 0; kx < f.w; ++kx) {
            const int iy = oy * 2 - 2 + ky * 2, ix = ox * 2 - 1 + kx;
            if (iy < 0 || iy >= in.h || ix < 0 || ix >= in.w) continue;
            acc += w[(ky * f.w + kx) * out.c + oc] * (x[(iy * in.w + ix) * in.c + oc / 2] - 7);
          }
        acc += bias[oc];
        const int32_t v = mf_mbqm(acc, rq[oc].multiplier, rq[oc].shift) + 11;
        want.push_back(static_cast<int8_t>(std::min(std::max(v, -128), 127)));
      }
  EXPECT_EQ(y, want);
  p.depth_multiplier = 3;  // inconsistent with the channel counts
  EXPECT_EQ(mf_depthwise_conv2d_s8(&p, &in, x.data(), &f, w.data(), bias.data(), &out, y.data()),
            MF_STATUS_BAD_PARAM);
}

TEST(FullyConnectedKernel, PerTensorFilterOffsetAndInt16Paths) {
  const mf_fc_dims d{3, 10, 4};
  auto rq = some_requant(d.output_depth);
  mf_fully_connected_params p{};
  p.input_offset = 3; p.filter_offset = -2; p.output_offset = 1; p.requant = rq.data(); p.act = {-128, 127};
  auto x = random_vec<int8_t>(30, -128, 127, 11);
  auto w = random_vec<int8_t>(40, -127, 127, 12);
  auto bias = random_vec<int32_t>(4, -1000, 1000, 13);
  std::vector<int8_t> y(12);
  ASSERT_EQ(mf_fully_connected_s8(&p, &d, x.data(), w.data(), bias.data(), y.data()), MF_STATUS_OK);
  for (int b = 0; b < 3; ++b)
    for (int o = 0; o < 4; ++o) {
      int32_t acc = bias[o];
      for (int k = 0; k < 10; ++k) acc += (w[o * 10 + k] - 2) * (x[b * 10 + k] + 3);
      const int32_t v = mf_mbqm(acc, rq[o].multiplier, rq[o].shift) + 1;
      EXPECT_EQ(y[b * 4 + o], std::min(std::max(v, -128), 127));
    }
  auto x16 = random_vec<int16_t>(30, -32768, 32767, 14);
  std::vector<int64_t> b64(bias.begin(), bias.end());
  std::vector<int16_t> y16(12);
  p.input_offset = p.output_offset = 0; p.act = {-32768, 32767};
  for (auto& r : rq) r.shift = -10;
  ASSERT_EQ(mf_fully_connected_s16(&p, &d, x16.data(), w.data(), MF_ACC64, nullptr, b64.data(), y16.data()), MF_STATUS_OK);
  for (int b = 0; b < 3; ++b)
    for (int o = 0; o < 4; ++o) {
      int64_t acc = b64[o];
      for (int k = 0; k < 10; ++k) acc += (w[o * 10 + k] - 2) * x16[b * 10 + k];
      const int32_t v = mf_mbqm64(acc, rq[o].multiplier, rq[o].shift);
      EXPECT_EQ(y16[b * 4 + o], std::min(std::max(v, -32768), 32767));
    }
}

TEST(PoolKernels, AverageRoundsHalfAwayFromZeroOverClippedWindow) {
  // 1x3x3x1 input, 2x2 window, stride 2, SAME padding 0 before: windows of 4, 2, 2 and 1 elements.
  const mf_dims4 in{1, 3, 3, 1}, out{1, 2, 2, 1};
  mf_pool2d_params p{};
  p.stride_h = p.stride_w = 2; p.filter_h = p.filter_w = 2; p.act = {-128, 127};
  const int8_t x[9] = {-1, -2, 5, -3, -1, 6, -7, 8, -9};
  int8_t y[4];
  ASSERT_EQ(mf_avg_pool2d_s8(&p, &in, x, &out, y), MF_STATUS_OK);
  EXPECT_EQ(y[0], -2);  // -7/4 = -1.75
  EXPECT_EQ(y[1], 6);   // 11/2 = 5.5 -> 6
  EXPECT_EQ(y[2], 1);   // (-7 + 8) / 2 = 0.5 -> 1
  EXPECT_EQ(y[3], -9);
  ASSERT_EQ(mf_max_pool2d_s8(&p, &in, x, &out, y), MF_STATUS_OK);
  EXPECT_EQ(y[0], -1);
  EXPECT_EQ(y[1], 6);
  EXPECT_EQ(y[2], 8);
  EXPECT_EQ(y[3], -9);
  p.act = {0, 5};
  ASSERT_EQ(mf_max_pool2d_s8(&p, &in, x, &out, y), MF_STATUS_OK);
  EXPECT_EQ(y[0], 0);
  EXPECT_EQ(y[1], 5);
  p.filter_h = 0;
  EXPECT_EQ(mf_avg_pool2d_s8(&p, &in, x, &out, y), MF_STATUS_BAD_PARAM);
}

}  // namespace
