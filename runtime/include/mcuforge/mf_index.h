/* SPDX-License-Identifier: Apache-2.0 */
/* The indexing and space-rearrangement family: ARG_MAX / ARG_MIN, GATHER, GATHER_ND, EMBEDDING_LOOKUP,
 * SPACE_TO_BATCH_ND / BATCH_TO_SPACE_ND and CUMSUM (DEPTH_TO_SPACE and SPACE_TO_DEPTH are transposes:
 * mf_transpose.h). The index kernels read their indices at run time: an index outside the indexed
 * dimension makes them return MF_STATUS_BAD_INPUT without reading out of bounds (the output is then
 * partly written), as TFLM returns an error. */
#ifndef MCUFORGE_MF_INDEX_H
#define MCUFORGE_MF_INDEX_H

#include "mcuforge/mf_types.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- ARG_MAX / ARG_MIN ------------------------------------------------------------------------------
 * The input seen as [outer, axis_size, inner]; output[o, i] = the index along the axis of the first
 * largest (is_max) or smallest element, as int32 (output_bytes 4) or int64 (8). The comparison is
 * strict, so ties and NaNs keep the earlier index (TFLM's reference loop). */
typedef struct {
  int32_t outer;
  int32_t axis_size; /* >= 1 */
  int32_t inner;
  int32_t is_max;       /* 1: ARG_MAX, 0: ARG_MIN */
  int32_t output_bytes; /* 4 or 8 */
} mf_arg_minmax_params;

mf_status mf_arg_minmax_f32(const mf_arg_minmax_params* params, const float* input, void* output);
mf_status mf_arg_minmax_s8(const mf_arg_minmax_params* params, const int8_t* input, void* output);
mf_status mf_arg_minmax_s32(const mf_arg_minmax_params* params, const int32_t* input, void* output);

/* ---- GATHER -----------------------------------------------------------------------------------------
 * input [batch, outer, axis_size, inner] (elements of element_bytes), indices [batch, coords] (int32
 * or int64: index_bytes 4 or 8); output[b, o, c, i] = input[b, o, indices[b, c], i]. EMBEDDING_LOOKUP
 * without dequantization is the case batch = outer = 1. */
typedef struct {
  int32_t element_bytes;
  int32_t batch;
  int32_t outer;
  int32_t axis_size;
  int32_t coords; /* indices per batch */
  int32_t inner;
  int32_t index_bytes; /* 4 or 8 */
} mf_gather_params;

mf_status mf_gather(const mf_gather_params* params, const void* input, const void* indices, void* output);

/* ---- GATHER_ND --------------------------------------------------------------------------------------
 * indices [slices, depth]; slice s is the sub-tensor of the input at the leading coordinates
 * indices[s, 0..depth-1], of slice_bytes bytes (the input's trailing dimensions from `depth` on). */
#define MF_GATHER_ND_MAX_DEPTH 5

typedef struct {
  int32_t slice_bytes;
  int32_t slices;
  int32_t depth;       /* 0..MF_GATHER_ND_MAX_DEPTH */
  int32_t index_bytes; /* 4 or 8 */
  int32_t dims[MF_GATHER_ND_MAX_DEPTH];   /* the input's leading dimensions */
  int32_t stride[MF_GATHER_ND_MAX_DEPTH]; /* slices one step along each of them spans */
} mf_gather_nd_params;

mf_status mf_gather_nd(const mf_gather_nd_params* params, const void* input, const void* indices, void* output);

/* ---- EMBEDDING_LOOKUP of int8 rows into float32 (TFLM's hybrid path) --------------------------------
 * output[k, c] = (float)table[lookup[k], c] * scale; the table is symmetric (zero point 0). */
typedef struct {
  int32_t rows;
  int32_t columns;
  int32_t lookups;
  float scale;
} mf_embedding_lookup_params;

mf_status mf_embedding_lookup_s8_f32(const mf_embedding_lookup_params* params, const int32_t* lookup,
                                     const int8_t* table, float* output);

/* ---- SPACE_TO_BATCH_ND / BATCH_TO_SPACE_ND ----------------------------------------------------------
 * NHWC tensors (a 3-D NHC tensor is W = 1, block_w = 1). SPACE_TO_BATCH_ND (to_batch = 1): output
 * batch (sh * block_w + sw) * in_batch + b holds the input pixels (oh * block_h + sh - pad_top,
 * ow * block_w + sw - pad_left) of batch b; pixels outside the input are filled with pad_byte.
 * BATCH_TO_SPACE_ND (to_batch = 0) is its inverse, with pad_top / pad_left the crops before. */
typedef struct {
  int32_t element_bytes;
  int32_t to_batch;
  int32_t in_batch, in_h, in_w;
  int32_t out_batch, out_h, out_w;
  int32_t depth;
  int32_t block_h, block_w;
  int32_t pad_top, pad_left;
  int32_t pad_byte; /* SPACE_TO_BATCH_ND: the byte of padded elements (int8 zero point, 0 for float) */
} mf_space_batch_params;

mf_status mf_space_batch(const mf_space_batch_params* params, const void* input, void* output);

/* ---- CUMSUM -----------------------------------------------------------------------------------------
 * The tensor seen as [before, depth, after]; running sums along `depth`, starting from the last
 * element with `reverse`, each output excluding its own input with `exclusive`. */
typedef struct {
  int32_t before;
  int32_t depth;
  int32_t after;
  int32_t exclusive;
  int32_t reverse;
} mf_cumsum_shape;

mf_status mf_cumsum_f32(const mf_cumsum_shape* shape, const float* input, float* output);
/* int32 sums wrap on overflow. */
mf_status mf_cumsum_s32(const mf_cumsum_shape* shape, const int32_t* input, int32_t* output);

/* int8 (TFLM's quantized CUMSUM): every input becomes (x - input_zero_point) << left_shift scaled by
 * `input` (0.5); the int32 sums are scaled by `output` and offset by output_zero_point. TFLM starts
 * each sum at the scaled -input_zero_point (not 0); this kernel does the same. */
typedef struct {
  mf_cumsum_shape shape;
  int32_t input_zero_point;
  int32_t output_zero_point;
  int32_t left_shift;
  mf_requant input;  /* shift <= 0 */
  mf_requant output; /* shift <= 0 */
} mf_cumsum_s8_params;

mf_status mf_cumsum_s8(const mf_cumsum_s8_params* params, const int8_t* input, int8_t* output);

#ifdef __cplusplus
}
#endif

#endif /* MCUFORGE_MF_INDEX_H */
