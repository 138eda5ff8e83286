/* SPDX-License-Identifier: Apache-2.0 */
/* Gathering several tensors into one (CONCATENATION along an axis, PACK along a new axis). Both are
 * the same byte movement once the compiler has reduced the shapes to an outer count and one block size
 * per input, so the kernel works for any element type. */
#ifndef MCUFORGE_MF_CONCATENATION_H
#define MCUFORGE_MF_CONCATENATION_H

#include "mcuforge/mf_types.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
  int32_t outer;             /* product of the output dims before the axis (>= 0) */
  int32_t count;             /* number of inputs (>= 1) */
  const int32_t* part_bytes; /* count entries: bytes input k contributes per outer step (>= 0) */
} mf_concatenation_params;

/* For each outer step o and each input k in order, appends part_bytes[k] bytes of input k (starting at
 * o * part_bytes[k]) to the output. The output holds outer * sum(part_bytes) bytes; inputs[k] holds
 * outer * part_bytes[k] bytes. No buffer may overlap the output. */
mf_status mf_concatenation(const mf_concatenation_params* params, const void* const* inputs, void* output);

#ifdef __cplusplus
}
#endif

#endif /* MCUFORGE_MF_CONCATENATION_H */
