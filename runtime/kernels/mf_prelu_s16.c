/* SPDX-License-Identifier: Apache-2.0 */
/* mf_prelu_s16: see mcuforge/mf_act.h (TFLM reference_ops::BroadcastPrelu4DSlow, int16_t
 * input, int8 alpha). */
#include "mcuforge/mf_act.h"
#include "mf_act_internal.h"
#include "mf_bcast_iter.h"

mf_status mf_prelu_s16(const mf_prelu_q_params* params, const int16_t* input, const int8_t* alpha,
                       int16_t* output) {
  const mf_prelu_q_params* p = params;
  mf_bcast_iter it;
  int32_t count;
  int32_t i;
  MF_REQUIRE(p != NULL && input != NULL && alpha != NULL && output != NULL);
  count = mf_bcast_count(&p->shape);
  MF_REQUIRE(count >= 0);
  MF_REQUIRE(p->input_offset >= -32767 && p->input_offset <= 32768);
  MF_REQUIRE(p->alpha_offset >= -127 && p->alpha_offset <= 128);
  MF_REQUIRE(mf_act_requant_ok(&p->positive) && mf_act_requant_ok(&p->negative));
  mf_bcast_begin(&it);
  for (i = 0; i < count; ++i) {
    const int32_t v = input[it.off1] + p->input_offset;
    int32_t y;
    if (v >= 0) {
      y = mf_mbqm(v, p->positive.multiplier, p->positive.shift);
    } else {
      /* |v| < 2^16 and |alpha - zp| < 2^8: the product fits */
      y = mf_mbqm(v * (alpha[it.off2] + p->alpha_offset), p->negative.multiplier, p->negative.shift);
    }
    output[i] = (int16_t)mf_clamp_i32(mf_add32(y, p->output_offset), -32768, 32767);
    mf_bcast_next(&p->shape, &it);
  }
  return MF_STATUS_OK;
}
