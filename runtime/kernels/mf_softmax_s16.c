/* SPDX-License-Identifier: Apache-2.0 */
/* mf_softmax_s16: see mcuforge/mf_softmax.h (tflm-arithmetic.md section 9.2). */
#include "mcuforge/mf_softmax.h"
#include "mf_fixedpoint.h"
#include "mf_lut16.h"

mf_status mf_softmax_s16(const mf_softmax_s16_params* params, const int16_t* input, int16_t* output) {
  const mf_softmax_s16_params* p = params;
  int32_t r;
  MF_REQUIRE(p != NULL && p->rows >= 0 && p->depth >= 1 && p->depth <= 65535);
  MF_REQUIRE(p->exp_lut != NULL && p->one_over_one_plus_x_lut != NULL);
  MF_REQUIRE(p->input_shift >= -31 && p->input_shift <= 31);
  MF_REQUIRE(p->rows == 0 || (input != NULL && output != NULL));
  for (r = 0; r < p->rows; ++r) {
    const int16_t* x = input + (size_t)r * (size_t)p->depth;
    int16_t* y = output + (size_t)r * (size_t)p->depth;
    int32_t mx = INT16_MIN;
    uint32_t sum = 0; /* Q16.15; depth <= 65535 keeps it below 2^31 */
    int headroom_plus_one = 0;
    int32_t shifted_sum;
    int16_t reciprocal;
    int right_shift;
    int32_t c;
    for (c = 0; c < p->depth; ++c) mx = x[c] > mx ? x[c] : mx;
    /* exp(x - max) in Q0.15, kept in the output buffer until the sum is known */
    for (c = 0; c < p->depth; ++c) {
      const int32_t scaled = mf_mbqm(x[c] - mx, p->input_multiplier, p->input_shift);
      const int32_t centered = mf_clamp_i32((int32_t)((uint32_t)scaled + 32767u), INT16_MIN, INT16_MAX);
      y[c] = mf_lut16_lookup((int16_t)centered, p->exp_lut);
      sum += (uint32_t)(int32_t)y[c];
    }
    /* exp(0) is about 32767, so sum > 0 unless the LUT is degenerate; treat 0 like 1 to stay defined. */
    if ((int32_t)sum <= 0) sum = 1;
    while ((sum & (0x80000000u >> headroom_plus_one)) == 0) ++headroom_plus_one;
    /* sum normalised to [1, 2) in Q1.15, minus 1 and re-centred from [0, 65535] to int16 */
    shifted_sum = (int32_t)((((int64_t)sum << (headroom_plus_one - 1)) + (1 << 13)) >> 14);
    shifted_sum = mf_clamp_i32(shifted_sum - ((1 << 15) + (1 << 16)), INT16_MIN, INT16_MAX);
    reciprocal = mf_lut16_lookup((int16_t)shifted_sum, p->one_over_one_plus_x_lut);
    right_shift = 31 - headroom_plus_one;
    for (c = 0; c < p->depth; ++c) {
      const int64_t round = right_shift > 0 ? (int64_t)1 << (right_shift - 1) : 0;
      const int64_t v = ((int64_t)y[c] * (int64_t)reciprocal + round) >> right_shift;
      y[c] = (int16_t)(v < 0 ? 0 : (v > 32767 ? 32767 : v));
    }
  }
  return MF_STATUS_OK;
}
