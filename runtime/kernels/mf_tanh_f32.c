/* SPDX-License-Identifier: Apache-2.0 */
/* mf_tanh_f32: see mcuforge/mf_activations.h. */

#include "mcuforge/mf_activations.h"
#include "mf_math_f32.h"

mf_status mf_tanh_f32(int32_t count, const float* input, float* output) {
  int32_t i;
  MF_REQUIRE(count >= 0 && (count == 0 || (input != NULL && output != NULL)));
  for (i = 0; i < count; ++i) output[i] = mf_tanhf(input[i]);
  return MF_STATUS_OK;
}
