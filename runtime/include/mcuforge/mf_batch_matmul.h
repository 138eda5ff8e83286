/* SPDX-License-Identifier: Apache-2.0 */
/* BATCH_MATMUL: out[..., a, c] = sum over k of L[..., a, k] * R[..., k, c] for every batch of the
 * broadcast leading dimensions (at most three, TFLM extends both operands to rank 5). L is stored as
 * [rows, depth] or, with adj_x, as [depth, rows]; R as [depth, cols] or, with adj_y, as [cols, depth].
 * The kernels copy an operand whose stored layout does not give contiguous dot products (an adj_x LHS,
 * a non-adj_y RHS) into scratch, transposed, as TFLM does; the sums run in TFLM's order, so float
 * results match and integer ones are exact (TFLM's batch_matmul.cc, FULLY_CONNECTED-style
 * requantization with both zero points). */
#ifndef MCUFORGE_MF_BATCH_MATMUL_H
#define MCUFORGE_MF_BATCH_MATMUL_H

#include "mcuforge/mf_types.h"

#ifdef __cplusplus
extern "C" {
#endif

#define MF_BATCH_MATMUL_BATCH_DIMS 3

typedef struct {
  int32_t batch[MF_BATCH_MATMUL_BATCH_DIMS];      /* output batch dims, outermost first (1 if absent) */
  int32_t lhs_stride[MF_BATCH_MATMUL_BATCH_DIMS]; /* LHS elements per step of each batch dim, 0 = broadcast */
  int32_t rhs_stride[MF_BATCH_MATMUL_BATCH_DIMS];
  int32_t rows;  /* A: output rows */
  int32_t depth; /* B: accumulation depth */
  int32_t cols;  /* C: output columns */
  int32_t adj_x; /* LHS stored [depth, rows] */
  int32_t adj_y; /* RHS stored [cols, depth] */
  /* quantized kernels only */
  int32_t lhs_offset;    /* -LHS zero point (0 for int16) */
  int32_t rhs_offset;    /* -RHS zero point (0 for int16) */
  int32_t output_offset; /* output zero point (0 for int16) */
  mf_requant requant;    /* lhs_scale * rhs_scale / output_scale */
  mf_act_range act;      /* the output type's range */
} mf_batch_matmul_params;

/* Scratch bytes a call needs for elements of `element_bytes`: the transposed LHS matrix (adj_x), padded
 * to 4 bytes, then the transposed RHS matrix (!adj_y). */
static inline size_t mf_batch_matmul_scratch_size(const mf_batch_matmul_params* p, size_t element_bytes) {
  const size_t lhs = p->adj_x ? ((size_t)p->rows * (size_t)p->depth * element_bytes + 3u) & ~(size_t)3u : 0u;
  const size_t rhs = p->adj_y ? 0u : (size_t)p->cols * (size_t)p->depth * element_bytes;
  return lhs + rhs;
}

/* Common contract: dims > 0, element counts within int32, scratch of mf_batch_matmul_scratch_size
 * bytes (4-byte aligned; NULL allowed when that is 0), output not overlapping inputs or scratch.
 * Returns MF_STATUS_BAD_PARAM otherwise. */

/* int8: wrapping int32 sum of (r + rhs_offset) * (l + lhs_offset), 32-bit requantization, + output_offset,
 * clamp to act. */
mf_status mf_batch_matmul_s8(const mf_batch_matmul_params* params, const int8_t* lhs, const int8_t* rhs,
                             int8_t* output, void* scratch);

/* int16 (zero points 0): int64 sum, 64-bit requantization (shift <= 14), clamp. */
mf_status mf_batch_matmul_s16(const mf_batch_matmul_params* params, const int16_t* lhs, const int16_t* rhs,
                              int16_t* output, void* scratch);

/* float32: the products summed from 0 in increasing k. */
mf_status mf_batch_matmul_f32(const mf_batch_matmul_params* params, const float* lhs, const float* rhs,
                              float* output, void* scratch);

/* mf_batch_matmul_s8 for cores with the Arm DSP extension (runtime/kernels/arch/cm_dsp/): identical
 * output, same contract. */
mf_status mf_batch_matmul_s8__cm_dsp(const mf_batch_matmul_params* params, const int8_t* lhs, const int8_t* rhs,
                                     int8_t* output, void* scratch);

#ifdef __cplusplus
}
#endif

#endif /* MCUFORGE_MF_BATCH_MATMUL_H */
