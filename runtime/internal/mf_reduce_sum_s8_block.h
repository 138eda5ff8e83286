/* SPDX-License-Identifier: Apache-2.0 */
/* The int8 SUM / MEAN steps shared by the reference kernel and its variants: a block's int32 sums in
 * row order (mf_reduce_rows.h), and the requantized outputs. */
#ifndef MCUFORGE_INTERNAL_MF_REDUCE_SUM_S8_BLOCK_H
#define MCUFORGE_INTERNAL_MF_REDUCE_SUM_S8_BLOCK_H

#include "mf_reduce_rows.h"

/* Adds one block's input into its block_out sums (zeroed first), wrapping like TFLM's int32 adds. */
MF_INLINE void mf_reduce_sum_block_s8(const mf_reduce_shape* s, const int8_t* x, uint32_t* acc) {
  mf_reduce_rows it;
  int32_t row, i;
  for (i = 0; i < s->block_out; ++i) acc[i] = 0;
  mf_reduce_rows_init(&it, s);
  for (row = 0; row < it.rows; ++row, x += it.inner_len) {
    if (it.inner_reduced) {
      uint32_t sum = 0;
      for (i = 0; i < it.inner_len; ++i) sum += (uint32_t)(int32_t)x[i];
      acc[it.out_off] += sum;
    } else {
      uint32_t* a = acc + it.out_off;
      for (i = 0; i < it.inner_len; ++i) a[i] += (uint32_t)(int32_t)x[i];
    }
    mf_reduce_rows_next(&it, s);
  }
}

/* Writes block_out requantized outputs from the sums. */
MF_INLINE void mf_reduce_finish_s8(const mf_reduce_sum_q_params* p, const uint32_t* acc, int8_t* out) {
  int32_t j;
  for (j = 0; j < p->shape.block_out; ++j) {
    out[j] = (int8_t)mf_reduce_requant((int32_t)acc[j], p->input_zero_point, p->shape.count, &p->requant,
                                       p->output_zero_point, INT8_MIN, INT8_MAX);
  }
}

#endif /* MCUFORGE_INTERNAL_MF_REDUCE_SUM_S8_BLOCK_H */
