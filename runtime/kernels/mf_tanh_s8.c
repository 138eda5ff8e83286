/* SPDX-License-Identifier: Apache-2.0 */
/* mf_tanh_s8: see mcuforge/mf_activations.h (TANH int8, tflm-arithmetic.md section 11). */
#include "mcuforge/mf_activations.h"
#include "mf_fixedpoint.h"
#include "mf_fixedpoint_exp.h"

mf_status mf_tanh_s8(const mf_sigmoid_s8_params* params, int32_t count, const int8_t* input,
                     int8_t* output) {
  const mf_sigmoid_s8_params* p = params;
  int32_t i;
  MF_REQUIRE(p != NULL && count >= 0 && (count == 0 || (input != NULL && output != NULL)));
  MF_REQUIRE(p->input_zero_point >= -128 && p->input_zero_point <= 127);
  MF_REQUIRE(p->input_shift >= 0 && p->input_shift <= 31 && p->input_range_radius >= 0);
  for (i = 0; i < count; ++i) {
    const int32_t v = input[i] - p->input_zero_point;
    if (v <= -p->input_range_radius) {
      output[i] = -128;
    } else if (v >= p->input_range_radius) {
      output[i] = 127;
    } else {
      /* Inside the radius the rescaled value fits in Q4.27 without overflow. */
      const int32_t x_q4 = mf_mbqm(v, p->input_multiplier, p->input_shift);
      const int32_t y = mf_rdbpot(mf_fx_tanh(x_q4, 4), 24);
      output[i] = (int8_t)mf_clamp_i32(y, -128, 127);
    }
  }
  return MF_STATUS_OK;
}
