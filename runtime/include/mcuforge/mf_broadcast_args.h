/* SPDX-License-Identifier: Apache-2.0 */
/* BROADCAST_ARGS: the numpy broadcast of two shape vectors (int32 or int64), computed at run time
 * because the shapes may be activations. */
#ifndef MCUFORGE_MF_BROADCAST_ARGS_H
#define MCUFORGE_MF_BROADCAST_ARGS_H

#include "mcuforge/mf_types.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
  int32_t element_bytes; /* 4 (int32 shapes) or 8 (int64 shapes) */
  int32_t count1;        /* elements of shape 1 (>= 0) */
  int32_t count2;        /* elements of shape 2 (>= 0) */
  int32_t out_count;     /* elements of the output (>= 0) */
} mf_broadcast_args_params;

/* Aligning the shapes at their ends (a missing entry counts as 1), output entry k from the end is
 * the other shape's entry where one of them is 1, else their common value. Entries are taken as
 * 32-bit integers, as TFLM does (int64 shapes are truncated, then written back sign-extended).
 * Fails with MF_STATUS_BAD_PARAM when two entries differ and neither is 1 (TFLM aborts there). */
mf_status mf_broadcast_args(const mf_broadcast_args_params* params, const void* shape1, const void* shape2,
                            void* output);

#ifdef __cplusplus
}
#endif

#endif /* MCUFORGE_MF_BROADCAST_ARGS_H */
