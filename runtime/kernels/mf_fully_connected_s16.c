/* SPDX-License-Identifier: Apache-2.0 */
/* FULLY_CONNECTED, int16 activations x int8 weights (TFLM FullyConnected 16x8): no activation zero
 * points; `acc` (the compiler's copy of TFLM's choice, see mf_acc_width) picks an int64 or a wrapping
 * int32 accumulator and the matching requantization. */
#include "mcuforge/mf_fully_connected.h"
#include "mf_fc_check.h"
#include "mf_fixedpoint.h"

mf_status mf_fully_connected_s16(const mf_fully_connected_params* params, const mf_fc_dims* dims,
                                 const int16_t* input, const int8_t* filter, mf_acc_width acc_width,
                                 const int32_t* bias32, const int64_t* bias64, int16_t* output) {
  int32_t b, o, d, depth, w_off;
  mf_act_range act;
  const mf_requant* rq;
  MF_REQUIRE(mf_fc_dims_valid(params, dims));
  MF_REQUIRE(input != NULL && filter != NULL && output != NULL);
  MF_REQUIRE(acc_width == MF_ACC32 || acc_width == MF_ACC64);
  MF_REQUIRE(acc_width == MF_ACC64 ? bias32 == NULL : bias64 == NULL);
  MF_REQUIRE(mf_requant_valid(params->requant, dims->output_depth, acc_width == MF_ACC64 ? 14 : 30));
  MF_REQUIRE(params->act.min <= params->act.max);
  MF_REQUIRE(params->filter_offset >= -127 && params->filter_offset <= 128);
  depth = dims->accum_depth;
  w_off = params->filter_offset;
  act = params->act;
  rq = params->requant;
  for (b = 0; b < dims->batches; ++b) {
    const int16_t* x = input + b * depth;
    for (o = 0; o < dims->output_depth; ++o) {
      const int8_t* w = filter + o * depth;
      int32_t scaled;
      if (acc_width == MF_ACC64) {
        int64_t acc = bias64 != NULL ? bias64[o] : 0;
        for (d = 0; d < depth; ++d) {
          acc += ((int32_t)w[d] + w_off) * (int32_t)x[d];
        }
        scaled = mf_mbqm64(acc, rq[o].multiplier, rq[o].shift);
      } else {
        uint32_t acc = 0; /* wraps like TFLM's int32 accumulator instead of overflowing */
        for (d = 0; d < depth; ++d) {
          acc += (uint32_t)(((int32_t)w[d] + w_off) * (int32_t)x[d]);
        }
        if (bias32 != NULL) {
          acc += (uint32_t)bias32[o];
        }
        scaled = mf_mbqm((int32_t)acc, rq[o].multiplier, rq[o].shift);
      }
      *output++ = (int16_t)mf_clamp_act(scaled, act);
    }
  }
  return MF_STATUS_OK;
}
