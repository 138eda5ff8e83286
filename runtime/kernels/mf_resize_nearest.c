/* SPDX-License-Identifier: Apache-2.0 */
/* RESIZE_NEAREST_NEIGHBOR, every element type (TFLM's ResizeNearestNeighbor copies `depth` elements
 * per output pixel from the input pixel the compiler's tables name). */
#include <string.h>

#include "mcuforge/mf_resize.h"
#include "mf_resize_check.h"

mf_status mf_resize_nearest(const mf_resize_nearest_params* params, const void* input, void* output) {
  const mf_resize_dims* d;
  const uint8_t* in;
  uint8_t* out;
  int32_t b, y, x;
  size_t pixel, row, image;
  MF_REQUIRE(params != NULL && input != NULL && output != NULL);
  d = &params->dims;
  MF_REQUIRE(mf_resize_dims_valid(d));
  MF_REQUIRE(params->element_bytes == 1 || params->element_bytes == 2 || params->element_bytes == 4);
  MF_REQUIRE(mf_resize_index_valid(params->y_index, d->out_h, d->in_h));
  MF_REQUIRE(mf_resize_index_valid(params->x_index, d->out_w, d->in_w));
  pixel = (size_t)d->depth * (size_t)params->element_bytes;
  row = pixel * (size_t)d->in_w;
  image = row * (size_t)d->in_h;
  in = (const uint8_t*)input;
  out = (uint8_t*)output;
  for (b = 0; b < d->batches; ++b) {
    for (y = 0; y < d->out_h; ++y) {
      const uint8_t* src_row = in + (size_t)params->y_index[y] * row;
      for (x = 0; x < d->out_w; ++x) {
        memcpy(out, src_row + (size_t)params->x_index[x] * pixel, pixel);
        out += pixel;
      }
    }
    in += image;
  }
  return MF_STATUS_OK;
}
