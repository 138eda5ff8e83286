/* SPDX-License-Identifier: Apache-2.0 */
/* mf_gather: GATHER (and EMBEDDING_LOOKUP's row copy), see mcuforge/mf_index.h. */
#include "mcuforge/mf_index.h"

#include <string.h>

mf_status mf_gather(const mf_gather_params* params, const void* input, const void* indices, void* output) {
  int32_t b, o, c;
  size_t row_bytes;
  const uint8_t* in = (const uint8_t*)input;
  uint8_t* out = (uint8_t*)output;
  const int32_t* idx32 = (const int32_t*)indices;
  const int64_t* idx64 = (const int64_t*)indices;
  MF_REQUIRE(params != NULL);
  MF_REQUIRE(params->element_bytes >= 1 && params->batch >= 0 && params->outer >= 0 && params->axis_size >= 0 &&
             params->coords >= 0 && params->inner >= 0);
  MF_REQUIRE(params->index_bytes == 4 || params->index_bytes == 8);
  row_bytes = (size_t)params->inner * (size_t)params->element_bytes;
  if (params->batch == 0 || params->outer == 0 || params->coords == 0 || row_bytes == 0) return MF_STATUS_OK;
  MF_REQUIRE(input != NULL && indices != NULL && output != NULL);
  for (b = 0; b < params->batch; ++b) {
    for (o = 0; o < params->outer; ++o) {
      /* The rows [b, o, 0..axis_size) of the input. */
      const uint8_t* rows = in + ((size_t)b * (size_t)params->outer + (size_t)o) * (size_t)params->axis_size * row_bytes;
      for (c = 0; c < params->coords; ++c) {
        const size_t k = (size_t)b * (size_t)params->coords + (size_t)c;
        const int64_t index = params->index_bytes == 4 ? (int64_t)idx32[k] : idx64[k];
        if (index < 0 || index >= params->axis_size) return MF_STATUS_BAD_INPUT;
        memcpy(out, rows + (size_t)index * row_bytes, row_bytes);
        out += row_bytes;
      }
    }
  }
  return MF_STATUS_OK;
}
