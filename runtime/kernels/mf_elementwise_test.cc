// SPDX-License-Identifier: Apache-2.0
// Unit tests for the element-wise, activation and conversion kernels: broadcasting, the cases the
// kernels define where C / TFLite do not (int32 DIV by zero, float -> int CAST), and sanity of the
// gemmlowp fixed-point functions against their real-valued meaning. Bit-exactness with TFLM is
// covered by the per-layer golden tests.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <limits>

#include "mcuforge/mf_convert.h"
#include "mcuforge/mf_elementwise.h"
#include "mf_fixedpoint_exp.h"

namespace {

// [2, 3] op [3]: input 2 is reused for every row.
mf_bcast rows_by_vector() {
  mf_bcast b{};
  for (int d = 0; d < MF_BCAST_DIMS; ++d) b.dims[d] = 1;
  b.dims[4] = 2;
  b.dims[5] = 3;
  b.stride1[4] = 3;
  b.stride1[5] = 1;
  b.stride2[5] = 1;
  return b;
}

TEST(ElementwiseKernels, AddInt32BroadcastsAndWraps) {
  mf_arith_s32_params p{rows_by_vector(), {INT32_MIN, INT32_MAX}};
  const int32_t a[6] = {1, 2, 3, INT32_MAX, 5, 6};
  const int32_t b[3] = {10, 1, 30};
  int32_t out[6];
  ASSERT_EQ(mf_add_s32(&p, a, b, out), MF_STATUS_OK);
  EXPECT_EQ(out[0], 11);
  EXPECT_EQ(out[2], 33);
  EXPECT_EQ(out[3], INT32_MAX + int64_t{10} - (int64_t{1} << 32));  // wraps
  EXPECT_EQ(out[5], 36);
}

TEST(ElementwiseKernels, DivInt32DefinesUndefinedCases) {
  mf_bcast b{};
  for (int d = 0; d < MF_BCAST_DIMS; ++d) b.dims[d] = 1;
  b.dims[5] = 4;
  b.stride1[5] = b.stride2[5] = 1;
  mf_arith_s32_params p{b, {INT32_MIN, INT32_MAX}};
  const int32_t x[4] = {7, -7, INT32_MIN, 5};
  const int32_t y[4] = {2, 2, -1, 0};
  int32_t out[4];
  ASSERT_EQ(mf_div_s32(&p, x, y, out), MF_STATUS_OK);
  EXPECT_EQ(out[0], 3);
  EXPECT_EQ(out[1], -3);
  EXPECT_EQ(out[2], INT32_MIN);
  EXPECT_EQ(out[3], 0);
}

TEST(ElementwiseKernels, MaximumBroadcastScalar) {
  mf_bcast b{};
  for (int d = 0; d < MF_BCAST_DIMS; ++d) b.dims[d] = 1;
  b.dims[5] = 3;
  b.stride1[5] = 1;  // input 2 is a scalar: stride 0 everywhere
  const int8_t x[3] = {-5, 0, 9};
  const int8_t y[1] = {1};
  int8_t out[3];
  ASSERT_EQ(mf_maximum_s8(&b, x, y, out), MF_STATUS_OK);
  EXPECT_EQ(out[0], 1);
  EXPECT_EQ(out[1], 1);
  EXPECT_EQ(out[2], 9);
}

TEST(ElementwiseKernels, RejectsMalformedBroadcast) {
  mf_bcast b = rows_by_vector();
  b.dims[0] = -1;
  const int8_t x[1] = {0};
  int8_t out[1];
  EXPECT_EQ(mf_maximum_s8(&b, x, x, out), MF_STATUS_BAD_PARAM);
}

TEST(ConvertKernels, CastSaturatesFloatAndWrapsIntegers) {
  const float f[5] = {1.9f, -1.9f, 1e10f, -1e10f, std::numeric_limits<float>::quiet_NaN()};
  int8_t s8[5];
  ASSERT_EQ(mf_cast(MF_ELEM_FLOAT32, MF_ELEM_INT8, 5, f, s8), MF_STATUS_OK);
  EXPECT_EQ(s8[0], 1);
  EXPECT_EQ(s8[1], -1);
  EXPECT_EQ(s8[2], 127);
  EXPECT_EQ(s8[3], -128);
  EXPECT_EQ(s8[4], 0);
  const int32_t i[3] = {-1, 300, 0};
  uint32_t u[3];
  uint8_t b[3];
  ASSERT_EQ(mf_cast(MF_ELEM_INT32, MF_ELEM_UINT32, 3, i, u), MF_STATUS_OK);
  EXPECT_EQ(u[0], 0xFFFFFFFFu);
  ASSERT_EQ(mf_cast(MF_ELEM_INT32, MF_ELEM_UINT8, 3, i, b), MF_STATUS_OK);
  EXPECT_EQ(b[1], 44);
  ASSERT_EQ(mf_cast(MF_ELEM_INT32, MF_ELEM_BOOL, 3, i, b), MF_STATUS_OK);
  EXPECT_EQ(b[0], 1);
  EXPECT_EQ(b[2], 0);
}

TEST(ConvertKernels, QuantizeRoundsHalfAwayAndClamps) {
  const mf_quantize_params p{MF_ELEM_INT8, 0.5f, -3};
  const float x[4] = {0.25f, -0.25f, 1000.0f, -1000.0f};
  int8_t q[4];
  ASSERT_EQ(mf_quantize_f32(&p, 4, x, q), MF_STATUS_OK);
  EXPECT_EQ(q[0], -2);  // round(0.5) = 1
  EXPECT_EQ(q[1], -4);  // round(-0.5) = -1
  EXPECT_EQ(q[2], 127);
  EXPECT_EQ(q[3], -128);
}

TEST(ConvertKernels, RequantizeIdentity) {
  // multiplier 2^30 with shift 1 is exactly 1.0
  const mf_requantize_params p{MF_ELEM_INT16, MF_ELEM_INT8, 0, 5, {1 << 30, 1}};
  const int16_t x[3] = {-200, 7, 200};
  int8_t y[3];
  ASSERT_EQ(mf_requantize(&p, 3, x, y), MF_STATUS_OK);
  EXPECT_EQ(y[0], -128);
  EXPECT_EQ(y[1], 12);
  EXPECT_EQ(y[2], 127);
}

double f0(int32_t raw) { return raw / 2147483648.0; }

TEST(FixedPointExp, MatchesRealFunctions) {
  EXPECT_EQ(mf_fx_exp_on_negative_values(0, 5), INT32_MAX);
  for (double x : {-0.1, -1.0, -2.5, -7.0, -20.0}) {
    const int32_t a = static_cast<int32_t>(std::lround(x * (1 << 26)));  // F<5>
    EXPECT_NEAR(f0(mf_fx_exp_on_negative_values(a, 5)), std::exp(x), 1e-6) << x;
  }
  for (double x : {0.0, 0.3, 0.9}) {
    const int32_t a = static_cast<int32_t>(std::lround(x * 2147483648.0));
    EXPECT_NEAR(f0(mf_fx_one_over_one_plus_x(a)), 1.0 / (1.0 + x), 1e-6) << x;
  }
  EXPECT_EQ(mf_fx_logistic(0, 4), 1 << 30);
  EXPECT_EQ(mf_fx_tanh(0, 4), 0);
  for (double x : {-6.0, -1.0, 0.5, 3.0}) {
    const int32_t a = static_cast<int32_t>(std::lround(x * (1 << 27)));  // F<4>
    EXPECT_NEAR(f0(mf_fx_logistic(a, 4)), 1.0 / (1.0 + std::exp(-x)), 1e-6) << x;
    EXPECT_NEAR(f0(mf_fx_tanh(a, 4)), std::tanh(x), 1e-6) << x;
  }
}

}  // namespace
