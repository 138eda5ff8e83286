/* SPDX-License-Identifier: Apache-2.0 */
/* mf_l2norm_s8: see mcuforge/mf_act.h (TFLM reference_integer_ops::L2Normalization). */
#include "mcuforge/mf_act.h"
#include "mf_act_internal.h"

mf_status mf_l2norm_s8(const mf_l2norm_s8_params* params, const int8_t* input, int8_t* output) {
  const mf_l2norm_s8_params* p = params;
  int32_t r;
  MF_REQUIRE(p != NULL && p->rows >= 0 && p->depth >= 1 && p->depth <= 33025);
  MF_REQUIRE(p->rows == 0 || (input != NULL && output != NULL));
  MF_REQUIRE(p->input_zero_point >= -128 && p->input_zero_point <= 127);
  for (r = 0; r < p->rows; ++r) {
    const int8_t* x = input + (int64_t)r * p->depth;
    int8_t* y = output + (int64_t)r * p->depth;
    int32_t sum = 0; /* at most 33025 * 255^2 < 2^31 */
    int32_t multiplier, shift, c;
    for (c = 0; c < p->depth; ++c) {
      const int32_t v = x[c] - p->input_zero_point;
      sum += v * v;
    }
    mf_inv_sqrt_multiplier(sum, &multiplier, &shift);
    for (c = 0; c < p->depth; ++c) {
      /* + 7: the output is in 1/128 steps */
      const int32_t v = mf_mbqm(x[c] - p->input_zero_point, multiplier, shift + 7);
      y[c] = (int8_t)mf_clamp_i32(v, -128, 127);
    }
  }
  return MF_STATUS_OK;
}
