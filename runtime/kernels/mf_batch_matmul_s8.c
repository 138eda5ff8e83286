/* SPDX-License-Identifier: Apache-2.0 */
/* BATCH_MATMUL, int8 (TFLM's BatchMatMul<int8_t, int32_t>: (r - rhs_zp) * (l - lhs_zp) summed in int32,
 * which wraps here instead of overflowing, then MultiplyByQuantizedMultiplier, + output zero point,
 * clamp). */
#include "mcuforge/mf_batch_matmul.h"
#include "mf_batch_matmul_internal.h"
#include "mf_conv_check.h"
#include "mf_fixedpoint.h"

mf_status mf_batch_matmul_s8(const mf_batch_matmul_params* params, const int8_t* lhs, const int8_t* rhs,
                             int8_t* output, void* scratch) {
  mf_bmm_walk walk;
  int32_t b0, b1, b2, a, c, k, depth, l_off, r_off, out_off;
  MF_REQUIRE(mf_bmm_valid(params, lhs, rhs, output, scratch, 1));
  MF_REQUIRE(mf_requant_valid(&params->requant, 1, 30));
  MF_REQUIRE(params->act.min <= params->act.max && params->act.min >= -128 && params->act.max <= 127);
  /* negated int8 zero points: keep (r + r_off) * (l + l_off) within int32 */
  MF_REQUIRE(params->lhs_offset >= -127 && params->lhs_offset <= 128);
  MF_REQUIRE(params->rhs_offset >= -127 && params->rhs_offset <= 128);
  depth = params->depth;
  l_off = params->lhs_offset;
  r_off = params->rhs_offset;
  out_off = params->output_offset;
  mf_bmm_walk_init(&walk, params, lhs, rhs, scratch, 1);
  for (b0 = 0; b0 < params->batch[0]; ++b0) {
    for (b1 = 0; b1 < params->batch[1]; ++b1) {
      for (b2 = 0; b2 < params->batch[2]; ++b2) {
        const void* lm;
        const void* rm;
        mf_bmm_walk_matrices(&walk, b0, b1, b2, &lm, &rm);
        for (a = 0; a < params->rows; ++a) {
          const int8_t* l = (const int8_t*)lm + a * depth;
          for (c = 0; c < params->cols; ++c) {
            const int8_t* r = (const int8_t*)rm + c * depth;
            uint32_t acc = 0;
            for (k = 0; k < depth; ++k) {
              acc += (uint32_t)(((int32_t)r[k] + r_off) * ((int32_t)l[k] + l_off));
            }
            *output++ = (int8_t)mf_clamp_act(
                (int64_t)mf_mbqm((int32_t)acc, params->requant.multiplier, params->requant.shift) + out_off,
                params->act);
          }
        }
      }
    }
  }
  return MF_STATUS_OK;
}
