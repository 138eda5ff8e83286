/* SPDX-License-Identifier: Apache-2.0 */
/* Walks the output of a broadcasting binary kernel in C order while tracking the matching element
 * offsets of both inputs (see mf_bcast in mcuforge/mf_elementwise.h). Odometer-style: only the
 * innermost dimension moves on most steps, so the cost per element is a few adds. */
#ifndef MCUFORGE_INTERNAL_MF_BCAST_ITER_H
#define MCUFORGE_INTERNAL_MF_BCAST_ITER_H

#include <stdint.h>

#include "mcuforge/mf_elementwise.h"
#include "mf_fixedpoint.h"

typedef struct {
  int32_t idx[MF_BCAST_DIMS];
  int32_t off1; /* element offset into input 1 */
  int32_t off2; /* element offset into input 2 */
} mf_bcast_iter;

/* Number of output elements, or -1 if the description is malformed (negative extent or stride,
 * or more than INT32_MAX elements). */
MF_INLINE int32_t mf_bcast_count(const mf_bcast* b) {
  int64_t n = 1;
  int d;
  for (d = 0; d < MF_BCAST_DIMS; ++d) {
    if (b->dims[d] < 0 || b->stride1[d] < 0 || b->stride2[d] < 0) return -1;
    n *= b->dims[d];
    if (n > INT32_MAX) return -1;
  }
  return (int32_t)n;
}

/* True when neither input is broadcast: both walk the output's elements in order (a flat loop). */
MF_INLINE int mf_bcast_is_flat(const mf_bcast* b) {
  int32_t expect = 1;
  int d;
  for (d = MF_BCAST_DIMS - 1; d >= 0; --d) {
    if (b->dims[d] != 1 && (b->stride1[d] != expect || b->stride2[d] != expect)) return 0;
    expect *= b->dims[d];
  }
  return 1;
}

MF_INLINE void mf_bcast_begin(mf_bcast_iter* it) {
  int d;
  for (d = 0; d < MF_BCAST_DIMS; ++d) it->idx[d] = 0;
  it->off1 = 0;
  it->off2 = 0;
}

MF_INLINE void mf_bcast_next(const mf_bcast* b, mf_bcast_iter* it) {
  int d = MF_BCAST_DIMS - 1;
  for (;;) {
    ++it->idx[d];
    it->off1 += b->stride1[d];
    it->off2 += b->stride2[d];
    if (it->idx[d] < b->dims[d] || d == 0) return;
    it->off1 -= b->stride1[d] * b->dims[d];
    it->off2 -= b->stride2[d] * b->dims[d];
    it->idx[d] = 0;
    --d;
  }
}

#endif /* MCUFORGE_INTERNAL_MF_BCAST_ITER_H */
