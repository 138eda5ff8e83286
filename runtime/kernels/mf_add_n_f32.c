/* SPDX-License-Identifier: Apache-2.0 */
/* mf_add_n_f32: see mcuforge/mf_binary.h (ADD_N). */
#include "mcuforge/mf_binary.h"

mf_status mf_add_n_f32(const mf_add_n_params* params, const float* const* inputs, float* output) {
  int32_t i;
  int32_t j;
  MF_REQUIRE(params != NULL && inputs != NULL && output != NULL);
  MF_REQUIRE(params->count >= 0 && params->inputs >= 1);
  for (j = 0; j < params->inputs; ++j) MF_REQUIRE(inputs[j] != NULL);
  for (i = 0; i < params->count; ++i) {
    float sum = 0.0f; /* from 0 as TFLM: -0 + -0 gives +0 */
    for (j = 0; j < params->inputs; ++j) sum += inputs[j][i];
    output[i] = sum;
  }
  return MF_STATUS_OK;
}
