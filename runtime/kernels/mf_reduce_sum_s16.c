/* SPDX-License-Identifier: Apache-2.0 */
/* int16_t SUM and MEAN over axes (mf_reduce.h): int32 sums per output, then TFLM's requantization. One
 * pass over the input; for global average pooling ([HW reduced, C kept]) a row adds C channels. */
#include "mcuforge/mf_reduce.h"

#include "mf_reduce_rows.h"

/* Adds one block's input into its block_out sums (zeroed first), wrapping like TFLM's int32 adds. */
static void sum_block(const mf_reduce_shape* s, const int16_t* x, uint32_t* acc) {
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

mf_status mf_reduce_sum_s16(const mf_reduce_sum_q_params* p, const int16_t* input, int16_t* output,
                            int32_t* scratch) {
  const mf_reduce_shape* s;
  uint32_t single;
  uint32_t* acc;
  int32_t b, j;
  MF_REQUIRE(p != 0 && input != 0 && output != 0);
  s = &p->shape;
  MF_REQUIRE(mf_reduce_shape_ok(s) && mf_reduce_requant_ok(&p->requant));
  MF_REQUIRE(s->block_out == 1 || scratch != 0);
  /* Unsigned sums: wrapping is defined; the bits are those of TFLM's int32 sums. */
  acc = s->block_out == 1 ? &single : (uint32_t*)scratch;
  for (b = 0; b < s->outer; ++b) {
    sum_block(s, input + (int64_t)b * s->block_in, acc);
    /* Written after the whole block is read: the output may overlap the input. */
    for (j = 0; j < s->block_out; ++j) {
      output[(int64_t)b * s->block_out + j] = (int16_t)mf_reduce_requant(
          (int32_t)acc[j], p->input_zero_point, s->count, &p->requant, p->output_zero_point, INT16_MIN, INT16_MAX);
    }
  }
  return MF_STATUS_OK;
}
