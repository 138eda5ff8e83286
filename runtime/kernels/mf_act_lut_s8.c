/* SPDX-License-Identifier: Apache-2.0 */
/* mf_act_lut_s8: see mcuforge/mf_act.h (int8 ELU: TFLM's 256-entry table, built by the compiler). */
#include "mcuforge/mf_act.h"

mf_status mf_act_lut_s8(const mf_act_lut_s8_params* params, int32_t count, const int8_t* input, int8_t* output) {
  int32_t i;
  MF_REQUIRE(params != NULL && params->table != NULL && count >= 0 && (count == 0 || (input != NULL && output != NULL)));
  for (i = 0; i < count; ++i) output[i] = params->table[(uint8_t)input[i]];
  return MF_STATUS_OK;
}
