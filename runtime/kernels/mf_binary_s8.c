/* SPDX-License-Identifier: Apache-2.0 */
/* mf_binary_s8: see mcuforge/mf_binary.h (quantized SUB and SQUARED_DIFFERENCE). */
#include "mcuforge/mf_binary.h"
#include "mf_bcast_iter.h"
#include "mf_binary_q.h"

mf_status mf_binary_s8(const mf_binary_q_params* params, const int8_t* input1, const int8_t* input2,
                        int8_t* output) {
  mf_binary_q_params p;
  mf_bcast_iter it;
  int32_t count;
  int32_t i;
  MF_REQUIRE(params != NULL && input1 != NULL && input2 != NULL && output != NULL);
  /* A local copy: the output may alias anything, so fields read through params would be reloaded
   * after every store. */
  p = *params;
  MF_REQUIRE(mf_binary_q_valid(&p, -128, 127, 255));
  count = mf_bcast_count(&p.shape);
  MF_REQUIRE(count >= 0);
  mf_bcast_begin(&it);
  for (i = 0; i < count; ++i) {
    output[i] = (int8_t)mf_binary_q_element(&p, input1[it.off1], input2[it.off2]);
    mf_bcast_next(&p.shape, &it);
  }
  return MF_STATUS_OK;
}
