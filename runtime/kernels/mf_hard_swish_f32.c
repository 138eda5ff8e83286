/* SPDX-License-Identifier: Apache-2.0 */
/* mf_hard_swish_f32: see mcuforge/mf_activations.h. */
#include "mcuforge/mf_activations.h"

mf_status mf_hard_swish_f32(int32_t count, const float* input, float* output) {
  int32_t i;
  MF_REQUIRE(count >= 0 && (count == 0 || (input != NULL && output != NULL)));
  for (i = 0; i < count; ++i) {
    const float x = input[i];
    float r = x + 3.0f;
    r = 0.0f < r ? r : 0.0f; /* max(0, r) and min(6, r) as std::max / std::min evaluate them */
    r = r < 6.0f ? r : 6.0f;
    output[i] = x * r / 6.0f;
  }
  return MF_STATUS_OK;
}
