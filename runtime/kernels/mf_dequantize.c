/* SPDX-License-Identifier: Apache-2.0 */
/* mf_dequantize: see mcuforge/mf_convert.h (tflm-arithmetic.md section 13). */
#include "mcuforge/mf_convert.h"

mf_status mf_dequantize(const mf_dequantize_params* params, int32_t count, const void* input,
                        float* output) {
  int32_t i;
  MF_REQUIRE(params != NULL && count >= 0 && (count == 0 || (input != NULL && output != NULL)));
  MF_REQUIRE(params->input_type == MF_ELEM_INT8 || params->input_type == MF_ELEM_UINT8 ||
             params->input_type == MF_ELEM_INT16);
  MF_REQUIRE(params->zero_point >= -65536 && params->zero_point <= 65536);
  for (i = 0; i < count; ++i) {
    int32_t x;
    if (params->input_type == MF_ELEM_INT8) {
      x = ((const int8_t*)input)[i];
    } else if (params->input_type == MF_ELEM_UINT8) {
      x = ((const uint8_t*)input)[i];
    } else {
      x = ((const int16_t*)input)[i];
    }
    /* x - zero_point has at most 18 significant bits, so it is exact in float. */
    output[i] = params->scale * (float)(x - params->zero_point);
  }
  return MF_STATUS_OK;
}
