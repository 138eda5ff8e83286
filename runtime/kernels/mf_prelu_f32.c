/* SPDX-License-Identifier: Apache-2.0 */
/* mf_prelu_f32: see mcuforge/mf_act.h (TFLM prelu_common.cc BroadcastPrelu4DSlowFloat). */
#include "mcuforge/mf_act.h"
#include "mf_bcast_iter.h"

mf_status mf_prelu_f32(const mf_prelu_f32_params* params, const float* input, const float* alpha, float* output) {
  mf_bcast_iter it;
  int32_t count;
  int32_t i;
  MF_REQUIRE(params != NULL && input != NULL && alpha != NULL && output != NULL);
  count = mf_bcast_count(&params->shape);
  MF_REQUIRE(count >= 0);
  mf_bcast_begin(&it);
  for (i = 0; i < count; ++i) {
    const float x = input[it.off1];
    output[i] = x >= 0.0f ? x : x * alpha[it.off2];
    mf_bcast_next(&params->shape, &it);
  }
  return MF_STATUS_OK;
}
