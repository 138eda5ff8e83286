/* SPDX-License-Identifier: Apache-2.0 */
/* RESIZE_BILINEAR, float32 (TFLM's ResizeBilinear<float>): the four terms in TFLM's order, each
 * value * y-weight * x-weight, then + 0.0f (TFLM's rounding offset for float), with the weights the
 * compiler computed in float exactly as TFLM does. */
#include "mcuforge/mf_resize.h"
#include "mf_resize_check.h"

mf_status mf_resize_bilinear_f32(const mf_resize_bilinear_f32_params* params, const float* input, float* output) {
  const mf_resize_dims* d;
  int32_t b, y, x, c, depth, row;
  MF_REQUIRE(params != NULL && input != NULL && output != NULL);
  d = &params->dims;
  MF_REQUIRE(mf_resize_dims_valid(d));
  MF_REQUIRE(mf_resize_taps_f32_valid(params->y_taps, d->out_h, d->in_h));
  MF_REQUIRE(mf_resize_taps_f32_valid(params->x_taps, d->out_w, d->in_w));
  depth = d->depth;
  row = d->in_w * depth;
  for (b = 0; b < d->batches; ++b) {
    const float* image = input + b * d->in_h * row;
    for (y = 0; y < d->out_h; ++y) {
      const mf_resize_tap_f32 ty = params->y_taps[y];
      const float* r0 = image + ty.lo * row;
      const float* r1 = image + ty.hi * row;
      for (x = 0; x < d->out_w; ++x) {
        const mf_resize_tap_f32 tx = params->x_taps[x];
        const float* p00 = r0 + tx.lo * depth;
        const float* p01 = r0 + tx.hi * depth;
        const float* p10 = r1 + tx.lo * depth;
        const float* p11 = r1 + tx.hi * depth;
        for (c = 0; c < depth; ++c) {
          const float t00 = p00[c] * ty.one_minus_frac * tx.one_minus_frac;
          const float t10 = p10[c] * ty.frac * tx.one_minus_frac;
          const float t01 = p01[c] * ty.one_minus_frac * tx.frac;
          const float t11 = p11[c] * ty.frac * tx.frac;
          *output++ = t00 + t10 + t01 + t11 + 0.0f;
        }
      }
    }
  }
  return MF_STATUS_OK;
}
