/* SPDX-License-Identifier: Apache-2.0 */
/* mf_unary_math_f32: see mcuforge/mf_unary.h. A kernel apart from mf_unary_f32 so that a model using
 * only NEG or ABS does not link the transcendental functions. */
#include "mcuforge/mf_unary.h"
#include "mf_math_f32.h"
#include "mf_unary_math_f32.h"

mf_status mf_unary_math_f32(mf_unary_op op, int32_t count, const float* input, float* output) {
  int32_t i;
  MF_REQUIRE(count >= 0 && (count == 0 || (input != NULL && output != NULL)));
  switch (op) {
    case MF_UNARY_EXP:
      for (i = 0; i < count; ++i) output[i] = mf_expf(input[i]);
      break;
    case MF_UNARY_LOG:
      for (i = 0; i < count; ++i) output[i] = mf_logf(input[i]);
      break;
    case MF_UNARY_SIN:
    case MF_UNARY_COS: {
      /* One inlined copy of the shared reduction for both. */
      const int32_t cos_wanted = op == MF_UNARY_COS;
      for (i = 0; i < count; ++i) output[i] = mf_sincosf(input[i], cos_wanted);
      break;
    }
    default:
      return MF_STATUS_BAD_PARAM;
  }
  return MF_STATUS_OK;
}
