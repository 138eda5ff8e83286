/* SPDX-License-Identifier: Apache-2.0 */
/* FILL for any element type: every output element is a copy of one scalar value. */
#ifndef MCUFORGE_MF_FILL_H
#define MCUFORGE_MF_FILL_H

#include "mcuforge/mf_types.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
  int32_t count;         /* output elements (>= 0) */
  int32_t element_bytes; /* >= 1 */
} mf_fill_params;

/* Copies the element_bytes bytes at `value` into each of the count output elements. */
mf_status mf_fill(const mf_fill_params* params, const void* value, void* output);

#ifdef __cplusplus
}
#endif

#endif /* MCUFORGE_MF_FILL_H */
