/* SPDX-License-Identifier: Apache-2.0 */
/* mf_shape: see mcuforge/mf_shape.h. */
#include "mcuforge/mf_shape.h"

#include <string.h>

mf_status mf_shape(const mf_shape_params* params, void* output) {
  int32_t i;
  MF_REQUIRE(params != NULL && params->rank >= 0 && params->rank <= MF_SHAPE_MAX_DIMS);
  MF_REQUIRE(params->element_bytes == 4 || params->element_bytes == 8);
  if (params->rank == 0) return MF_STATUS_OK;
  MF_REQUIRE(output != NULL);
  for (i = 0; i < params->rank; ++i) {
    if (params->element_bytes == 4) {
      const int32_t d = params->dims[i];
      memcpy((uint8_t*)output + (size_t)i * 4u, &d, 4u);
    } else {
      const int64_t d = params->dims[i];
      memcpy((uint8_t*)output + (size_t)i * 8u, &d, 8u);
    }
  }
  return MF_STATUS_OK;
}
