/* SPDX-License-Identifier: Apache-2.0 */
/* mf_pad: see mcuforge/mf_pad.h. The output is written row by row (a row = the last axis): rows that
 * fall into the padding of an outer axis are all pad value, the others are before-pad, one input row,
 * after-pad. */
#include <string.h>

#include "mcuforge/mf_pad.h"

/* Writes `count` copies of the element at `value` (elem bytes) to `out`. */
static void fill(uint8_t* out, int64_t count, size_t elem, const uint8_t* value) {
  int64_t i;
  if (elem == 1) {
    memset(out, value[0], (size_t)count);
    return;
  }
  for (i = 0; i < count; ++i) memcpy(out + (size_t)i * elem, value, elem);
}

mf_status mf_pad(const mf_pad_params* params, const void* input, const void* pad_value, void* output) {
  int64_t in_stride[MF_PAD_MAX_DIMS];
  int32_t out_dims[MF_PAD_MAX_DIMS];
  int32_t idx[MF_PAD_MAX_DIMS];
  int32_t rank, last, a;
  size_t elem;
  uint8_t* out = (uint8_t*)output;
  const uint8_t* in = (const uint8_t*)input;
  const uint8_t* value = (const uint8_t*)pad_value;

  MF_REQUIRE(params != NULL && pad_value != NULL);
  rank = params->rank;
  MF_REQUIRE(rank >= 1 && rank <= MF_PAD_MAX_DIMS);
  MF_REQUIRE(params->element_bytes == 1 || params->element_bytes == 2 || params->element_bytes == 4);
  elem = (size_t)params->element_bytes;
  last = rank - 1;
  for (a = 0; a < rank; ++a) {
    MF_REQUIRE(params->in_dims[a] >= 0 && params->before[a] >= 0 && params->after[a] >= 0);
    out_dims[a] = params->before[a] + params->in_dims[a] + params->after[a];
    if (out_dims[a] == 0) return MF_STATUS_OK; /* empty output */
    idx[a] = 0;
  }
  MF_REQUIRE(output != NULL);
  in_stride[last] = 1;
  for (a = last - 1; a >= 0; --a) in_stride[a] = in_stride[a + 1] * params->in_dims[a + 1];

  for (;;) {
    int inside = 1;
    int64_t src = 0;
    for (a = 0; a < last; ++a) {
      const int32_t i = idx[a] - params->before[a];
      if (i < 0 || i >= params->in_dims[a]) {
        inside = 0;
        break;
      }
      src += (int64_t)i * in_stride[a];
    }
    if (!inside) {
      fill(out, out_dims[last], elem, value);
      out += (size_t)out_dims[last] * elem;
    } else {
      const size_t row = (size_t)params->in_dims[last] * elem;
      MF_REQUIRE(input != NULL || row == 0);
      fill(out, params->before[last], elem, value);
      out += (size_t)params->before[last] * elem;
      if (row > 0) memcpy(out, in + (size_t)src * elem, row);
      out += row;
      fill(out, params->after[last], elem, value);
      out += (size_t)params->after[last] * elem;
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
