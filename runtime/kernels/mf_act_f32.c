/* SPDX-License-Identifier: Apache-2.0 */
/* mf_act_f32: see mcuforge/mf_act.h (RELU, RELU6, LEAKY_RELU, ELU in float32, TFLM's comparisons: NaN
 * passes through RELU and RELU6, -0 stays -0). */
#include "mcuforge/mf_act.h"
#include "mf_act_internal.h"

mf_status mf_act_f32(const mf_act_f32_params* params, int32_t count, const float* input, float* output) {
  int32_t i;
  MF_REQUIRE(params != NULL && count >= 0 && (count == 0 || (input != NULL && output != NULL)));
  switch (params->kind) {
    case MF_ACT_RELU:
      for (i = 0; i < count; ++i) output[i] = input[i] < 0.0f ? 0.0f : input[i];
      break;
    case MF_ACT_RELU6:
      for (i = 0; i < count; ++i) {
        const float x = input[i];
        output[i] = x > 6.0f ? 6.0f : (x < 0.0f ? 0.0f : x);
      }
      break;
    case MF_ACT_LEAKY_RELU:
      for (i = 0; i < count; ++i) {
        const float x = input[i];
        output[i] = x > 0.0f ? x : x * params->alpha;
      }
      break;
    case MF_ACT_ELU:
      for (i = 0; i < count; ++i) {
        const float x = input[i];
        output[i] = x < 0.0f ? mf_expm1f_neg(x) : x;
      }
      break;
    default:
      return MF_STATUS_BAD_PARAM;
  }
  return MF_STATUS_OK;
}
