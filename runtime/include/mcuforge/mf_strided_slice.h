/* SPDX-License-Identifier: Apache-2.0 */
/* STRIDED_SLICE for any element type. The compiler resolves begin/end/strides and all masks (begin,
 * end, ellipsis, new axis, shrink axis, offset) into one start, stride and element count per input
 * axis; the kernel only walks those positions in C order. */
#ifndef MCUFORGE_MF_STRIDED_SLICE_H
#define MCUFORGE_MF_STRIDED_SLICE_H

#include "mcuforge/mf_types.h"

#ifdef __cplusplus
extern "C" {
#endif

#define MF_STRIDED_SLICE_MAX_DIMS 8

typedef struct {
  int32_t rank;          /* input rank, 1..MF_STRIDED_SLICE_MAX_DIMS */
  int32_t element_bytes; /* >= 1 */
  int32_t in_dims[MF_STRIDED_SLICE_MAX_DIMS];
  int32_t start[MF_STRIDED_SLICE_MAX_DIMS];  /* first index read on each axis */
  int32_t stride[MF_STRIDED_SLICE_MAX_DIMS]; /* non-zero, may be negative */
  int32_t count[MF_STRIDED_SLICE_MAX_DIMS];  /* indices read on each axis (>= 0) */
} mf_strided_slice_params;

/* Writes, in C order over (i_0, ..., i_{rank-1}) with 0 <= i_a < count[a], the input element at index
 * start[a] + i_a * stride[a] on each axis. The output holds prod(count) elements. Fails with
 * MF_STATUS_BAD_PARAM if any index read would fall outside in_dims. */
mf_status mf_strided_slice(const mf_strided_slice_params* params, const void* input, void* output);

#ifdef __cplusplus
}
#endif

#endif /* MCUFORGE_MF_STRIDED_SLICE_H */
