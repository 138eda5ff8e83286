/* SPDX-License-Identifier: Apache-2.0 */
/* int8 SUM and MEAN over axes (mf_reduce.h): int32 sums per output, then TFLM's requantization. One
 * pass over the input; for global average pooling ([HW reduced, C kept]) a row adds C channels. */
#include "mcuforge/mf_reduce.h"

#include "mf_reduce_sum_s8_block.h"

mf_status mf_reduce_sum_s8(const mf_reduce_sum_q_params* p, const int8_t* input, int8_t* output,
                           int32_t* scratch) {
  const mf_reduce_shape* s;
  uint32_t single;
  uint32_t* acc;
  int32_t b;
  MF_REQUIRE(p != 0 && input != 0 && output != 0);
  s = &p->shape;
  MF_REQUIRE(mf_reduce_shape_ok(s) && mf_reduce_requant_ok(&p->requant));
  MF_REQUIRE(s->block_out == 1 || scratch != 0);
  /* Unsigned sums: wrapping is defined; the bits are those of TFLM's int32 sums. */
  acc = s->block_out == 1 ? &single : (uint32_t*)scratch;
  for (b = 0; b < s->outer; ++b) {
    mf_reduce_sum_block_s8(s, input + (int64_t)b * s->block_in, acc);
    /* Written after the whole block is read: the output may overlap the input. */
    mf_reduce_finish_s8(p, acc, output + (int64_t)b * s->block_out);
  }
  return MF_STATUS_OK;
}
