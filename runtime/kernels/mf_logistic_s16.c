/* SPDX-License-Identifier: Apache-2.0 */
/* mf_logistic_s16: see mcuforge/mf_activations.h (LOGISTIC int16, TFLM's table-interpolated sigmoid). */
#include "mcuforge/mf_activations.h"
#include "mf_sigmoid16.h"

mf_status mf_logistic_s16(const mf_sigmoid_s16_params* params, int32_t count, const int16_t* input,
                          int16_t* output) {
  int32_t i;
  MF_REQUIRE(params != NULL && count >= 0 && (count == 0 || (input != NULL && output != NULL)));
  MF_REQUIRE(params->input_left_shift >= 0 && params->input_left_shift <= 31);
  MF_REQUIRE(params->input_multiplier != 0 || params->input_left_shift <= 1);
  for (i = 0; i < count; ++i) output[i] = mf_logistic16(input[i], params->input_multiplier, params->input_left_shift);
  return MF_STATUS_OK;
}
