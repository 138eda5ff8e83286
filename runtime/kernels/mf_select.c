/* SPDX-License-Identifier: Apache-2.0 */
/* mf_select: see mcuforge/mf_compare.h (SELECT_V2). */
#include <string.h>

#include "mcuforge/mf_compare.h"
#include "mf_bcast_iter.h"

/* The condition's offset rides along the x / y odometer of mf_bcast_iter: same index updates. */
typedef struct {
  mf_bcast_iter xy;
  int32_t cond;
} mf_select_iter;

static void mf_select_next(const mf_select_params* p, mf_select_iter* it) {
  int d = MF_BCAST_DIMS - 1;
  for (;;) {
    ++it->xy.idx[d];
    it->xy.off1 += p->shape.stride1[d];
    it->xy.off2 += p->shape.stride2[d];
    it->cond += p->cond_stride[d];
    if (it->xy.idx[d] < p->shape.dims[d] || d == 0) return;
    it->xy.off1 -= p->shape.stride1[d] * p->shape.dims[d];
    it->xy.off2 -= p->shape.stride2[d] * p->shape.dims[d];
    it->cond -= p->cond_stride[d] * p->shape.dims[d];
    it->xy.idx[d] = 0;
    --d;
  }
}

/* One loop per element size; memmove of a constant size compiles to a single load and store and is
 * the portable way to move float bits. */
#define MF_SELECT_LOOP(SIZE)                                                              \
  for (i = 0; i < count; ++i) {                                                           \
    const uint8_t* src = condition[it.cond] ? xs + (size_t)it.xy.off1 * (SIZE)            \
                                            : ys + (size_t)it.xy.off2 * (SIZE);           \
    memmove(out + (size_t)i * (SIZE), src, (SIZE)); /* src may be this very element */    \
    mf_select_next(params, &it);                                                          \
  }

mf_status mf_select(const mf_select_params* params, const uint8_t* condition, const void* x, const void* y,
                    void* output) {
  const uint8_t* xs = (const uint8_t*)x;
  const uint8_t* ys = (const uint8_t*)y;
  uint8_t* out = (uint8_t*)output;
  mf_select_iter it;
  int32_t count;
  int32_t i;
  int d;
  MF_REQUIRE(params != NULL && condition != NULL && x != NULL && y != NULL && output != NULL);
  MF_REQUIRE(params->elem_size == 1 || params->elem_size == 2 || params->elem_size == 4);
  count = mf_bcast_count(&params->shape);
  MF_REQUIRE(count >= 0);
  for (d = 0; d < MF_BCAST_DIMS; ++d) MF_REQUIRE(params->cond_stride[d] >= 0);
  mf_bcast_begin(&it.xy);
  it.cond = 0;
  if (params->elem_size == 1) {
    MF_SELECT_LOOP(1)
  } else if (params->elem_size == 2) {
    MF_SELECT_LOOP(2)
  } else {
    MF_SELECT_LOOP(4)
  }
  return MF_STATUS_OK;
}
