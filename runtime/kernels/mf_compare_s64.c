/* SPDX-License-Identifier: Apache-2.0 */
/* mf_compare_s64: see mcuforge/mf_compare.h (comparisons on raw values). */
#include "mcuforge/mf_compare.h"
#include "mf_bcast_iter.h"
#include "mf_compare_apply.h"

mf_status mf_compare_s64(const mf_compare_params* params, const int64_t* input1, const int64_t* input2,
                          uint8_t* output) {
  mf_bcast_iter it;
  int32_t count;
  int32_t i;
  MF_REQUIRE(params != NULL && input1 != NULL && input2 != NULL && output != NULL);
  MF_REQUIRE(MF_COMPARE_OP_VALID(params->op));
  count = mf_bcast_count(&params->shape);
  MF_REQUIRE(count >= 0);
  {
    const mf_compare_op op = params->op;
    mf_bcast_begin(&it);
    for (i = 0; i < count; ++i) {
      const int64_t x = input1[it.off1];
      const int64_t y = input2[it.off2];
      output[i] = (uint8_t)(MF_COMPARE_APPLY(op, x, y));
      mf_bcast_next(&params->shape, &it);
    }
  }
  return MF_STATUS_OK;
}
