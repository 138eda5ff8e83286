/* SPDX-License-Identifier: Apache-2.0 */
/* RESIZE_BILINEAR, int8 (TFLM's ResizeBilinearInteger). With frac in [-1024, 1024] the absolute weights
 * of one output add up to at most 3072^2, so the 2^20-scaled sum of int8 values and every partial sum
 * stay below 128 * 3072^2 < 2^31: int32 is exact (TFLM's formulas give frac in [-512, 1023]). */
#include "mcuforge/mf_resize.h"
#include "mf_resize_check.h"

mf_status mf_resize_bilinear_s8(const mf_resize_bilinear_q_params* params, const int8_t* input, int8_t* output) {
  const mf_resize_dims* d;
  int32_t b, y, x, c, depth, row;
  MF_REQUIRE(params != NULL && input != NULL && output != NULL);
  d = &params->dims;
  MF_REQUIRE(mf_resize_dims_valid(d));
  MF_REQUIRE(mf_resize_taps_valid(params->y_taps, d->out_h, d->in_h));
  MF_REQUIRE(mf_resize_taps_valid(params->x_taps, d->out_w, d->in_w));
  depth = d->depth;
  row = d->in_w * depth;
  for (b = 0; b < d->batches; ++b) {
    const int8_t* image = input + b * d->in_h * row;
    for (y = 0; y < d->out_h; ++y) {
      const mf_resize_tap ty = params->y_taps[y];
      const int8_t* r0 = image + ty.lo * row;
      const int8_t* r1 = image + ty.hi * row;
      for (x = 0; x < d->out_w; ++x) {
        const mf_resize_tap tx = params->x_taps[x];
        /* Products of the two 1-D weights, as TFLM multiplies them. */
        const int32_t w00 = (1024 - ty.frac) * (1024 - tx.frac);
        const int32_t w10 = ty.frac * (1024 - tx.frac);
        const int32_t w01 = (1024 - ty.frac) * tx.frac;
        const int32_t w11 = ty.frac * tx.frac;
        const int8_t* p00 = r0 + tx.lo * depth;
        const int8_t* p01 = r0 + tx.hi * depth;
        const int8_t* p10 = r1 + tx.lo * depth;
        const int8_t* p11 = r1 + tx.hi * depth;
        for (c = 0; c < depth; ++c) {
          const int32_t sum = p00[c] * w00 + p10[c] * w10 + p01[c] * w01 + p11[c] * w11;
          *output++ = (int8_t)mf_resize_round20(sum);
        }
      }
    }
  }
  return MF_STATUS_OK;
}
