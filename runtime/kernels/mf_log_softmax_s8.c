/* SPDX-License-Identifier: Apache-2.0 */
/* mf_log_softmax_s8: see mcuforge/mf_act.h (TFLM reference_ops::LogSoftmaxQuantized: Q5.26 input
 * differences, gemmlowp exp, a Q12.19 sum and TFLM's fixed-point log). */
#include "mcuforge/mf_act.h"
#include "mf_act_internal.h"

enum { kInputBits = 5, kAccumBits = 12, kOutputBits = 4 };

/* log(sum of exp(x - max)) in Q5.26 for one row. */
static int32_t log_sum_of_exps(const mf_log_softmax_s8_params* p, const int8_t* x, int32_t max) {
  int32_t sum = 0; /* Q12.19; depth <= 4095 keeps it below 2^31 */
  int32_t c;
  for (c = 0; c < p->depth; ++c) {
    const int32_t diff = x[c] - max;
    if (diff >= p->diff_min) {
      const int32_t d = mf_mbqm(diff, p->input_multiplier, p->input_left_shift);
      sum += mf_fx_mul_pot(mf_fx_exp_on_negative_values(d, kInputBits), -kAccumBits);
    }
  }
  return mf_fx_log_x_ge_1(sum, kAccumBits, kInputBits);
}

mf_status mf_log_softmax_s8(const mf_log_softmax_s8_params* params, const int8_t* input, int8_t* output) {
  const mf_log_softmax_s8_params* p = params;
  int32_t r;
  MF_REQUIRE(p != NULL && p->rows >= 0 && p->depth >= 1 && p->depth <= 4095);
  MF_REQUIRE(p->rows == 0 || (input != NULL && output != NULL));
  MF_REQUIRE(p->input_left_shift >= 0 && p->input_left_shift <= 31);
  MF_REQUIRE(p->reverse_scaling_right_shift >= 0 && p->reverse_scaling_right_shift <= 31);
  MF_REQUIRE(p->diff_min <= 0);
  for (r = 0; r < p->rows; ++r) {
    const int8_t* x = input + (int64_t)r * p->depth;
    int8_t* y = output + (int64_t)r * p->depth;
    int32_t max = -128;
    int32_t log_sum, adjusted_diff_min, c;
    for (c = 0; c < p->depth; ++c) max = x[c] > max ? x[c] : max;
    log_sum = log_sum_of_exps(p, x, max);
    /* The smallest difference whose result is above the output's minimum: the Q5.26 minimum plus the
     * log-sum, scaled back to input units (or diff_min - 1, whichever is larger). */
    adjusted_diff_min = mf_max_i32(p->diff_min - 1, mf_mbqm(mf_add32(log_sum, INT32_MIN), p->reverse_scaling_divisor,
                                                            -p->reverse_scaling_right_shift));
    for (c = 0; c < p->depth; ++c) {
      const int32_t diff = x[c] - max;
      if (diff > adjusted_diff_min) {
        const int32_t d = mf_mbqm(diff, p->input_multiplier, p->input_left_shift);
        const int32_t v = mf_rdbpot(mf_sub32(d, log_sum), 31 - kInputBits - kOutputBits) + 127;
        y[c] = (int8_t)mf_clamp_i32(v, -128, 127);
      } else {
        y[c] = -128;
      }
    }
  }
  return MF_STATUS_OK;
}
