/* SPDX-License-Identifier: Apache-2.0 */
/* mf_strided_slice: see mcuforge/mf_strided_slice.h. */
#include "mcuforge/mf_strided_slice.h"

#include <string.h>

mf_status mf_strided_slice(const mf_strided_slice_params* params, const void* input, void* output) {
  int64_t in_stride[MF_STRIDED_SLICE_MAX_DIMS];
  int32_t idx[MF_STRIDED_SLICE_MAX_DIMS];
  int32_t rank, last, a, j;
  size_t elem;
  uint8_t* out = (uint8_t*)output;
  const uint8_t* in = (const uint8_t*)input;

  MF_REQUIRE(params != NULL);
  rank = params->rank;
  MF_REQUIRE(rank >= 1 && rank <= MF_STRIDED_SLICE_MAX_DIMS && params->element_bytes >= 1);
  elem = (size_t)params->element_bytes;
  last = rank - 1;
  for (a = 0; a < rank; ++a) {
    MF_REQUIRE(params->in_dims[a] >= 0 && params->count[a] >= 0 && params->stride[a] != 0);
    if (params->count[a] == 0) return MF_STATUS_OK; /* empty output */
  }
  /* Every index read must lie inside its axis: the first and the last one bound all others. */
  for (a = 0; a < rank; ++a) {
    const int64_t first = params->start[a];
    const int64_t final = first + (int64_t)(params->count[a] - 1) * params->stride[a];
    MF_REQUIRE(first >= 0 && first < params->in_dims[a]);
    MF_REQUIRE(final >= 0 && final < params->in_dims[a]);
  }
  MF_REQUIRE(input != NULL && output != NULL);
  in_stride[last] = 1;
  for (a = last - 1; a >= 0; --a) in_stride[a] = in_stride[a + 1] * params->in_dims[a + 1];
  for (a = 0; a < rank; ++a) idx[a] = 0;

  for (;;) {
    int64_t base = 0;
    for (a = 0; a < last; ++a) {
      base += ((int64_t)params->start[a] + (int64_t)idx[a] * params->stride[a]) * in_stride[a];
    }
    if (params->stride[last] == 1) {
      const size_t n = (size_t)params->count[last] * elem;
      memcpy(out, in + (size_t)(base + params->start[last]) * elem, n);
      out += n;
    } else {
      for (j = 0; j < params->count[last]; ++j) {
        const int64_t pos = base + params->start[last] + (int64_t)j * params->stride[last];
        memcpy(out, in + (size_t)pos * elem, elem);
        out += elem;
      }
    }
    /* Advance the odometer over the outer axes. */
    for (a = last - 1; a >= 0; --a) {
      if (++idx[a] < params->count[a]) break;
      idx[a] = 0;
    }
    if (a < 0) break;
  }
  return MF_STATUS_OK;
}
