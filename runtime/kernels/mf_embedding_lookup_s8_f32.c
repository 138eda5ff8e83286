/* SPDX-License-Identifier: Apache-2.0 */
/* mf_embedding_lookup_s8_f32: EMBEDDING_LOOKUP of int8 rows dequantized to float32, see
 * mcuforge/mf_index.h. */
#include "mcuforge/mf_index.h"

mf_status mf_embedding_lookup_s8_f32(const mf_embedding_lookup_params* params, const int32_t* lookup,
                                     const int8_t* table, float* output) {
  int32_t k, c;
  MF_REQUIRE(params != NULL && params->rows >= 0 && params->columns >= 0 && params->lookups >= 0);
  if (params->lookups == 0) return MF_STATUS_OK;
  MF_REQUIRE(lookup != NULL && table != NULL && output != NULL);
  for (k = 0; k < params->lookups; ++k) {
    const int32_t row = lookup[k];
    const int8_t* from;
    if (row < 0 || row >= params->rows) return MF_STATUS_BAD_INPUT;
    from = table + (size_t)row * (size_t)params->columns;
    /* An int8 times a float scale: exact in double, so the float product rounds as TFLite's. */
    for (c = 0; c < params->columns; ++c) *output++ = (float)from[c] * params->scale;
  }
  return MF_STATUS_OK;
}
