/* SPDX-License-Identifier: Apache-2.0 */
/* mf_broadcast_args: see mcuforge/mf_broadcast_args.h. */
#include <string.h>

#include "mcuforge/mf_broadcast_args.h"

/* The low 32 bits of v as a two's complement int32, without implementation-defined conversions. */
static int32_t low32(int64_t v) {
  const uint32_t u = (uint32_t)((uint64_t)v & 0xffffffffu);
  return u <= 0x7fffffffu ? (int32_t)u : -(int32_t)(0xffffffffu - u) - 1;
}

/* Entry `back` positions from the end of a shape vector, or 1 past its start. */
static int32_t entry_from_end(const uint8_t* shape, int32_t count, int32_t back, int32_t wide) {
  const int32_t i = count - 1 - back;
  if (i < 0) return 1;
  if (wide) {
    int64_t v;
    memcpy(&v, shape + (size_t)i * 8, 8);
    return low32(v);
  } else {
    int32_t v;
    memcpy(&v, shape + (size_t)i * 4, 4);
    return v;
  }
}

mf_status mf_broadcast_args(const mf_broadcast_args_params* params, const void* shape1, const void* shape2,
                            void* output) {
  int32_t k, wide;
  uint8_t* out = (uint8_t*)output;
  MF_REQUIRE(params != NULL);
  MF_REQUIRE(params->element_bytes == 4 || params->element_bytes == 8);
  MF_REQUIRE(params->count1 >= 0 && params->count2 >= 0 && params->out_count >= 0);
  if (params->out_count == 0) return MF_STATUS_OK;
  MF_REQUIRE(output != NULL && (shape1 != NULL || params->count1 == 0) && (shape2 != NULL || params->count2 == 0));
  wide = params->element_bytes == 8;
  for (k = 0; k < params->out_count; ++k) {
    const int32_t d1 = entry_from_end((const uint8_t*)shape1, params->count1, k, wide);
    const int32_t d2 = entry_from_end((const uint8_t*)shape2, params->count2, k, wide);
    const int32_t d = d1 == 1 ? d2 : d1;
    const size_t at = (size_t)(params->out_count - 1 - k) * (size_t)params->element_bytes;
    MF_REQUIRE(d1 == 1 || d2 == 1 || d1 == d2);
    if (wide) {
      const int64_t v = d;
      memcpy(out + at, &v, 8);
    } else {
      memcpy(out + at, &d, 4);
    }
  }
  return MF_STATUS_OK;
}
