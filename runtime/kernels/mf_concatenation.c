/* SPDX-License-Identifier: Apache-2.0 */
/* mf_concatenation: see mcuforge/mf_concatenation.h. */
#include "mcuforge/mf_concatenation.h"

#include <string.h>

mf_status mf_concatenation(const mf_concatenation_params* params, const void* const* inputs, void* output) {
  int32_t o, k;
  uint8_t* out = (uint8_t*)output;
  MF_REQUIRE(params != NULL && params->part_bytes != NULL && inputs != NULL);
  MF_REQUIRE(params->outer >= 0 && params->count >= 1);
  for (k = 0; k < params->count; ++k) {
    MF_REQUIRE(params->part_bytes[k] >= 0);
    MF_REQUIRE(params->part_bytes[k] == 0 || params->outer == 0 || inputs[k] != NULL);
  }
  for (o = 0; o < params->outer; ++o) {
    for (k = 0; k < params->count; ++k) {
      const size_t n = (size_t)params->part_bytes[k];
      if (n > 0) {
        memcpy(out, (const uint8_t*)inputs[k] + (size_t)o * n, n);
        out += n;
      }
    }
  }
  return MF_STATUS_OK;
}
