/* SPDX-License-Identifier: Apache-2.0 */
/* mf_l2norm_f32: see mcuforge/mf_act.h (TFLM reference_ops::L2Normalization for float, epsilon 1e-6). */
#include <math.h>

#include "mcuforge/mf_act.h"

mf_status mf_l2norm_f32(const mf_rows_params* params, const float* input, float* output) {
  int32_t r;
  MF_REQUIRE(params != NULL && params->rows >= 0 && params->depth >= 1);
  MF_REQUIRE(params->rows == 0 || (input != NULL && output != NULL));
  for (r = 0; r < params->rows; ++r) {
    const float* x = input + (int64_t)r * params->depth;
    float* y = output + (int64_t)r * params->depth;
    float sum = 0.0f;
    float norm;
    int32_t c;
    for (c = 0; c < params->depth; ++c) sum += x[c] * x[c];
    /* sqrtf is correctly rounded (IEEE 754) in every C library */
    norm = sqrtf(sum);
    if (norm < 1e-6f) norm = 1e-6f;
    for (c = 0; c < params->depth; ++c) y[c] = x[c] / norm;
  }
  return MF_STATUS_OK;
}
