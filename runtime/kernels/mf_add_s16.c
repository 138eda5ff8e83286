/* SPDX-License-Identifier: Apache-2.0 */
/* mf_add_s16: see mcuforge/mf_elementwise.h (quantized ADD, tflm-arithmetic.md section 6). */
#include "mcuforge/mf_elementwise.h"
#include "mf_bcast_iter.h"
#include "mf_fixedpoint.h"

mf_status mf_add_s16(const mf_add_q_params* params, const int16_t* input1, const int16_t* input2,
                     int16_t* output) {
  const mf_add_q_params* p = params;
  mf_bcast_iter it;
  int32_t count;
  int32_t i;
  MF_REQUIRE(p != NULL && input1 != NULL && input2 != NULL && output != NULL);
  count = mf_bcast_count(&p->shape);
  MF_REQUIRE(count >= 0);
  MF_REQUIRE(p->left_shift >= 0 && p->left_shift <= 20);
  MF_REQUIRE(p->in1_offset >= -65535 && p->in1_offset <= 65535);
  MF_REQUIRE(p->in2_offset >= -65535 && p->in2_offset <= 65535);
  MF_REQUIRE(p->in1.shift <= 0 && p->in1.shift >= -31 && p->in2.shift <= 0 && p->in2.shift >= -31);
  MF_REQUIRE(p->out.shift <= 0 && p->out.shift >= -31);
  MF_REQUIRE(p->act.min >= -32768 && p->act.min <= p->act.max && p->act.max <= 32767);
  mf_bcast_begin(&it);
  for (i = 0; i < count; ++i) {
    /* The shift is done on uint32 so that an int16 value with a large zero point wraps as it does
     * in TFLM instead of being undefined behaviour. */
    const int32_t a = (int32_t)((uint32_t)(input1[it.off1] + p->in1_offset) << p->left_shift);
    const int32_t b = (int32_t)((uint32_t)(input2[it.off2] + p->in2_offset) << p->left_shift);
    const int32_t sa = mf_rdbpot(mf_srdhm(a, p->in1.multiplier), -p->in1.shift);
    const int32_t sb = mf_rdbpot(mf_srdhm(b, p->in2.multiplier), -p->in2.shift);
    const int32_t sum = (int32_t)((uint32_t)sa + (uint32_t)sb);
    const int32_t v = mf_rdbpot(mf_srdhm(sum, p->out.multiplier), -p->out.shift);
    output[i] = (int16_t)mf_clamp_i32((int32_t)((uint32_t)v + (uint32_t)p->out_offset), p->act.min,
                                   p->act.max);
    mf_bcast_next(&p->shape, &it);
  }
  return MF_STATUS_OK;
}
