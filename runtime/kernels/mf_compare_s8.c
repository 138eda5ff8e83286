/* SPDX-License-Identifier: Apache-2.0 */
/* mf_compare_s8: see mcuforge/mf_compare.h (comparisons of rescaled quantized values). */
#include "mcuforge/mf_compare.h"
#include "mf_bcast_iter.h"
#include "mf_compare_apply.h"
#include "mf_fixedpoint.h"

mf_status mf_compare_s8(const mf_compare_q_params* params, const int8_t* input1, const int8_t* input2,
                         uint8_t* output) {
  mf_compare_q_params p;
  mf_bcast_iter it;
  int32_t count;
  int32_t i;
  MF_REQUIRE(params != NULL && input1 != NULL && input2 != NULL && output != NULL);
  p = *params; /* a local copy: the byte output may alias the fields read in the loop */
  MF_REQUIRE(MF_COMPARE_OP_VALID(p.op));
  MF_REQUIRE(p.left_shift >= 0 && p.left_shift <= 8);
  MF_REQUIRE(p.in1_offset >= -255 && p.in1_offset <= 255 && p.in2_offset >= -255 && p.in2_offset <= 255);
  MF_REQUIRE(p.in1.shift <= 0 && p.in1.shift >= -31 && p.in2.shift <= 0 && p.in2.shift >= -31);
  count = mf_bcast_count(&p.shape);
  MF_REQUIRE(count >= 0);
  mf_bcast_begin(&it);
  for (i = 0; i < count; ++i) {
    const int32_t a = (int32_t)((uint32_t)(input1[it.off1] + p.in1_offset) << p.left_shift);
    const int32_t b = (int32_t)((uint32_t)(input2[it.off2] + p.in2_offset) << p.left_shift);
    const int32_t x = mf_rdbpot(mf_srdhm(a, p.in1.multiplier), -p.in1.shift);
    const int32_t y = mf_rdbpot(mf_srdhm(b, p.in2.multiplier), -p.in2.shift);
    output[i] = (uint8_t)(MF_COMPARE_APPLY(p.op, x, y));
    mf_bcast_next(&p.shape, &it);
  }
  return MF_STATUS_OK;
}
