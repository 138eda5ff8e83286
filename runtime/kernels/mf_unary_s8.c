/* SPDX-License-Identifier: Apache-2.0 */
/* mf_unary_s8: see mcuforge/mf_unary.h (TFLM elementwise.cc: AbsEvalQuantized, RsqrtEvalQuantized;
 * TensorFlow Lite exp.cc for EXP). */
#include "mcuforge/mf_unary.h"
#include "mf_fixedpoint.h"
#include "mf_inv_sqrt.h"

static int8_t abs_one(const mf_unary_s8_params* p, int8_t x) {
  const int32_t d = (int32_t)x - p->input_zero_point;
  const int32_t value = d < 0 ? -d : d;
  const int32_t out = p->rescale ? mf_mbqm(value, p->output_multiplier, p->output_shift) : value;
  return (int8_t)mf_clamp_i32(out + p->output_zero_point, INT8_MIN, INT8_MAX);
}

static int8_t rsqrt_one(const mf_unary_s8_params* p, int8_t x) {
  /* 1/sqrt(value) scaled by 2^20 to stay an integer, then rescaled by 2^-20 s_in^-1/2 / s_out. */
  const int32_t shift20 = 20;
  const int32_t value = (int32_t)x - p->input_zero_point;
  int32_t inv_multiplier, inv_shift, scaled, out;
  if (value <= 0) return INT8_MAX;
  mf_inv_sqrt_multiplier(value, &inv_multiplier, &inv_shift);
  scaled = mf_mbqm(1, inv_multiplier, inv_shift + shift20);
  out = mf_mbqm(scaled, p->output_multiplier, p->output_shift - shift20) + p->output_zero_point;
  return (int8_t)mf_clamp_i32(out, INT8_MIN, INT8_MAX);
}

mf_status mf_unary_s8(mf_unary_op op, const mf_unary_s8_params* params, int32_t count, const int8_t* input,
                      int8_t* output) {
  int32_t i;
  MF_REQUIRE(params != NULL && count >= 0 && (count == 0 || (input != NULL && output != NULL)));
  switch (op) {
    case MF_UNARY_ABS:
      MF_REQUIRE(!params->rescale || (params->output_shift >= -31 && params->output_shift <= 31));
      for (i = 0; i < count; ++i) output[i] = abs_one(params, input[i]);
      break;
    case MF_UNARY_RSQRT:
      MF_REQUIRE(params->output_shift - 20 >= -31 && params->output_shift - 20 <= 31);
      for (i = 0; i < count; ++i) output[i] = rsqrt_one(params, input[i]);
      break;
    case MF_UNARY_EXP:
      MF_REQUIRE(params->lut != NULL);
      for (i = 0; i < count; ++i) output[i] = params->lut[(uint8_t)input[i]];
      break;
    default:
      return MF_STATUS_BAD_PARAM;
  }
  return MF_STATUS_OK;
}
