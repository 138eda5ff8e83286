/* SPDX-License-Identifier: Apache-2.0 */
/* mf_split: see mcuforge/mf_split.h. */
#include "mcuforge/mf_split.h"

#include <string.h>

mf_status mf_split(const mf_split_params* params, const void* input, void* const* outputs) {
  int32_t o, k;
  const uint8_t* in = (const uint8_t*)input;
  MF_REQUIRE(params != NULL && params->part_bytes != NULL && outputs != NULL);
  MF_REQUIRE(params->outer >= 0 && params->count >= 1);
  for (k = 0; k < params->count; ++k) {
    MF_REQUIRE(params->part_bytes[k] >= 0);
    MF_REQUIRE(params->part_bytes[k] == 0 || params->outer == 0 || outputs[k] != NULL);
  }
  for (o = 0; o < params->outer; ++o) {
    for (k = 0; k < params->count; ++k) {
      const size_t n = (size_t)params->part_bytes[k];
      if (n > 0) {
        memcpy((uint8_t*)outputs[k] + (size_t)o * n, in, n);
        in += n;
      }
    }
  }
  return MF_STATUS_OK;
}
