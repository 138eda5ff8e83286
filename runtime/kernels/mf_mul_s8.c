/* SPDX-License-Identifier: Apache-2.0 */
/* mf_mul_s8: see mcuforge/mf_elementwise.h (quantized MUL, tflm-arithmetic.md section 7). */
#include "mcuforge/mf_elementwise.h"
#include "mf_bcast_iter.h"
#include "mf_fixedpoint.h"

mf_status mf_mul_s8(const mf_mul_q_params* params, const int8_t* input1, const int8_t* input2,
                    int8_t* output) {
  const mf_mul_q_params* p = params;
  mf_bcast_iter it;
  int32_t count;
  int32_t i;
  MF_REQUIRE(p != NULL && input1 != NULL && input2 != NULL && output != NULL);
  count = mf_bcast_count(&p->shape);
  MF_REQUIRE(count >= 0);
  MF_REQUIRE(p->in1_offset >= -255 && p->in1_offset <= 255);
  MF_REQUIRE(p->in2_offset >= -255 && p->in2_offset <= 255);
  MF_REQUIRE(p->out.shift >= -31 && p->out.shift <= 31);
  MF_REQUIRE(p->act.min >= -128 && p->act.min <= p->act.max && p->act.max <= 127);
  mf_bcast_begin(&it);
  for (i = 0; i < count; ++i) {
    const int32_t a = input1[it.off1] + p->in1_offset;
    const int32_t b = input2[it.off2] + p->in2_offset;
    /* |a|, |b| <= 2^16 - 1 (offsets checked above), so the product wraps only for int16 inputs
     * with non-zero zero points, which prepare rejects; uint32 keeps it defined regardless. */
    const int32_t prod = (int32_t)((uint32_t)a * (uint32_t)b);
    const int32_t v = mf_mbqm(prod, p->out.multiplier, p->out.shift);
    output[i] = (int8_t)mf_clamp_i32((int32_t)((uint32_t)v + (uint32_t)p->out_offset), p->act.min,
                                   p->act.max);
    mf_bcast_next(&p->shape, &it);
  }
  return MF_STATUS_OK;
}
