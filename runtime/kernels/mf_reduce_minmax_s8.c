/* SPDX-License-Identifier: Apache-2.0 */
/* int8_t REDUCE_MAX and REDUCE_MIN over axes (mf_reduce.h). Each output starts from TFLM's initial
 * value (the type's lowest value for max, its highest for min) and takes an input only when it
 * compares strictly greater (smaller), as TFLM's reducer does. The output is never cleared ahead of
 * the reads (a row's first visit starts from the initial value), so it may share the input's memory. */
#include "mcuforge/mf_reduce.h"

#include "mf_reduce_rows.h"

MF_INLINE int8_t pick(int is_max, int8_t current, int8_t in) {
  if (is_max) return in > current ? in : current;
  return in < current ? in : current;
}

/* Inlined into one copy per direction (is_max a constant), so the comparison has no branch on it. */
MF_INLINE void reduce_block(const mf_reduce_shape* s, int is_max, const int8_t* x, int8_t* acc) {
  const int8_t init = is_max ? INT8_MIN : INT8_MAX;
  mf_reduce_rows it;
  int32_t row, i;
  mf_reduce_rows_init(&it, s);
  for (row = 0; row < it.rows; ++row, x += it.inner_len) {
    const int first = it.nonzero_reduced == 0;
    if (it.inner_reduced) {
      int8_t v = first ? init : acc[it.out_off];
      for (i = 0; i < it.inner_len; ++i) v = pick(is_max, v, x[i]);
      acc[it.out_off] = v;
    } else {
      int8_t* a = acc + it.out_off;
      if (first) {
        for (i = 0; i < it.inner_len; ++i) a[i] = pick(is_max, init, x[i]);
      } else {
        for (i = 0; i < it.inner_len; ++i) a[i] = pick(is_max, a[i], x[i]);
      }
    }
    mf_reduce_rows_next(&it, s);
  }
}

mf_status mf_reduce_minmax_s8(const mf_reduce_minmax_params* p, const int8_t* input, int8_t* output) {
  const mf_reduce_shape* s;
  int32_t b;
  MF_REQUIRE(p != 0 && input != 0 && output != 0);
  s = &p->shape;
  MF_REQUIRE(mf_reduce_shape_ok(s));
  for (b = 0; b < s->outer; ++b) {
    const int64_t in_off = (int64_t)b * s->block_in, out_off = (int64_t)b * s->block_out;
    if (p->is_max) {
      reduce_block(s, 1, input + in_off, output + out_off);
    } else {
      reduce_block(s, 0, input + in_off, output + out_off);
    }
  }
  return MF_STATUS_OK;
}
