/* SPDX-License-Identifier: Apache-2.0 */
/* BATCH_MATMUL, int16 (TFLM's BatchMatMul<int16_t, int64_t>: zero points 0, products summed in int64,
 * the 64-bit MultiplyByQuantizedMultiplier, clamp). The compiler keeps depth below 2^16 so the sum stays
 * within 2^46, where that requantization cannot overflow. */
#include "mcuforge/mf_batch_matmul.h"
#include "mf_batch_matmul_internal.h"
#include "mf_conv_check.h"
#include "mf_fixedpoint.h"

mf_status mf_batch_matmul_s16(const mf_batch_matmul_params* params, const int16_t* lhs, const int16_t* rhs,
                              int16_t* output, void* scratch) {
  mf_bmm_walk walk;
  int32_t b0, b1, b2, a, c, k, depth;
  MF_REQUIRE(mf_bmm_valid(params, lhs, rhs, output, scratch, 2));
  MF_REQUIRE(mf_requant_valid(&params->requant, 1, 14));
  MF_REQUIRE(params->act.min <= params->act.max && params->act.min >= -32768 && params->act.max <= 32767);
  MF_REQUIRE(params->lhs_offset == 0 && params->rhs_offset == 0 && params->output_offset == 0);
  MF_REQUIRE(params->depth < (1 << 16));
  depth = params->depth;
  mf_bmm_walk_init(&walk, params, lhs, rhs, scratch, 2);
  for (b0 = 0; b0 < params->batch[0]; ++b0) {
    for (b1 = 0; b1 < params->batch[1]; ++b1) {
      for (b2 = 0; b2 < params->batch[2]; ++b2) {
        const void* lm;
        const void* rm;
        mf_bmm_walk_matrices(&walk, b0, b1, b2, &lm, &rm);
        for (a = 0; a < params->rows; ++a) {
          const int16_t* l = (const int16_t*)lm + a * depth;
          for (c = 0; c < params->cols; ++c) {
            const int16_t* r = (const int16_t*)rm + c * depth;
            int64_t acc = 0;
            for (k = 0; k < depth; ++k) {
              acc += (int32_t)r[k] * (int32_t)l[k];
            }
            *output++ = (int16_t)mf_clamp_act(mf_mbqm64(acc, params->requant.multiplier, params->requant.shift),
                                              params->act);
          }
        }
      }
    }
  }
  return MF_STATUS_OK;
}
