/* SPDX-License-Identifier: Apache-2.0 */
/* RESIZE_BILINEAR, int16 (TFLite's ResizeBilinearInteger<int16_t>; TFLM runs only int8): the same
 * weights as the int8 kernel, summed in int64 as the reference does (int16 values times weights up to
 * 3072^2 exceed int32). */
#include "mcuforge/mf_resize.h"
#include "mf_resize_check.h"

mf_status mf_resize_bilinear_s16(const mf_resize_bilinear_q_params* params, const int16_t* input, int16_t* output) {
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
    const int16_t* image = input + b * d->in_h * row;
    for (y = 0; y < d->out_h; ++y) {
      const mf_resize_tap ty = params->y_taps[y];
      const int16_t* r0 = image + ty.lo * row;
      const int16_t* r1 = image + ty.hi * row;
      for (x = 0; x < d->out_w; ++x) {
        const mf_resize_tap tx = params->x_taps[x];
        /* Products of the two 1-D weights, as TFLM multiplies them. */
        const int32_t w00 = (1024 - ty.frac) * (1024 - tx.frac);
        const int32_t w10 = ty.frac * (1024 - tx.frac);
        const int32_t w01 = (1024 - ty.frac) * tx.frac;
        const int32_t w11 = ty.frac * tx.frac;
        const int16_t* p00 = r0 + tx.lo * depth;
        const int16_t* p01 = r0 + tx.hi * depth;
        const int16_t* p10 = r1 + tx.lo * depth;
        const int16_t* p11 = r1 + tx.hi * depth;
        for (c = 0; c < depth; ++c) {
          const int64_t sum = (int64_t)p00[c] * w00 + (int64_t)p10[c] * w10 + (int64_t)p01[c] * w01 +
                              (int64_t)p11[c] * w11;
          *output++ = (int16_t)mf_resize_round20_64(sum);
        }
      }
    }
  }
  return MF_STATUS_OK;
}
