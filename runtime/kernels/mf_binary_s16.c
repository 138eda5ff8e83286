/* SPDX-License-Identifier: Apache-2.0 */
/* mf_binary_s16: see mcuforge/mf_binary.h (quantized SUB and SQUARED_DIFFERENCE). */
#include "mcuforge/mf_binary.h"
#include "mf_bcast_iter.h"
#include "mf_binary_q.h"

mf_status mf_binary_s16(const mf_binary_q_params* params, const int16_t* input1, const int16_t* input2,
                         int16_t* output) {
  mf_binary_q_params p;
  mf_bcast_iter it;
  int32_t count;
  int32_t i;
  int flat;
  MF_REQUIRE(params != NULL && input1 != NULL && input2 != NULL && output != NULL);
  /* A local copy: the output may alias anything, so fields read through params would be reloaded
   * after every store. */
  p = *params;
  MF_REQUIRE(mf_binary_q_valid(&p, -32768, 32767, 65535));
  count = mf_bcast_count(&p.shape);
  MF_REQUIRE(count >= 0);
  flat = mf_bcast_is_flat(&p.shape); /* same shapes: no odometer steps */
  mf_bcast_begin(&it);
  for (i = 0; i < count; ++i) {
    const int32_t x1 = flat ? input1[i] : input1[it.off1];
    const int32_t x2 = flat ? input2[i] : input2[it.off2];
    output[i] = (int16_t)mf_binary_q_element(&p, x1, x2);
    if (!flat) mf_bcast_next(&p.shape, &it);
  }
  return MF_STATUS_OK;
}
