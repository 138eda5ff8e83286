/* SPDX-License-Identifier: Apache-2.0 */
/* mf_logical_not: see mcuforge/mf_unary.h. */
#include "mcuforge/mf_unary.h"

mf_status mf_logical_not(int32_t count, const uint8_t* input, uint8_t* output) {
  int32_t i;
  MF_REQUIRE(count >= 0 && (count == 0 || (input != NULL && output != NULL)));
  for (i = 0; i < count; ++i) output[i] = (uint8_t)(input[i] == 0 ? 1 : 0);
  return MF_STATUS_OK;
}
