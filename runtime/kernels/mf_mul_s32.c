/* SPDX-License-Identifier: Apache-2.0 */
/* mf_mul_s32: see mcuforge/mf_elementwise.h (int32 MUL). */
#include "mcuforge/mf_elementwise.h"
#include "mf_bcast_iter.h"
#include "mf_fixedpoint.h"

mf_status mf_mul_s32(const mf_arith_s32_params* params, const int32_t* input1, const int32_t* input2,
                     int32_t* output) {
  mf_bcast_iter it;
  int32_t count;
  int32_t i;
  MF_REQUIRE(params != NULL && input1 != NULL && input2 != NULL && output != NULL);
  count = mf_bcast_count(&params->shape);
  MF_REQUIRE(count >= 0);
  MF_REQUIRE(params->act.min <= params->act.max);
  mf_bcast_begin(&it);
  for (i = 0; i < count; ++i) {
    const int32_t x = input1[it.off1];
    const int32_t y = input2[it.off2];
    output[i] = mf_clamp_i32((int32_t)((uint32_t)x * (uint32_t)y), params->act.min, params->act.max);
    mf_bcast_next(&params->shape, &it);
  }
  return MF_STATUS_OK;
}
