/* SPDX-License-Identifier: Apache-2.0 */
/* FULLY_CONNECTED, float32 (TFLM reference FullyConnected): dot product in order, + bias, clamp. */
#include "mcuforge/mf_fully_connected.h"
#include "mf_fc_check.h"

mf_status mf_fully_connected_f32(const mf_fully_connected_params* params, const mf_fc_dims* dims,
                                 const float* input, const float* filter, const float* bias,
                                 float* output) {
  int32_t b, o, d, depth;
  mf_act_range_f32 act;
  MF_REQUIRE(mf_fc_dims_valid(params, dims));
  MF_REQUIRE(input != NULL && filter != NULL && output != NULL);
  depth = dims->accum_depth;
  act = params->act_f32;
  for (b = 0; b < dims->batches; ++b) {
    const float* x = input + b * depth;
    for (o = 0; o < dims->output_depth; ++o) {
      const float* w = filter + o * depth;
      float total = 0.0f;
      for (d = 0; d < depth; ++d) {
        total += x[d] * w[d];
      }
      *output++ = mf_clamp_act_f32(total + (bias != NULL ? bias[o] : 0.0f), act);
    }
  }
  return MF_STATUS_OK;
}
