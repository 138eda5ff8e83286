/* SPDX-License-Identifier: Apache-2.0 */
/* mf_unary_s16: see mcuforge/mf_unary.h (TFLM elementwise.cc: AbsEvalQuantized and AbsHelper;
 * TensorFlow Lite exp.cc for EXP). */
#include "mcuforge/mf_unary.h"
#include "mf_fixedpoint.h"
#include "mf_lut16.h"

static int16_t abs_one(const mf_unary_s16_params* p, int16_t x) {
  const int32_t value = x < 0 ? -(int32_t)x : (int32_t)x;
  int32_t out;
  if (!p->quantized) return mf_wrap16(value); /* std::abs on int16 and back: -32768 stays */
  out = p->rescale ? mf_mbqm(value, p->output_multiplier, p->output_shift) : value;
  return (int16_t)mf_clamp_i32(out, INT16_MIN, INT16_MAX);
}

mf_status mf_unary_s16(mf_unary_op op, const mf_unary_s16_params* params, int32_t count, const int16_t* input,
                       int16_t* output) {
  int32_t i;
  MF_REQUIRE(params != NULL && count >= 0 && (count == 0 || (input != NULL && output != NULL)));
  switch (op) {
    case MF_UNARY_ABS:
      MF_REQUIRE(!params->rescale || (params->output_shift >= -31 && params->output_shift <= 31));
      for (i = 0; i < count; ++i) output[i] = abs_one(params, input[i]);
      break;
    case MF_UNARY_EXP:
      MF_REQUIRE(params->lut != NULL);
      for (i = 0; i < count; ++i) output[i] = mf_lut16_lookup(input[i], params->lut);
      break;
    default:
      return MF_STATUS_BAD_PARAM;
  }
  return MF_STATUS_OK;
}
