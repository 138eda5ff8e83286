/* SPDX-License-Identifier: Apache-2.0 */
/* mf_softmax_s8: see mcuforge/mf_softmax.h (int8 input, int8_t output). */
#include "mcuforge/mf_softmax.h"
#include "mf_softmax_s8_row.h"

mf_status mf_softmax_s8(const mf_softmax_s8_params* params, const int8_t* input, int8_t* output) {
  const mf_softmax_s8_params* p = params;
  int32_t r;
  MF_REQUIRE(p != NULL && p->rows >= 0 && p->depth >= 1 && p->depth <= 4095);
  MF_REQUIRE(p->input_left_shift >= 0 && p->input_left_shift <= 31 && p->diff_min <= 0);
  MF_REQUIRE(p->rows == 0 || (input != NULL && output != NULL));
  for (r = 0; r < p->rows; ++r) {
    const int8_t* x = input + (size_t)r * (size_t)p->depth;
    int8_t* y = output + (size_t)r * (size_t)p->depth;
    int32_t scale;
    int exponent;
    const int32_t mx = mf_softmax_s8_row_scale(p, x, 8, &scale, &exponent);
    int32_t c;
    for (c = 0; c < p->depth; ++c) {
      const int32_t d = x[c] - mx;
      if (d >= p->diff_min) {
        const int32_t v = mf_rdbpot(mf_srdhm(scale, mf_softmax_s8_exp(p, d)), exponent) + (-128);
        y[c] = (int8_t)mf_clamp_i32(v, -128, 127);
      } else {
        y[c] = (-128);
      }
    }
  }
  return MF_STATUS_OK;
}
