/* SPDX-License-Identifier: Apache-2.0 */
/* mf_arg_minmax_f32: ARG_MAX / ARG_MIN over float, see mcuforge/mf_index.h. */
#include "mcuforge/mf_index.h"

mf_status mf_arg_minmax_f32(const mf_arg_minmax_params* params, const float* input, void* output) {
  int32_t o, i, k;
  int32_t* out32 = (int32_t*)output;
  int64_t* out64 = (int64_t*)output;
  MF_REQUIRE(params != NULL && input != NULL && output != NULL);
  MF_REQUIRE(params->outer >= 0 && params->inner >= 0 && params->axis_size >= 1);
  MF_REQUIRE(params->output_bytes == 4 || params->output_bytes == 8);
  for (o = 0; o < params->outer; ++o) {
    const float* block = input + (size_t)o * (size_t)params->axis_size * (size_t)params->inner;
    for (i = 0; i < params->inner; ++i) {
      float best = block[i];
      int32_t best_index = 0;
      /* Strict comparisons: the first extreme wins, and a NaN never replaces the current value. */
      for (k = 1; k < params->axis_size; ++k) {
        const float v = block[(size_t)k * (size_t)params->inner + (size_t)i];
        if (params->is_max ? v > best : v < best) {
          best = v;
          best_index = k;
        }
      }
      if (params->output_bytes == 4) {
        *out32++ = best_index;
      } else {
        *out64++ = best_index;
      }
    }
  }
  return MF_STATUS_OK;
}
