/* SPDX-License-Identifier: Apache-2.0 */
/* Padding for any element type: PAD / PADV2 add a constant value before and after each axis
 * (mf_pad); MIRROR_PAD adds mirrored copies of the edge elements (mf_mirror_pad). The compiler resolves
 * the paddings tensor and the pad value; the kernels only walk the output in C order. */
#ifndef MCUFORGE_MF_PAD_H
#define MCUFORGE_MF_PAD_H

#include "mcuforge/mf_types.h"

#ifdef __cplusplus
extern "C" {
#endif

#define MF_PAD_MAX_DIMS 8

typedef struct {
  int32_t rank;          /* 1..MF_PAD_MAX_DIMS (a scalar is passed as rank 1 with one element) */
  int32_t element_bytes; /* mf_pad: 1, 2 or 4; mf_mirror_pad: >= 1 */
  int32_t in_dims[MF_PAD_MAX_DIMS];
  int32_t before[MF_PAD_MAX_DIMS]; /* elements added before the input on each axis (>= 0) */
  int32_t after[MF_PAD_MAX_DIMS];  /* elements added after it (>= 0) */
  int32_t reflect;                 /* mf_mirror_pad only: 1 = REFLECT (edge not repeated), 0 = SYMMETRIC */
} mf_pad_params;

/* output[i] = input[i - before] where every axis' index lies inside the input, else *pad_value (one
 * element of the input's type). The output shape is before + in_dims + after on each axis. Buffers
 * must not overlap. */
mf_status mf_pad(const mf_pad_params* params, const void* input, const void* pad_value, void* output);

/* Like mf_pad, but the padding mirrors the input at each edge: with REFLECT the element at index
 * -k comes from index k, with SYMMETRIC from index k - 1 (and likewise after the end). Requires
 * before and after <= in_dims - 1 (REFLECT) or <= in_dims (SYMMETRIC); fails with
 * MF_STATUS_BAD_PARAM otherwise. Buffers must not overlap. */
mf_status mf_mirror_pad(const mf_pad_params* params, const void* input, void* output);

#ifdef __cplusplus
}
#endif

#endif /* MCUFORGE_MF_PAD_H */
