/* SPDX-License-Identifier: Apache-2.0 */
/* mf_requantize: see mcuforge/mf_convert.h (tflm-arithmetic.md section 13). */
#include "mcuforge/mf_convert.h"
#include "mf_fixedpoint.h"

static int32_t load(mf_elem_type t, const void* p, int32_t i) {
  switch (t) {
    case MF_ELEM_INT8: return ((const int8_t*)p)[i];
    case MF_ELEM_UINT8: return ((const uint8_t*)p)[i];
    case MF_ELEM_INT16: return ((const int16_t*)p)[i];
    default: return ((const int32_t*)p)[i];
  }
}

mf_status mf_requantize(const mf_requantize_params* params, int32_t count, const void* input,
                        void* output) {
  const mf_requantize_params* p = params;
  int32_t lo;
  int32_t hi;
  int32_t i;
  MF_REQUIRE(p != NULL && count >= 0 && (count == 0 || (input != NULL && output != NULL)));
  MF_REQUIRE(p->input_type == MF_ELEM_INT8 || p->input_type == MF_ELEM_UINT8 ||
             p->input_type == MF_ELEM_INT16 || p->input_type == MF_ELEM_INT32);
  MF_REQUIRE(p->requant.shift >= -31 && p->requant.shift <= 31);
  switch (p->output_type) {
    case MF_ELEM_INT8: lo = INT8_MIN; hi = INT8_MAX; break;
    case MF_ELEM_UINT8: lo = 0; hi = UINT8_MAX; break;
    case MF_ELEM_INT16: lo = INT16_MIN; hi = INT16_MAX; break;
    case MF_ELEM_INT32: lo = INT32_MIN; hi = INT32_MAX; break;
    default: return MF_STATUS_BAD_PARAM;
  }
  for (i = 0; i < count; ++i) {
    /* wrapping subtraction and addition: only an int32 input or output can overflow, where TFLite
     * would be undefined */
    const int32_t x = (int32_t)((uint32_t)load(p->input_type, input, i) - (uint32_t)p->input_zero_point);
    const int32_t y = mf_mbqm(x, p->requant.multiplier, p->requant.shift);
    const int32_t v = mf_clamp_i32((int32_t)((uint32_t)y + (uint32_t)p->output_zero_point), lo, hi);
    switch (p->output_type) {
      case MF_ELEM_INT8: ((int8_t*)output)[i] = (int8_t)v; break;
      case MF_ELEM_UINT8: ((uint8_t*)output)[i] = (uint8_t)v; break;
      case MF_ELEM_INT16: ((int16_t*)output)[i] = (int16_t)v; break;
      default: ((int32_t*)output)[i] = v; break;
    }
  }
  return MF_STATUS_OK;
}
