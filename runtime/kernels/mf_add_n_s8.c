/* SPDX-License-Identifier: Apache-2.0 */
/* mf_add_n_s8: see mcuforge/mf_binary.h (quantized ADD_N). */
#include "mcuforge/mf_binary.h"
#include "mf_fixedpoint.h"

/* One input value shifted to the common headroom and rescaled. */
MF_INLINE int32_t mf_add_n_scaled(const mf_add_n_q_params* p, int32_t x) {
  const int32_t shifted = (int32_t)((uint32_t)(x + p->in_offset) << p->left_shift);
  return mf_rdbpot(mf_srdhm(shifted, p->in.multiplier), -p->in.shift);
}

mf_status mf_add_n_s8(const mf_add_n_q_params* params, const int8_t* const* inputs, int8_t* output) {
  mf_add_n_q_params p;
  int32_t i;
  int32_t j;
  MF_REQUIRE(params != NULL && inputs != NULL && output != NULL);
  p = *params; /* a local copy: the int8 output may alias the fields read in the loop */
  MF_REQUIRE(p.n.count >= 0 && p.n.inputs >= 1);
  MF_REQUIRE(p.left_shift >= 0 && p.left_shift <= 20);
  MF_REQUIRE(p.in_offset >= -128 && p.in_offset <= 128);
  MF_REQUIRE(p.in.shift <= 0 && p.in.shift >= -31 && p.out.shift <= 0 && p.out.shift >= -31);
  MF_REQUIRE(p.act.min >= -128 && p.act.min <= p.act.max && p.act.max <= 127);
  for (j = 0; j < p.n.inputs; ++j) MF_REQUIRE(inputs[j] != NULL);
  {
    /* TFLM starts the sum from the rescaled offset alone (an input value of 0), which is its own
     * rescaling of -zero_point. */
    const int32_t start = mf_add_n_scaled(&p, 0);
    for (i = 0; i < p.n.count; ++i) {
      uint32_t sum = (uint32_t)start;
      int32_t v;
      for (j = 0; j < p.n.inputs; ++j) sum += (uint32_t)mf_add_n_scaled(&p, inputs[j][i]);
      v = mf_rdbpot(mf_srdhm((int32_t)sum, p.out.multiplier), -p.out.shift);
      output[i] = (int8_t)mf_clamp_i32((int32_t)((uint32_t)v + (uint32_t)p.out_offset), p.act.min, p.act.max);
    }
  }
  return MF_STATUS_OK;
}
