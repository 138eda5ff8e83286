/* SPDX-License-Identifier: Apache-2.0 */
/* mf_gather_nd: GATHER_ND, see mcuforge/mf_index.h. */
#include "mcuforge/mf_index.h"

#include <string.h>

mf_status mf_gather_nd(const mf_gather_nd_params* params, const void* input, const void* indices, void* output) {
  int32_t s, j;
  size_t slice_bytes;
  const uint8_t* in = (const uint8_t*)input;
  uint8_t* out = (uint8_t*)output;
  const int32_t* idx32 = (const int32_t*)indices;
  const int64_t* idx64 = (const int64_t*)indices;
  MF_REQUIRE(params != NULL);
  MF_REQUIRE(params->slice_bytes >= 0 && params->slices >= 0);
  MF_REQUIRE(params->depth >= 0 && params->depth <= MF_GATHER_ND_MAX_DEPTH);
  MF_REQUIRE(params->index_bytes == 4 || params->index_bytes == 8);
  for (j = 0; j < params->depth; ++j) MF_REQUIRE(params->dims[j] >= 0 && params->stride[j] >= 0);
  slice_bytes = (size_t)params->slice_bytes;
  if (params->slices == 0 || slice_bytes == 0) return MF_STATUS_OK;
  MF_REQUIRE(input != NULL && output != NULL && (indices != NULL || params->depth == 0));
  for (s = 0; s < params->slices; ++s) {
    int64_t from = 0; /* in slices */
    for (j = 0; j < params->depth; ++j) {
      const size_t k = (size_t)s * (size_t)params->depth + (size_t)j;
      const int64_t index = params->index_bytes == 4 ? (int64_t)idx32[k] : idx64[k];
      if (index < 0 || index >= params->dims[j]) return MF_STATUS_BAD_INPUT;
      from += index * params->stride[j];
    }
    memcpy(out, in + (size_t)from * slice_bytes, slice_bytes);
    out += slice_bytes;
  }
  return MF_STATUS_OK;
}
