/* SPDX-License-Identifier: Apache-2.0 */
/* mf_add_s8: see mcuforge/mf_elementwise.h (quantized ADD, tflm-arithmetic.md section 6). */
#include "mcuforge/mf_elementwise.h"
#include "mf_bcast_iter.h"
#include "mf_fixedpoint.h"

mf_status mf_add_s8(const mf_add_q_params* params, const int8_t* input1, const int8_t* input2,
                    int8_t* output) {
  const mf_add_q_params* p = params;
  mf_bcast_iter it;
  int32_t count;
  int32_t i;
  MF_REQUIRE(p != NULL && input1 != NULL && input2 != NULL && output != NULL);
  count = mf_bcast_count(&p->shape);
  MF_REQUIRE(count >= 0);
  MF_REQUIRE(p->left_shift >= 0 && p->left_shift <= 20);
  MF_REQUIRE(p->in1_offset >= -255 && p->in1_offset <= 255);
  MF_REQUIRE(p->in2_offset >= -255 && p->in2_offset <= 255);
  MF_REQUIRE(p->in1.shift <= 0 && p->in1.shift >= -31 && p->in2.shift <= 0 && p->in2.shift >= -31);
  MF_REQUIRE(p->out.shift <= 0 && p->out.shift >= -31);
  MF_REQUIRE(p->act.min >= -128 && p->act.min <= p->act.max && p->act.max <= 127);
  {
    /* Locals: the int8 output may alias anything, so fields read through p would be reloaded after
     * every store. */
    const int32_t off1 = p->in1_offset, off2 = p->in2_offset, shift = p->left_shift;
    const int32_t m1 = p->in1.multiplier, s1 = -p->in1.shift, m2 = p->in2.multiplier, s2 = -p->in2.shift;
    const int32_t mo = p->out.multiplier, so = -p->out.shift, out_off = p->out_offset;
    const int32_t lo = p->act.min, hi = p->act.max;
    const int flat = mf_bcast_is_flat(&p->shape);
    mf_bcast_begin(&it);
    for (i = 0; i < count; ++i) {
      const int32_t x1 = flat ? input1[i] : input1[it.off1];
      const int32_t x2 = flat ? input2[i] : input2[it.off2];
      /* The shift is done on uint32 so that an int16 value with a large zero point wraps as it does
       * in TFLM instead of being undefined behaviour. */
      const int32_t a = (int32_t)((uint32_t)(x1 + off1) << shift);
      const int32_t b = (int32_t)((uint32_t)(x2 + off2) << shift);
      const int32_t sa = mf_rdbpot(mf_srdhm(a, m1), s1);
      const int32_t sb = mf_rdbpot(mf_srdhm(b, m2), s2);
      const int32_t sum = (int32_t)((uint32_t)sa + (uint32_t)sb);
      const int32_t v = mf_rdbpot(mf_srdhm(sum, mo), so);
      output[i] = (int8_t)mf_clamp_i32((int32_t)((uint32_t)v + (uint32_t)out_off), lo, hi);
      if (!flat) mf_bcast_next(&p->shape, &it);
    }
  }
  return MF_STATUS_OK;
}
