/* SPDX-License-Identifier: Apache-2.0 */
/* mf_minimum_s16: see mcuforge/mf_elementwise.h (MINIMUM). */
#include "mcuforge/mf_elementwise.h"
#include "mf_bcast_iter.h"
#include "mf_fixedpoint.h"

mf_status mf_minimum_s16(const mf_bcast* shape, const int16_t* input1, const int16_t* input2,
                         int16_t* output) {
  mf_bcast_iter it;
  int32_t count;
  int32_t i;
  MF_REQUIRE(shape != NULL && input1 != NULL && input2 != NULL && output != NULL);
  count = mf_bcast_count(shape);
  MF_REQUIRE(count >= 0);
  mf_bcast_begin(&it);
  for (i = 0; i < count; ++i) {
    const int16_t x = input1[it.off1];
    const int16_t y = input2[it.off2];
    output[i] = x < y ? x : y;
    mf_bcast_next(shape, &it);
  }
  return MF_STATUS_OK;
}
