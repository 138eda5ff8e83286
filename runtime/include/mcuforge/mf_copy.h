/* SPDX-License-Identifier: Apache-2.0 */
/* Byte copy for ops that only relabel memory (RESHAPE, SQUEEZE, EXPAND_DIMS) when the planner could
 * not alias input and output. */
#ifndef MCUFORGE_MF_COPY_H
#define MCUFORGE_MF_COPY_H

#include "mcuforge/mf_types.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Copies `bytes` bytes from `input` to `output`. The buffers may be identical but must not otherwise
 * overlap. */
mf_status mf_copy(size_t bytes, const void* input, void* output);

#ifdef __cplusplus
}
#endif

#endif /* MCUFORGE_MF_COPY_H */
