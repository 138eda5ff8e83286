/* SPDX-License-Identifier: Apache-2.0 */
/* mf_quantize_f32: see mcuforge/mf_convert.h (tflm-arithmetic.md section 13). */
#include <math.h>

#include "mcuforge/mf_convert.h"
#include "mf_fixedpoint.h"

/* round(x / scale) as int32, saturating; NaN gives 0. */
static int32_t quantize_one(float x, float scale) {
  const float q = roundf(x / scale);
  if (!(q == q)) return 0;
  if (q >= 2147483648.0f) return INT32_MAX;
  if (q < -2147483648.0f) return INT32_MIN;
  return (int32_t)q;
}

mf_status mf_quantize_f32(const mf_quantize_params* params, int32_t count, const float* input,
                          void* output) {
  int32_t lo;
  int32_t hi;
  int32_t i;
  MF_REQUIRE(params != NULL && count >= 0 && (count == 0 || (input != NULL && output != NULL)));
  if (params->output_type == MF_ELEM_INT8) {
    lo = INT8_MIN;
    hi = INT8_MAX;
  } else if (params->output_type == MF_ELEM_INT16) {
    lo = INT16_MIN;
    hi = INT16_MAX;
  } else {
    return MF_STATUS_BAD_PARAM;
  }
  MF_REQUIRE(params->zero_point >= lo && params->zero_point <= hi);
  for (i = 0; i < count; ++i) {
    const int32_t q = quantize_one(input[i], params->scale);
    /* saturating add of the zero point (|zero_point| <= 32768) */
    const int64_t v = (int64_t)q + params->zero_point;
    const int32_t c = v < lo ? lo : (v > hi ? hi : (int32_t)v);
    if (params->output_type == MF_ELEM_INT8) {
      ((int8_t*)output)[i] = (int8_t)c;
    } else {
      ((int16_t*)output)[i] = (int16_t)c;
    }
  }
  return MF_STATUS_OK;
}
