// SPDX-License-Identifier: Apache-2.0
// Unit tests for the binary family's kernels (mf_binary.h, mf_compare.h): the cases they define where
// C / TFLite do not (int32 FLOOR_DIV / FLOOR_MOD by 0 and of INT32_MIN by -1), floor semantics on
// negative operands, SELECT_V2's three-way broadcast in place, and parameters they must reject.
// Bit-exactness with TFLM is the random oracle's job (tests/oracle/gen_binary.py).
#include <gtest/gtest.h>

#include <cstdint>

#include "mcuforge/mf_binary.h"
#include "mcuforge/mf_compare.h"

namespace {

mf_bcast flat(int32_t n) {
  mf_bcast b{};
  for (int d = 0; d < MF_BCAST_DIMS; ++d) b.dims[d] = 1;
  b.dims[MF_BCAST_DIMS - 1] = n;
  b.stride1[MF_BCAST_DIMS - 1] = 1;
  b.stride2[MF_BCAST_DIMS - 1] = 1;
  return b;
}

TEST(BinaryKernels, Int32FloorDivAndModFollowTheDivisorsSign) {
  const int32_t x[6] = {7, -7, 7, -7, INT32_MIN, 5};
  const int32_t y[6] = {2, 2, -2, -2, -1, 0};
  int32_t q[6], r[6];
  mf_binary_s32_params p{flat(6), MF_BINARY_FLOOR_DIV, {INT32_MIN, INT32_MAX}};
  ASSERT_EQ(mf_binary_s32(&p, x, y, q), MF_STATUS_OK);
  p.op = MF_BINARY_FLOOR_MOD;
  ASSERT_EQ(mf_binary_s32(&p, x, y, r), MF_STATUS_OK);
  const int32_t want_q[6] = {3, -4, -4, 3, INT32_MIN, 0};
  const int32_t want_r[6] = {1, 1, -1, -1, 0, 0};
  for (int i = 0; i < 6; ++i) {
    EXPECT_EQ(q[i], want_q[i]) << i;
    EXPECT_EQ(r[i], want_r[i]) << i;
  }
}

TEST(BinaryKernels, FloatFloorModAndSquaredDifference) {
  const float x[3] = {7.5f, -7.5f, 3.0f};
  const float y[3] = {2.0f, 2.0f, -1.0f};
  float out[3];
  mf_binary_f32_params p{flat(3), MF_BINARY_FLOOR_MOD, {-1e30f, 1e30f}};
  ASSERT_EQ(mf_binary_f32(&p, x, y, out), MF_STATUS_OK);
  EXPECT_FLOAT_EQ(out[0], 1.5f);
  EXPECT_FLOAT_EQ(out[1], 0.5f);
  EXPECT_FLOAT_EQ(out[2], 0.0f);
  p.op = MF_BINARY_SQUARED_DIFFERENCE;
  ASSERT_EQ(mf_binary_f32(&p, x, y, out), MF_STATUS_OK);
  EXPECT_FLOAT_EQ(out[1], 90.25f);
}

TEST(BinaryKernels, RejectBadParameters) {
  const int8_t a[2] = {1, 2};
  int8_t out[2];
  mf_binary_q_params q{};
  q.shape = flat(2);
  q.op = MF_BINARY_FLOOR_DIV;  // no quantized FLOOR_DIV
  q.act = {-128, 127};
  EXPECT_EQ(mf_binary_s8(&q, a, a, out), MF_STATUS_BAD_PARAM);
  q.op = MF_BINARY_SUB;
  q.out.shift = 3;  // SUB's output factor is below 1
  EXPECT_EQ(mf_binary_s8(&q, a, a, out), MF_STATUS_BAD_PARAM);
  mf_compare_params c{flat(2), static_cast<mf_compare_op>(9)};
  uint8_t b[2];
  EXPECT_EQ(mf_compare_bool(&c, b, b, b), MF_STATUS_BAD_PARAM);
}

TEST(BinaryKernels, SelectBroadcastsConditionAndWritesOverX) {
  // condition [2, 1], x [2, 3] (also the output), y [3].
  mf_select_params p{};
  for (int d = 0; d < MF_BCAST_DIMS; ++d) p.shape.dims[d] = 1;
  p.shape.dims[4] = 2;
  p.shape.dims[5] = 3;
  p.shape.stride1[4] = 3;
  p.shape.stride1[5] = 1;
  p.shape.stride2[5] = 1;
  p.cond_stride[4] = 1;
  p.elem_size = 2;
  const uint8_t cond[2] = {0, 1};
  int16_t x[6] = {1, 2, 3, 4, 5, 6};
  const int16_t y[3] = {-1, -2, -3};
  ASSERT_EQ(mf_select(&p, cond, x, y, x), MF_STATUS_OK);
  const int16_t want[6] = {-1, -2, -3, 4, 5, 6};
  for (int i = 0; i < 6; ++i) EXPECT_EQ(x[i], want[i]) << i;
}

}  // namespace
