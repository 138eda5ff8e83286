/* SPDX-License-Identifier: Apache-2.0 */
/* Walks one block of a reduction (mf_reduce.h) row by row, a row being one pass over the innermost
 * run: gives each row's output offset inside the block and whether it is the first row that reaches
 * its outputs (every reduced index outside the innermost run is 0). Rows come in input order. */
#ifndef MCUFORGE_INTERNAL_MF_REDUCE_ROWS_H
#define MCUFORGE_INTERNAL_MF_REDUCE_ROWS_H

#include <stdint.h>

#include "mcuforge/mf_reduce.h"
#include "mf_fixedpoint.h"

typedef struct {
  int32_t walk_runs;     /* runs iterated row by row (all but the innermost) */
  int32_t inner_len;     /* elements of one row */
  int32_t inner_reduced; /* the innermost run is reduced: a row adds into one output */
  int32_t rows;          /* rows per block */
  int32_t idx[MF_REDUCE_MAX_RUNS];
  int32_t out_stride[MF_REDUCE_MAX_RUNS]; /* 0 for reduced runs */
  int32_t out_off;       /* output offset of the current row inside the block */
  int32_t nonzero_reduced; /* reduced runs whose index is not 0: the row is first when 0 */
} mf_reduce_rows;

/* The shape is one the compiler can produce: products consistent and within int32. */
MF_INLINE int mf_reduce_shape_ok(const mf_reduce_shape* s) {
  int64_t in = 1, out = 1, count = 1;
  int32_t k;
  if (s->runs < 0 || s->runs > MF_REDUCE_MAX_RUNS || s->outer < 1) return 0;
  for (k = 0; k < s->runs; ++k) {
    if (s->dims[k] < 1) return 0;
    in *= s->dims[k];
    if (k % 2 == 0) count *= s->dims[k];
    else out *= s->dims[k];
    if (in > INT32_MAX) return 0;
  }
  return in == s->block_in && out == s->block_out && count == s->count &&
         (int64_t)s->outer * in <= INT32_MAX;
}

MF_INLINE void mf_reduce_rows_init(mf_reduce_rows* it, const mf_reduce_shape* s) {
  int32_t k, stride;
  it->walk_runs = s->runs > 0 ? s->runs - 1 : 0;
  it->inner_len = s->runs > 0 ? s->dims[s->runs - 1] : 1;
  it->inner_reduced = s->runs > 0 && (s->runs - 1) % 2 == 0;
  it->rows = s->block_in / it->inner_len;
  stride = it->inner_reduced ? 1 : it->inner_len;
  for (k = it->walk_runs - 1; k >= 0; --k) {
    it->idx[k] = 0;
    if (k % 2 == 1) {
      it->out_stride[k] = stride;
      stride *= s->dims[k];
    } else {
      it->out_stride[k] = 0;
    }
  }
  it->out_off = 0;
  it->nonzero_reduced = 0;
}

/* Moves to the next row (row-major over the walked runs). */
MF_INLINE void mf_reduce_rows_next(mf_reduce_rows* it, const mf_reduce_shape* s) {
  int32_t k;
  for (k = it->walk_runs - 1; k >= 0; --k) {
    it->out_off += it->out_stride[k];
    if (++it->idx[k] < s->dims[k]) {
      if (k % 2 == 0 && it->idx[k] == 1) ++it->nonzero_reduced;
      return;
    }
    it->out_off -= it->out_stride[k] * s->dims[k];
    if (k % 2 == 0 && s->dims[k] > 1) --it->nonzero_reduced;
    it->idx[k] = 0;
  }
}

/* The requantization parameters are ones QuantizeMultiplier (and MEAN's folding of 1/count) give. */
MF_INLINE int mf_reduce_requant_ok(const mf_requant* r) {
  return r->multiplier >= 0 && r->shift >= -31 && r->shift <= 31;
}

/* One integer output: TFLM's QuantizedMeanOrSum after the sums. The sum and zp_in * count wrap to
 * 32 bits (TFLM casts the int64 difference to int32). */
MF_INLINE int32_t mf_reduce_requant(int32_t sum, int32_t zp_in, int32_t count, const mf_requant* r,
                                    int32_t zp_out, int32_t lo, int32_t hi) {
  const int32_t shifted = (int32_t)((uint32_t)sum - (uint32_t)zp_in * (uint32_t)count);
  return mf_clamp_i32(mf_mbqm(shifted, r->multiplier, r->shift) + zp_out, lo, hi);
}

#endif /* MCUFORGE_INTERNAL_MF_REDUCE_ROWS_H */
