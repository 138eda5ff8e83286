/* SPDX-License-Identifier: Apache-2.0 */
/* TRANSPOSE for any element type: output axis a is input axis perm[a]. */
#ifndef MCUFORGE_MF_TRANSPOSE_H
#define MCUFORGE_MF_TRANSPOSE_H

#include "mcuforge/mf_types.h"

#ifdef __cplusplus
extern "C" {
#endif

#define MF_TRANSPOSE_MAX_DIMS 8

typedef struct {
  int32_t rank;          /* 0..MF_TRANSPOSE_MAX_DIMS */
  int32_t element_bytes; /* >= 1 */
  int32_t in_dims[MF_TRANSPOSE_MAX_DIMS];
  int32_t perm[MF_TRANSPOSE_MAX_DIMS]; /* a permutation of 0..rank-1 */
} mf_transpose_params;

/* output[i_0, ..., i_{rank-1}] = input[j] with j[perm[a]] = i_a; the output shape is
 * in_dims[perm[a]]. Fails with MF_STATUS_BAD_PARAM if perm is not a permutation. Buffers must not
 * overlap. */
mf_status mf_transpose(const mf_transpose_params* params, const void* input, void* output);

#ifdef __cplusplus
}
#endif

#endif /* MCUFORGE_MF_TRANSPOSE_H */
