/* SPDX-License-Identifier: Apache-2.0 */
/* mf_fill: see mcuforge/mf_fill.h. */
#include "mcuforge/mf_fill.h"

#include <string.h>

mf_status mf_fill(const mf_fill_params* params, const void* value, void* output) {
  int32_t i;
  size_t n;
  MF_REQUIRE(params != NULL && params->count >= 0 && params->element_bytes >= 1);
  if (params->count == 0) return MF_STATUS_OK;
  MF_REQUIRE(value != NULL && output != NULL);
  n = (size_t)params->element_bytes;
  for (i = 0; i < params->count; ++i) {
    memcpy((uint8_t*)output + (size_t)i * n, value, n);
  }
  return MF_STATUS_OK;
}
