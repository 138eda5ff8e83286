/* SPDX-License-Identifier: Apache-2.0 */
/* L2_POOL_2D, float32 (TFLM reference L2Pool; TFLM has no integer form): sum of squares over the
 * window clipped to the input in (ky, kx) order, divided by the element count, square root, clamp. */
#include <math.h>

#include "mcuforge/mf_l2_pool2d.h"
#include "mf_pool_check.h"

mf_status mf_l2_pool2d_f32(const mf_pool2d_params* params, const mf_dims4* input_dims, const float* input,
                           const mf_dims4* output_dims, float* output) {
  int32_t b, oy, ox, c, ky, kx, in_h, in_w, in_c;
  MF_REQUIRE(mf_pool2d_shapes_valid(params, input_dims, output_dims));
  MF_REQUIRE(input != NULL && output != NULL);
  in_h = input_dims->h;
  in_w = input_dims->w;
  in_c = input_dims->c;
  for (b = 0; b < output_dims->n; ++b) {
    const float* in_b = input + (int32_t)(b * in_h * in_w * in_c);
    for (oy = 0; oy < output_dims->h; ++oy) {
      const int64_t y0 = (int64_t)oy * params->stride_h - params->pad_h;
      int32_t ky0, ky1;
      mf_tap_range(y0, 1, in_h, params->filter_h, &ky0, &ky1);
      for (ox = 0; ox < output_dims->w; ++ox) {
        const int64_t x0 = (int64_t)ox * params->stride_w - params->pad_w;
        int32_t kx0, kx1;
        float count;
        mf_tap_range(x0, 1, in_w, params->filter_w, &kx0, &kx1);
        MF_REQUIRE(ky1 > ky0 && kx1 > kx0);
        count = (float)((ky1 - ky0) * (kx1 - kx0));
        for (c = 0; c < in_c; ++c) {
          float sum_squares = 0.0f;
          for (ky = ky0; ky < ky1; ++ky) {
            const float* row = in_b + ((int32_t)y0 + ky) * in_w * in_c + c;
            for (kx = kx0; kx < kx1; ++kx) {
              const float v = row[((int32_t)x0 + kx) * in_c];
              sum_squares += v * v;
            }
          }
          *output++ = mf_clamp_act_f32(sqrtf(sum_squares / count), params->act_f32);
        }
      }
    }
  }
  return MF_STATUS_OK;
}
