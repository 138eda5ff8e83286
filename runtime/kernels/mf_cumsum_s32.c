/* SPDX-License-Identifier: Apache-2.0 */
/* mf_cumsum_s32: CUMSUM over int32 (TensorFlow Lite's; TFLM has none), see mcuforge/mf_index.h. */
#include "mcuforge/mf_index.h"

mf_status mf_cumsum_s32(const mf_cumsum_shape* shape, const int32_t* input, int32_t* output) {
  int32_t a, b, d;
  MF_REQUIRE(shape != NULL && shape->before >= 0 && shape->depth >= 0 && shape->after >= 0);
  if ((int64_t)shape->before * shape->depth * shape->after == 0) return MF_STATUS_OK;
  MF_REQUIRE(input != NULL && output != NULL);
  for (a = 0; a < shape->after; ++a) {
    for (b = 0; b < shape->before; ++b) {
      const size_t base = (size_t)b * (size_t)shape->depth * (size_t)shape->after + (size_t)a;
      uint32_t sum = 0; /* wraps on overflow, as the int32 sum does on every target */
      for (d = 0; d < shape->depth; ++d) {
        const int32_t k = shape->reverse ? shape->depth - 1 - d : d;
        const size_t i = base + (size_t)k * (size_t)shape->after;
        const uint32_t x = (uint32_t)input[i];
        if (shape->exclusive) {
          output[i] = (int32_t)sum;
          sum += x;
        } else {
          sum += x;
          output[i] = (int32_t)sum;
        }
      }
    }
  }
  return MF_STATUS_OK;
}
