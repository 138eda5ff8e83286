/* SPDX-License-Identifier: Apache-2.0 */
/* SHAPE: writes a tensor's (static) dimensions as int32 or int64. The input's data is never read, which
 * is why the constant-folding pass can replace every SHAPE by a constant. */
#ifndef MCUFORGE_MF_SHAPE_H
#define MCUFORGE_MF_SHAPE_H

#include "mcuforge/mf_types.h"

#ifdef __cplusplus
extern "C" {
#endif

#define MF_SHAPE_MAX_DIMS 8

typedef struct {
  int32_t rank;          /* 0..MF_SHAPE_MAX_DIMS */
  int32_t element_bytes; /* 4 (int32 output) or 8 (int64 output) */
  int32_t dims[MF_SHAPE_MAX_DIMS];
} mf_shape_params;

/* Writes dims[0..rank-1] to `output` as rank integers of element_bytes bytes each. */
mf_status mf_shape(const mf_shape_params* params, void* output);

#ifdef __cplusplus
}
#endif

#endif /* MCUFORGE_MF_SHAPE_H */
