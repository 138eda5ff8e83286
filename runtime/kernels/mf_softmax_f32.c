/* SPDX-License-Identifier: Apache-2.0 */
/* mf_softmax_f32: see mcuforge/mf_softmax.h. */
#include <float.h>

#include "mcuforge/mf_softmax.h"
#include "mf_math_f32.h"

mf_status mf_softmax_f32(const mf_softmax_f32_params* params, const float* input, float* output) {
  int32_t r;
  MF_REQUIRE(params != NULL && params->rows >= 0 && params->depth >= 1);
  MF_REQUIRE(params->rows == 0 || (input != NULL && output != NULL));
  for (r = 0; r < params->rows; ++r) {
    const float* x = input + (size_t)r * (size_t)params->depth;
    float* y = output + (size_t)r * (size_t)params->depth;
    float mx = -FLT_MAX;
    float sum = 0.0f;
    int32_t c;
    for (c = 0; c < params->depth; ++c) mx = mx < x[c] ? x[c] : mx;
    for (c = 0; c < params->depth; ++c) {
      y[c] = mf_expf((x[c] - mx) * params->beta);
      sum += y[c];
    }
    for (c = 0; c < params->depth; ++c) y[c] = y[c] / sum;
  }
  return MF_STATUS_OK;
}
