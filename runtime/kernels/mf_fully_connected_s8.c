/* SPDX-License-Identifier: Apache-2.0 */
/* FULLY_CONNECTED, int8 (TFLM FullyConnected / FullyConnectedPerChannel; per-tensor filters carry a
 * filter offset, per-channel ones have filter_offset 0). */
#include "mcuforge/mf_fully_connected.h"
#include "mf_fc_check.h"
#include "mf_fixedpoint.h"

mf_status mf_fully_connected_s8(const mf_fully_connected_params* params, const mf_fc_dims* dims,
                                const int8_t* input, const int8_t* filter, const int32_t* bias,
                                int8_t* output) {
  int32_t b, o, d, depth, in_off, w_off, out_off;
  mf_act_range act;
  const mf_requant* rq;
  MF_REQUIRE(mf_fc_dims_valid(params, dims));
  MF_REQUIRE(input != NULL && filter != NULL && output != NULL);
  MF_REQUIRE(mf_requant_valid(params->requant, dims->output_depth, 30));
  MF_REQUIRE(params->act.min <= params->act.max);
  /* negated int8 zero points: keep (w + w_off) * (x + in_off) within int32 */
  MF_REQUIRE(params->input_offset >= -127 && params->input_offset <= 128);
  MF_REQUIRE(params->filter_offset >= -127 && params->filter_offset <= 128);
  depth = dims->accum_depth;
  in_off = params->input_offset;
  w_off = params->filter_offset;
  out_off = params->output_offset;
  act = params->act;
  rq = params->requant;
  for (b = 0; b < dims->batches; ++b) {
    const int8_t* x = input + b * depth;
    o = 0;
    if (w_off == 0) {
      /* Per-channel filters (filter offset 0): two output rows share each input load. The same
       * products, summed modulo 2^32 as below. */
      for (; o + 1 < dims->output_depth; o += 2) {
        const int8_t* w0 = filter + o * depth;
        const int8_t* w1 = w0 + depth;
        uint32_t acc0 = 0, acc1 = 0;
        for (d = 0; d < depth; ++d) {
          const int32_t xv = (int32_t)x[d] + in_off;
          acc0 += (uint32_t)((int32_t)w0[d] * xv);
          acc1 += (uint32_t)((int32_t)w1[d] * xv);
        }
        if (bias != NULL) {
          acc0 += (uint32_t)bias[o];
          acc1 += (uint32_t)bias[o + 1];
        }
        *output++ = (int8_t)mf_clamp_act(
            (int64_t)mf_mbqm((int32_t)acc0, rq[o].multiplier, rq[o].shift) + out_off, act);
        *output++ = (int8_t)mf_clamp_act(
            (int64_t)mf_mbqm((int32_t)acc1, rq[o + 1].multiplier, rq[o + 1].shift) + out_off, act);
      }
    }
    for (; o < dims->output_depth; ++o) {
      const int8_t* w = filter + o * depth;
      uint32_t acc = 0; /* wraps like TFLM's int32 accumulator instead of overflowing */
      for (d = 0; d < depth; ++d) {
        acc += (uint32_t)(((int32_t)w[d] + w_off) * ((int32_t)x[d] + in_off));
      }
      if (bias != NULL) {
        acc += (uint32_t)bias[o];
      }
      *output++ = (int8_t)mf_clamp_act(
          (int64_t)mf_mbqm((int32_t)acc, rq[o].multiplier, rq[o].shift) + out_off, act);
    }
  }
  return MF_STATUS_OK;
}
