/* SPDX-License-Identifier: Apache-2.0 */
/* float32 SUM and MEAN over axes (mf_reduce.h). The sums are kept in the output itself, as TFLM's
 * reference does; each one starts at 0.0f and adds its inputs in row-major order, so the rounding is
 * TFLM's. A row's first visit to its outputs starts from 0.0f instead of reading them, so the output
 * is never cleared ahead of the reads and may share the input's memory. */
#include "mcuforge/mf_reduce.h"

#include "mf_reduce_rows.h"

static void sum_block(const mf_reduce_shape* s, const float* x, float* acc) {
  mf_reduce_rows it;
  int32_t row, i;
  mf_reduce_rows_init(&it, s);
  for (row = 0; row < it.rows; ++row, x += it.inner_len) {
    const int first = it.nonzero_reduced == 0;
    if (it.inner_reduced) {
      float sum = first ? 0.0f : acc[it.out_off];
      for (i = 0; i < it.inner_len; ++i) sum = sum + x[i];
      acc[it.out_off] = sum;
    } else {
      float* a = acc + it.out_off;
      if (first) {
        for (i = 0; i < it.inner_len; ++i) a[i] = 0.0f + x[i];
      } else {
        for (i = 0; i < it.inner_len; ++i) a[i] = a[i] + x[i];
      }
    }
    mf_reduce_rows_next(&it, s);
  }
}

mf_status mf_reduce_sum_f32(const mf_reduce_sum_f32_params* p, const float* input, float* output) {
  const mf_reduce_shape* s;
  int32_t b, j;
  MF_REQUIRE(p != 0 && input != 0 && output != 0);
  s = &p->shape;
  MF_REQUIRE(mf_reduce_shape_ok(s));
  for (b = 0; b < s->outer; ++b) {
    float* acc = output + (int64_t)b * s->block_out;
    sum_block(s, input + (int64_t)b * s->block_in, acc);
    if (p->divide) {
      const float n = (float)s->count;
      for (j = 0; j < s->block_out; ++j) acc[j] = acc[j] / n;
    }
  }
  return MF_STATUS_OK;
}
