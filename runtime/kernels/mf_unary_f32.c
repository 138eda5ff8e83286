/* SPDX-License-Identifier: Apache-2.0 */
/* mf_unary_f32: see mcuforge/mf_unary.h. Only functions IEEE 754 defines exactly come from <math.h>
 * (fabsf, sqrtf, floorf, ceilf), so the results are the same bits on every target. */
#include <math.h>

#include "mcuforge/mf_unary.h"

/* TFLM's RoundToNearest: floor, then up when the fraction is above one half or exactly one half
 * with an odd floor (half to even). A fraction of exactly 0.5 means |x| < 2^23, so the int cast is
 * in range. NaN and infinities come out as they went in. */
static float round_half_even(float x) {
  const float lower = floorf(x);
  const float diff = x - lower;
  if (diff < 0.5f || (diff == 0.5f && ((int32_t)lower % 2) == 0)) return lower;
  return lower + 1.0f;
}

/* sqrtf, with one NaN for negative inputs on every target (x86 and Arm hardware disagree on the
 * sign of the NaN they produce). */
static float sqrt_canonical(float x) { return x < 0.0f ? NAN : sqrtf(x); }

mf_status mf_unary_f32(mf_unary_op op, int32_t count, const float* input, float* output) {
  int32_t i;
  MF_REQUIRE(count >= 0 && (count == 0 || (input != NULL && output != NULL)));
  switch (op) {
    case MF_UNARY_NEG:
      for (i = 0; i < count; ++i) output[i] = -input[i];
      break;
    case MF_UNARY_ABS:
      for (i = 0; i < count; ++i) output[i] = fabsf(input[i]);
      break;
    case MF_UNARY_SQUARE:
      for (i = 0; i < count; ++i) output[i] = input[i] * input[i];
      break;
    case MF_UNARY_SQRT:
      for (i = 0; i < count; ++i) output[i] = sqrt_canonical(input[i]);
      break;
    case MF_UNARY_RSQRT:
      for (i = 0; i < count; ++i) output[i] = 1.0f / sqrt_canonical(input[i]);
      break;
    case MF_UNARY_CEIL:
      for (i = 0; i < count; ++i) output[i] = ceilf(input[i]);
      break;
    case MF_UNARY_FLOOR:
      for (i = 0; i < count; ++i) output[i] = floorf(input[i]);
      break;
    case MF_UNARY_ROUND:
      for (i = 0; i < count; ++i) output[i] = round_half_even(input[i]);
      break;
    default:
      return MF_STATUS_BAD_PARAM;
  }
  return MF_STATUS_OK;
}
