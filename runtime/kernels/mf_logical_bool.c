/* SPDX-License-Identifier: Apache-2.0 */
/* mf_logical_bool: see mcuforge/mf_compare.h (LOGICAL_AND, LOGICAL_OR). */
#include "mcuforge/mf_compare.h"
#include "mf_bcast_iter.h"

mf_status mf_logical_bool(const mf_logical_params* params, const uint8_t* input1, const uint8_t* input2,
                          uint8_t* output) {
  mf_logical_params p;
  mf_bcast_iter it;
  int32_t count;
  int32_t i;
  MF_REQUIRE(params != NULL && input1 != NULL && input2 != NULL && output != NULL);
  p = *params; /* a local copy: the byte output may alias the fields read in the loop */
  MF_REQUIRE(p.op == MF_LOGICAL_AND || p.op == MF_LOGICAL_OR);
  count = mf_bcast_count(&p.shape);
  MF_REQUIRE(count >= 0);
  mf_bcast_begin(&it);
  for (i = 0; i < count; ++i) {
    const int x = input1[it.off1] != 0;
    const int y = input2[it.off2] != 0;
    output[i] = (uint8_t)(p.op == MF_LOGICAL_AND ? (x && y) : (x || y));
    mf_bcast_next(&p.shape, &it);
  }
  return MF_STATUS_OK;
}
