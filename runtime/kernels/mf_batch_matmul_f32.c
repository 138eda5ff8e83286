/* SPDX-License-Identifier: Apache-2.0 */
/* BATCH_MATMUL, float32 (TFLM's BatchMatMul<float>): each output the sum from 0 of the products in
 * increasing accumulation index, no activation. */
#include "mcuforge/mf_batch_matmul.h"
#include "mf_batch_matmul_internal.h"

mf_status mf_batch_matmul_f32(const mf_batch_matmul_params* params, const float* lhs, const float* rhs,
                              float* output, void* scratch) {
  mf_bmm_walk walk;
  int32_t b0, b1, b2, a, c, k, depth;
  MF_REQUIRE(mf_bmm_valid(params, lhs, rhs, output, scratch, 4));
  depth = params->depth;
  mf_bmm_walk_init(&walk, params, lhs, rhs, scratch, 4);
  for (b0 = 0; b0 < params->batch[0]; ++b0) {
    for (b1 = 0; b1 < params->batch[1]; ++b1) {
      for (b2 = 0; b2 < params->batch[2]; ++b2) {
        const void* lm;
        const void* rm;
        mf_bmm_walk_matrices(&walk, b0, b1, b2, &lm, &rm);
        for (a = 0; a < params->rows; ++a) {
          const float* l = (const float*)lm + a * depth;
          for (c = 0; c < params->cols; ++c) {
            const float* r = (const float*)rm + c * depth;
            float acc = 0.0f;
            for (k = 0; k < depth; ++k) {
              acc += r[k] * l[k];
            }
            *output++ = acc;
          }
        }
      }
    }
  }
  return MF_STATUS_OK;
}
