/* SPDX-License-Identifier: Apache-2.0 */
/* mf_div_f32: see mcuforge/mf_elementwise.h (float DIV). */
#include "mcuforge/mf_elementwise.h"
#include "mf_bcast_iter.h"
#include "mf_fixedpoint.h"

mf_status mf_div_f32(const mf_arith_f32_params* params, const float* input1, const float* input2,
                     float* output) {
  mf_bcast_iter it;
  int32_t count;
  int32_t i;
  MF_REQUIRE(params != NULL && input1 != NULL && input2 != NULL && output != NULL);
  count = mf_bcast_count(&params->shape);
  MF_REQUIRE(count >= 0);
  mf_bcast_begin(&it);
  for (i = 0; i < count; ++i) {
    const float x = input1[it.off1];
    const float y = input2[it.off2];
    float v = x / y;
    /* max then min, as TFLM's ActivationFunctionWithMinMax does */
    v = v < params->act.min ? params->act.min : v;
    v = params->act.max < v ? params->act.max : v;
    output[i] = v;
    mf_bcast_next(&params->shape, &it);
  }
  return MF_STATUS_OK;
}
