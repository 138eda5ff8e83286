/* SPDX-License-Identifier: Apache-2.0 */
/* mf_mirror_pad: see mcuforge/mf_pad.h. Each output row (the last axis) is read from the input row
 * that the outer indices mirror to; within the row the padding elements are mirrored one by one and
 * the middle is one copy. */
#include <string.h>

#include "mcuforge/mf_pad.h"

/* The input index that output index `i` of an axis reads (before/size/reflect of that axis). */
static int32_t mirror_index(int32_t i, int32_t before, int32_t size, int32_t reflect) {
  if (i < before) return before - i - (reflect ? 0 : 1);
  i -= before;
  if (i < size) return i;
  i -= size;
  return size - 1 - i - (reflect ? 1 : 0);
}

mf_status mf_mirror_pad(const mf_pad_params* params, const void* input, void* output) {
  int64_t in_stride[MF_PAD_MAX_DIMS];
  int32_t out_dims[MF_PAD_MAX_DIMS];
  int32_t idx[MF_PAD_MAX_DIMS];
  int32_t rank, last, a, j, reflect;
  size_t elem;
  uint8_t* out = (uint8_t*)output;
  const uint8_t* in = (const uint8_t*)input;

  MF_REQUIRE(params != NULL);
  rank = params->rank;
  reflect = params->reflect ? 1 : 0;
  MF_REQUIRE(rank >= 1 && rank <= MF_PAD_MAX_DIMS && params->element_bytes >= 1);
  elem = (size_t)params->element_bytes;
  last = rank - 1;
  for (a = 0; a < rank; ++a) {
    const int32_t limit = params->in_dims[a] - reflect; /* pads may not reach past the far edge */
    MF_REQUIRE(params->in_dims[a] >= 0 && params->before[a] >= 0 && params->after[a] >= 0);
    MF_REQUIRE(params->before[a] <= limit || params->before[a] == 0);
    MF_REQUIRE(params->after[a] <= limit || params->after[a] == 0);
    out_dims[a] = params->before[a] + params->in_dims[a] + params->after[a];
    if (out_dims[a] == 0) return MF_STATUS_OK; /* empty output */
    idx[a] = 0;
  }
  MF_REQUIRE(input != NULL && output != NULL);
  in_stride[last] = 1;
  for (a = last - 1; a >= 0; --a) in_stride[a] = in_stride[a + 1] * params->in_dims[a + 1];

  for (;;) {
    const uint8_t* row;
    int64_t src = 0;
    for (a = 0; a < last; ++a) {
      src += (int64_t)mirror_index(idx[a], params->before[a], params->in_dims[a], reflect) * in_stride[a];
    }
    row = in + (size_t)src * elem;
    for (j = 0; j < params->before[last]; ++j) {
      memcpy(out, row + (size_t)mirror_index(j, params->before[last], params->in_dims[last], reflect) * elem, elem);
      out += elem;
    }
    memcpy(out, row, (size_t)params->in_dims[last] * elem);
    out += (size_t)params->in_dims[last] * elem;
    for (j = 0; j < params->after[last]; ++j) {
      const int32_t i = params->before[last] + params->in_dims[last] + j;
      memcpy(out, row + (size_t)mirror_index(i, params->before[last], params->in_dims[last], reflect) * elem, elem);
      out += elem;
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
