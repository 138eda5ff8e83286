/* SPDX-License-Identifier: Apache-2.0 */
/* mf_transpose: see mcuforge/mf_transpose.h. */
#include "mcuforge/mf_transpose.h"

#include <string.h>

mf_status mf_transpose(const mf_transpose_params* params, const void* input, void* output) {
  int64_t in_stride[MF_TRANSPOSE_MAX_DIMS];
  int64_t step[MF_TRANSPOSE_MAX_DIMS]; /* input offset of one step along each output axis */
  int32_t out_dims[MF_TRANSPOSE_MAX_DIMS];
  int32_t idx[MF_TRANSPOSE_MAX_DIMS];
  int32_t rank, last, a, b, j;
  int64_t total = 1;
  size_t elem;
  uint8_t* out = (uint8_t*)output;
  const uint8_t* in = (const uint8_t*)input;

  MF_REQUIRE(params != NULL);
  rank = params->rank;
  MF_REQUIRE(rank >= 0 && rank <= MF_TRANSPOSE_MAX_DIMS && params->element_bytes >= 1);
  elem = (size_t)params->element_bytes;
  for (a = 0; a < rank; ++a) {
    MF_REQUIRE(params->in_dims[a] >= 0);
    MF_REQUIRE(params->perm[a] >= 0 && params->perm[a] < rank);
    for (b = 0; b < a; ++b) MF_REQUIRE(params->perm[b] != params->perm[a]);
    total *= params->in_dims[a];
  }
  if (total == 0) return MF_STATUS_OK;
  MF_REQUIRE(input != NULL && output != NULL);
  if (rank == 0) {
    memcpy(out, in, elem);
    return MF_STATUS_OK;
  }
  last = rank - 1;
  in_stride[last] = 1;
  for (a = last - 1; a >= 0; --a) in_stride[a] = in_stride[a + 1] * params->in_dims[a + 1];
  for (a = 0; a < rank; ++a) {
    out_dims[a] = params->in_dims[params->perm[a]];
    step[a] = in_stride[params->perm[a]];
    idx[a] = 0;
  }
  for (;;) {
    int64_t base = 0;
    for (a = 0; a < last; ++a) base += (int64_t)idx[a] * step[a];
    for (j = 0; j < out_dims[last]; ++j) {
      memcpy(out, in + (size_t)(base + (int64_t)j * step[last]) * elem, elem);
      out += elem;
    }
    for (a = last - 1; a >= 0; --a) {
      if (++idx[a] < out_dims[a]) break;
      idx[a] = 0;
    }
    if (a < 0) break;
  }
  return MF_STATUS_OK;
}
