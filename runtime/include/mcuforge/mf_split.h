/* SPDX-License-Identifier: Apache-2.0 */
/* Scattering one tensor into several (SPLIT along an axis, UNPACK along an axis that disappears): the
 * inverse of mf_concatenation, with the same reduction of shapes to an outer count and block sizes. */
#ifndef MCUFORGE_MF_SPLIT_H
#define MCUFORGE_MF_SPLIT_H

#include "mcuforge/mf_types.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
  int32_t outer;             /* product of the input dims before the axis (>= 0) */
  int32_t count;             /* number of outputs (>= 1) */
  const int32_t* part_bytes; /* count entries: bytes output k receives per outer step (>= 0) */
} mf_split_params;

/* For each outer step o and each output k in order, moves the next part_bytes[k] bytes of the input to
 * output k (at o * part_bytes[k]). The input holds outer * sum(part_bytes) bytes. Outputs must not
 * overlap the input or each other. */
mf_status mf_split(const mf_split_params* params, const void* input, void* const* outputs);

#ifdef __cplusplus
}
#endif

#endif /* MCUFORGE_MF_SPLIT_H */
