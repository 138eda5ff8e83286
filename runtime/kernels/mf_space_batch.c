/* SPDX-License-Identifier: Apache-2.0 */
/* mf_space_batch: SPACE_TO_BATCH_ND and BATCH_TO_SPACE_ND, see mcuforge/mf_index.h. Both walk the
 * output in order and fetch each pixel (depth elements) from where TFLM's reference loops put it. */
#include "mcuforge/mf_index.h"

#include <string.h>

mf_status mf_space_batch(const mf_space_batch_params* params, const void* input, void* output) {
  int32_t ob, oh, ow;
  size_t pixel_bytes;
  const uint8_t* in = (const uint8_t*)input;
  uint8_t* out = (uint8_t*)output;
  const mf_space_batch_params* p = params;
  MF_REQUIRE(p != NULL && p->element_bytes >= 1 && p->depth >= 0);
  MF_REQUIRE(p->in_batch >= 1 && p->in_h >= 1 && p->in_w >= 1 && p->out_batch >= 1 && p->out_h >= 0 && p->out_w >= 0);
  MF_REQUIRE(p->block_h >= 1 && p->block_w >= 1 && p->pad_top >= 0 && p->pad_left >= 0);
  pixel_bytes = (size_t)p->depth * (size_t)p->element_bytes;
  if (p->to_batch) {
    MF_REQUIRE(p->out_batch == p->in_batch * p->block_h * p->block_w);
  } else {
    MF_REQUIRE(p->in_batch == p->out_batch * p->block_h * p->block_w);
    MF_REQUIRE((int64_t)p->pad_top + p->out_h <= (int64_t)p->in_h * p->block_h);
    MF_REQUIRE((int64_t)p->pad_left + p->out_w <= (int64_t)p->in_w * p->block_w);
  }
  if (pixel_bytes == 0 || p->out_h == 0 || p->out_w == 0) return MF_STATUS_OK;
  MF_REQUIRE(input != NULL && output != NULL);
  for (ob = 0; ob < p->out_batch; ++ob) {
    for (oh = 0; oh < p->out_h; ++oh) {
      for (ow = 0; ow < p->out_w; ++ow) {
        int32_t b, h, w;
        if (p->to_batch) {
          const int32_t shift = ob / p->in_batch; /* sh * block_w + sw */
          b = ob % p->in_batch;
          h = oh * p->block_h + shift / p->block_w - p->pad_top;
          w = ow * p->block_w + shift % p->block_w - p->pad_left;
          if (h < 0 || h >= p->in_h || w < 0 || w >= p->in_w) {
            memset(out, p->pad_byte, pixel_bytes);
            out += pixel_bytes;
            continue;
          }
        } else {
          const int32_t sh = (oh + p->pad_top) % p->block_h, sw = (ow + p->pad_left) % p->block_w;
          b = (sh * p->block_w + sw) * p->out_batch + ob;
          h = (oh + p->pad_top) / p->block_h;
          w = (ow + p->pad_left) / p->block_w;
        }
        memcpy(out, in + (((size_t)b * (size_t)p->in_h + (size_t)h) * (size_t)p->in_w + (size_t)w) * pixel_bytes,
               pixel_bytes);
        out += pixel_bytes;
      }
    }
  }
  return MF_STATUS_OK;
}
