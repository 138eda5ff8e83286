/* SPDX-License-Identifier: Apache-2.0 */
/* Repeating a tensor along its axes, for any element type: TILE (each axis repeated `multiples`
 * times) and BROADCAST_TO (an axis of size 1 repeated to the target size, which is TILE with
 * multiples = target / 1; the compiler left-pads the input's shape with 1s to the output's rank). */
#ifndef MCUFORGE_MF_TILE_H
#define MCUFORGE_MF_TILE_H

#include "mcuforge/mf_types.h"

#ifdef __cplusplus
extern "C" {
#endif

#define MF_TILE_MAX_DIMS 8

typedef struct {
  int32_t rank;          /* 1..MF_TILE_MAX_DIMS */
  int32_t element_bytes; /* >= 1 */
  int32_t in_dims[MF_TILE_MAX_DIMS];
  int32_t multiples[MF_TILE_MAX_DIMS]; /* >= 0 */
} mf_tile_params;

/* output[i_0, ..., i_{rank-1}] = input[i_0 % in_dims[0], ..., i_{rank-1} % in_dims[rank-1]]; the
 * output shape is in_dims[a] * multiples[a]. Buffers must not overlap. */
mf_status mf_tile(const mf_tile_params* params, const void* input, void* output);

#ifdef __cplusplus
}
#endif

#endif /* MCUFORGE_MF_TILE_H */
