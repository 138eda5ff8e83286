/* SPDX-License-Identifier: Apache-2.0 */
/* mf_logistic_f32: see mcuforge/mf_activations.h. */

#include "mcuforge/mf_activations.h"
#include "mf_math_f32.h"

mf_status mf_logistic_f32(int32_t count, const float* input, float* output) {
  /* TFLite's cut-offs: above the upper one the result rounds to 1 in float; below the lower one
   * exp(x) is closer to the true value than 1 / (1 + exp(-x)). */
  const float cutoff_upper = 16.619047164916992188f;
  const float cutoff_lower = -9.0f;
  int32_t i;
  MF_REQUIRE(count >= 0 && (count == 0 || (input != NULL && output != NULL)));
  for (i = 0; i < count; ++i) {
    const float x = input[i];
    if (x > cutoff_upper) {
      output[i] = 1.0f;
    } else if (x < cutoff_lower) {
      output[i] = mf_expf(x);
    } else {
      output[i] = 1.0f / (1.0f + mf_expf(-x));
    }
  }
  return MF_STATUS_OK;
}
