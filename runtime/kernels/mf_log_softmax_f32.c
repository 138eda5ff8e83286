/* SPDX-License-Identifier: Apache-2.0 */
/* mf_log_softmax_f32: see mcuforge/mf_act.h (TFLM reference_ops::LogSoftmax for float). */
#include "mcuforge/mf_act.h"
#include "mf_act_internal.h"

mf_status mf_log_softmax_f32(const mf_rows_params* params, const float* input, float* output) {
  int32_t r;
  MF_REQUIRE(params != NULL && params->rows >= 0 && params->depth >= 1);
  MF_REQUIRE(params->rows == 0 || (input != NULL && output != NULL));
  for (r = 0; r < params->rows; ++r) {
    const float* x = input + (int64_t)r * params->depth;
    float* y = output + (int64_t)r * params->depth;
    float max = -3.40282347e+38f;
    float sum = 0.0f;
    float log_sum;
    int32_t c;
    for (c = 0; c < params->depth; ++c) max = x[c] > max ? x[c] : max;
    for (c = 0; c < params->depth; ++c) sum += mf_expf(x[c] - max);
    log_sum = mf_logf_ge1(sum);
    for (c = 0; c < params->depth; ++c) y[c] = x[c] - max - log_sum;
  }
  return MF_STATUS_OK;
}
