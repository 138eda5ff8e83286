/* SPDX-License-Identifier: Apache-2.0 */
/* mf_tile: see mcuforge/mf_tile.h. The output is written row by row (a row = the last axis): each
 * output row is `multiples` copies of the input row its outer indices wrap to. */
#include <string.h>

#include "mcuforge/mf_tile.h"

mf_status mf_tile(const mf_tile_params* params, const void* input, void* output) {
  int64_t in_stride[MF_TILE_MAX_DIMS];
  int64_t out_dims[MF_TILE_MAX_DIMS];
  int32_t idx[MF_TILE_MAX_DIMS];
  int32_t rank, last, a, m;
  size_t elem, row;
  uint8_t* out = (uint8_t*)output;
  const uint8_t* in = (const uint8_t*)input;

  MF_REQUIRE(params != NULL);
  rank = params->rank;
  MF_REQUIRE(rank >= 1 && rank <= MF_TILE_MAX_DIMS && params->element_bytes >= 1);
  elem = (size_t)params->element_bytes;
  last = rank - 1;
  for (a = 0; a < rank; ++a) {
    MF_REQUIRE(params->in_dims[a] >= 0 && params->multiples[a] >= 0);
    out_dims[a] = (int64_t)params->in_dims[a] * params->multiples[a];
    if (out_dims[a] == 0) return MF_STATUS_OK; /* empty output */
    idx[a] = 0;
  }
  MF_REQUIRE(input != NULL && output != NULL);
  in_stride[last] = 1;
  for (a = last - 1; a >= 0; --a) in_stride[a] = in_stride[a + 1] * params->in_dims[a + 1];
  row = (size_t)params->in_dims[last] * elem;

  for (;;) {
    int64_t src = 0;
    for (a = 0; a < last; ++a) src += (int64_t)(idx[a] % params->in_dims[a]) * in_stride[a];
    for (m = 0; m < params->multiples[last]; ++m) {
      memcpy(out, in + (size_t)src * elem, row);
      out += row;
    }
    /* Advance the odometer over the outer output axes. */
    for (a = last - 1; a >= 0; --a) {
      if (++idx[a] < out_dims[a]) break;
      idx[a] = 0;
    }
    if (a < 0) break;
  }
  return MF_STATUS_OK;
}
