/* SPDX-License-Identifier: Apache-2.0 */
/* AVERAGE_POOL_2D, int8 (TFLM reference AveragePool): int32 sum over the clipped window, division by
 * the number of in-image elements rounded half away from zero, clamp. */
#include "mcuforge/mf_pool2d.h"
#include "mf_pool_check.h"

mf_status mf_avg_pool2d_s8(const mf_pool2d_params* params, const mf_dims4* input_dims,
                            const int8_t* input, const mf_dims4* output_dims, int8_t* output) {
  int32_t b, oy, ox, c, ky, kx, in_h, in_w, in_c;
  mf_act_range act;
  MF_REQUIRE(mf_pool2d_shapes_valid(params, input_dims, output_dims));
  MF_REQUIRE(input != NULL && output != NULL);
  MF_REQUIRE(params->act.min <= params->act.max);
  in_h = input_dims->h;
  in_w = input_dims->w;
  in_c = input_dims->c;
  /* The clipped window never exceeds the input: bound it so the int32 sum cannot overflow. */
  MF_REQUIRE((int64_t)mf_min_window(params->filter_h, in_h) * mf_min_window(params->filter_w, in_w) <
             ((int64_t)1 << 23));
  act = params->act;
  for (b = 0; b < output_dims->n; ++b) {
    const int8_t* in_b = input + (int32_t)(b * in_h * in_w * in_c);
    for (oy = 0; oy < output_dims->h; ++oy) {
      const int64_t y0 = (int64_t)oy * params->stride_h - params->pad_h;
      int32_t ky0, ky1;
      mf_tap_range(y0, 1, in_h, params->filter_h, &ky0, &ky1);
      for (ox = 0; ox < output_dims->w; ++ox) {
        const int64_t x0 = (int64_t)ox * params->stride_w - params->pad_w;
        int32_t kx0, kx1, count;
        mf_tap_range(x0, 1, in_w, params->filter_w, &kx0, &kx1);
        count = (ky1 - ky0) * (kx1 - kx0);
        MF_REQUIRE(count > 0); /* TFLM fails the op here too */
        for (c = 0; c < in_c; ++c) {
          int32_t sum = 0;
          int32_t avg;
          for (ky = ky0; ky < ky1; ++ky) {
            const int8_t* row = in_b + ((int32_t)y0 + ky) * in_w * in_c + c;
            for (kx = kx0; kx < kx1; ++kx) {
              sum += row[((int32_t)x0 + kx) * in_c];
            }
          }
          avg = sum > 0 ? (sum + count / 2) / count : (sum - count / 2) / count;
          *output++ = (int8_t)mf_clamp_act(avg, act);
        }
      }
    }
  }
  return MF_STATUS_OK;
}
