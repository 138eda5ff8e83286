/* SPDX-License-Identifier: Apache-2.0 */
/* mf_cumsum_s8: TFLM's quantized int8 CUMSUM, see mcuforge/mf_index.h. */
#include "mcuforge/mf_index.h"

#include "mf_fixedpoint.h"

mf_status mf_cumsum_s8(const mf_cumsum_s8_params* params, const int8_t* input, int8_t* output) {
  int32_t a, b, d;
  const mf_cumsum_shape* shape;
  int32_t start;
  MF_REQUIRE(params != NULL);
  shape = &params->shape;
  MF_REQUIRE(shape->before >= 0 && shape->depth >= 0 && shape->after >= 0);
  MF_REQUIRE(params->left_shift >= 0 && params->left_shift <= 23 && params->input.shift <= 0 &&
             params->output.shift <= 0 && params->input.shift >= -31 && params->output.shift >= -31);
  if ((int64_t)shape->before * shape->depth * shape->after == 0) return MF_STATUS_OK;
  MF_REQUIRE(input != NULL && output != NULL);
  /* TFLM's sums start from the scaled -input_zero_point. */
  start = mf_mbqm((int32_t)((uint32_t)(-params->input_zero_point) << params->left_shift), params->input.multiplier,
                  params->input.shift);
  for (a = 0; a < shape->after; ++a) {
    for (b = 0; b < shape->before; ++b) {
      const size_t base = (size_t)b * (size_t)shape->depth * (size_t)shape->after + (size_t)a;
      uint32_t sum = (uint32_t)start; /* wraps as TFLM's int32 sum does on every target */
      for (d = 0; d < shape->depth; ++d) {
        const int32_t k = shape->reverse ? shape->depth - 1 - d : d;
        const size_t i = base + (size_t)k * (size_t)shape->after;
        const int32_t y = (int32_t)input[i] - params->input_zero_point;
        const int32_t scaled =
            mf_mbqm((int32_t)((uint32_t)y << params->left_shift), params->input.multiplier, params->input.shift);
        int32_t total;
        if (shape->exclusive) {
          total = (int32_t)sum;
          sum += (uint32_t)scaled;
        } else {
          sum += (uint32_t)scaled;
          total = (int32_t)sum;
        }
        output[i] = (int8_t)mf_clamp_i32(
            mf_mbqm(total, params->output.multiplier, params->output.shift) + params->output_zero_point, -128, 127);
      }
    }
  }
  return MF_STATUS_OK;
}
