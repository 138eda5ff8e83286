/* SPDX-License-Identifier: Apache-2.0 */
/* What the BATCH_MATMUL kernels share: the precondition check, and the walk over the broadcast batch
 * dimensions that hands each kernel one LHS matrix as [rows, depth] and one RHS matrix as [cols, depth]
 * (both row-major, so every output is a contiguous dot product), transposing a stored operand into
 * scratch when its layout is the other one. A matrix that broadcasting reuses is transposed once. */
#ifndef MCUFORGE_INTERNAL_MF_BATCH_MATMUL_INTERNAL_H
#define MCUFORGE_INTERNAL_MF_BATCH_MATMUL_INTERNAL_H

#include <string.h>

#include "mcuforge/mf_batch_matmul.h"
#include "mf_fixedpoint.h" /* MF_INLINE */

MF_INLINE int mf_bmm_valid(const mf_batch_matmul_params* p, const void* lhs, const void* rhs, const void* out,
                           const void* scratch, size_t element_bytes) {
  int64_t batches = 1;
  int k;
  if (p == NULL || lhs == NULL || rhs == NULL || out == NULL) return 0;
  if (p->rows <= 0 || p->depth <= 0 || p->cols <= 0) return 0;
  for (k = 0; k < MF_BATCH_MATMUL_BATCH_DIMS; ++k) {
    if (p->batch[k] <= 0 || p->lhs_stride[k] < 0 || p->rhs_stride[k] < 0) return 0;
    batches *= p->batch[k];
  }
  if (batches * p->rows * p->cols > INT32_MAX || (int64_t)p->rows * p->depth > INT32_MAX ||
      (int64_t)p->cols * p->depth > INT32_MAX) {
    return 0;
  }
  return scratch != NULL || mf_batch_matmul_scratch_size(p, element_bytes) == 0;
}

/* dst[c * rows + r] = src[r * cols + c] for elements of `size` bytes. */
MF_INLINE void mf_bmm_transpose(const void* src, int32_t rows, int32_t cols, void* dst, size_t size) {
  int32_t r, c;
  const uint8_t* s = (const uint8_t*)src;
  uint8_t* d = (uint8_t*)dst;
  for (r = 0; r < rows; ++r) {
    for (c = 0; c < cols; ++c) {
      memcpy(d + ((size_t)c * (size_t)rows + (size_t)r) * size, s + ((size_t)r * (size_t)cols + (size_t)c) * size,
             size);
    }
  }
}

/* The walk: `b` counts output batches; *lhs_m / *rhs_m are set to the row-major matrices of batch b. */
typedef struct {
  const mf_batch_matmul_params* p;
  const uint8_t* lhs;
  const uint8_t* rhs;
  uint8_t* lhs_t; /* scratch for the transposed LHS, or NULL */
  uint8_t* rhs_t; /* scratch for the transposed RHS, or NULL */
  const uint8_t* last_lhs;
  const uint8_t* last_rhs;
  size_t size;
} mf_bmm_walk;

MF_INLINE void mf_bmm_walk_init(mf_bmm_walk* w, const mf_batch_matmul_params* p, const void* lhs, const void* rhs,
                                void* scratch, size_t size) {
  const size_t lhs_bytes = p->adj_x ? ((size_t)p->rows * (size_t)p->depth * size + 3u) & ~(size_t)3u : 0u;
  w->p = p;
  w->lhs = (const uint8_t*)lhs;
  w->rhs = (const uint8_t*)rhs;
  w->lhs_t = p->adj_x ? (uint8_t*)scratch : NULL;
  w->rhs_t = p->adj_y ? NULL : (uint8_t*)scratch + lhs_bytes;
  w->last_lhs = NULL;
  w->last_rhs = NULL;
  w->size = size;
}

/* Batch (b0, b1, b2): the LHS as [rows, depth] and the RHS as [cols, depth]. */
MF_INLINE void mf_bmm_walk_matrices(mf_bmm_walk* w, int32_t b0, int32_t b1, int32_t b2, const void** lhs_m,
                                    const void** rhs_m) {
  const mf_batch_matmul_params* p = w->p;
  const uint8_t* l = w->lhs + ((size_t)b0 * (size_t)p->lhs_stride[0] + (size_t)b1 * (size_t)p->lhs_stride[1] +
                               (size_t)b2 * (size_t)p->lhs_stride[2]) * w->size;
  const uint8_t* r = w->rhs + ((size_t)b0 * (size_t)p->rhs_stride[0] + (size_t)b1 * (size_t)p->rhs_stride[1] +
                               (size_t)b2 * (size_t)p->rhs_stride[2]) * w->size;
  if (w->lhs_t != NULL) {
    if (l != w->last_lhs) mf_bmm_transpose(l, p->depth, p->rows, w->lhs_t, w->size);
    w->last_lhs = l;
    *lhs_m = w->lhs_t;
  } else {
    *lhs_m = l;
  }
  if (w->rhs_t != NULL) {
    if (r != w->last_rhs) mf_bmm_transpose(r, p->depth, p->cols, w->rhs_t, w->size);
    w->last_rhs = r;
    *rhs_m = w->rhs_t;
  } else {
    *rhs_m = r;
  }
}

#endif /* MCUFORGE_INTERNAL_MF_BATCH_MATMUL_INTERNAL_H */
