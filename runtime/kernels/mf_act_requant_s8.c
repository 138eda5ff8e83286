/* SPDX-License-Identifier: Apache-2.0 */
/* mf_act_requant_s8: see mcuforge/mf_act.h (RELU, RELU6 and LEAKY_RELU on int8_t; TFLM activations.cc and
 * leaky_relu.cc). */
#include "mcuforge/mf_act.h"
#include "mf_act_internal.h"

mf_status mf_act_requant_s8(const mf_act_requant_params* params, int32_t count, const int8_t* input,
                            int8_t* output) {
  const mf_act_requant_params* p = params;
  int32_t i;
  MF_REQUIRE(p != NULL && count >= 0 && (count == 0 || (input != NULL && output != NULL)));
  MF_REQUIRE(p->input_zero_point >= -128 && p->input_zero_point <= 127);
  MF_REQUIRE(mf_act_requant_ok(&p->positive) && mf_act_requant_ok(&p->negative));
  MF_REQUIRE(p->act.min >= -128 && p->act.min <= p->act.max && p->act.max <= 127);
  for (i = 0; i < count; ++i) output[i] = (int8_t)mf_act_requant_value(p, input[i]);
  return MF_STATUS_OK;
}
