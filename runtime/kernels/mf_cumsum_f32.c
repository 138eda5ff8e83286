/* SPDX-License-Identifier: Apache-2.0 */
/* mf_cumsum_f32: CUMSUM over float32, see mcuforge/mf_index.h. */
#include "mcuforge/mf_index.h"

mf_status mf_cumsum_f32(const mf_cumsum_shape* shape, const float* input, float* output) {
  int32_t a, b, d;
  MF_REQUIRE(shape != NULL && shape->before >= 0 && shape->depth >= 0 && shape->after >= 0);
  if ((int64_t)shape->before * shape->depth * shape->after == 0) return MF_STATUS_OK;
  MF_REQUIRE(input != NULL && output != NULL);
  for (a = 0; a < shape->after; ++a) {
    for (b = 0; b < shape->before; ++b) {
      /* One running sum along the axis, in TFLM's order (from the end with `reverse`). */
      const size_t base = (size_t)b * (size_t)shape->depth * (size_t)shape->after + (size_t)a;
      float sum = 0.0f;
      for (d = 0; d < shape->depth; ++d) {
        const int32_t k = shape->reverse ? shape->depth - 1 - d : d;
        const size_t i = base + (size_t)k * (size_t)shape->after;
        const float x = input[i];
        if (shape->exclusive) {
          output[i] = sum;
          sum += x;
        } else {
          sum += x;
          output[i] = sum;
        }
      }
    }
  }
  return MF_STATUS_OK;
}
