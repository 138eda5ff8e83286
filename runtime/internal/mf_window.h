/* SPDX-License-Identifier: Apache-2.0 */
/* Sliding-window helpers shared by the convolution and pooling kernels: which filter taps of a window
 * fall inside the input. Computing the valid tap range once per output row / column replaces TFLM's
 * per-tap "is the point inside the image" test with identical results (skipped taps contribute
 * nothing), and keeps every input access in bounds whatever the padding and strides are. */
#ifndef MCUFORGE_INTERNAL_MF_WINDOW_H
#define MCUFORGE_INTERNAL_MF_WINDOW_H

#include <stdint.h>

#include "mcuforge/mf_types.h"
#include "mf_fixedpoint.h" /* MF_INLINE */

/* Taps k in [*lo, *hi) satisfy 0 <= origin + k * dilation < size (dilation >= 1, taps >= 0).
 * 64-bit intermediates: origin = out * stride - pad cannot overflow whatever the parameters. */
MF_INLINE void mf_tap_range(int64_t origin, int32_t dilation, int32_t size, int32_t taps,
                                   int32_t* lo, int32_t* hi) {
  int64_t a = 0;
  int64_t b = 0;
  if (origin < 0) {
    a = (-origin + dilation - 1) / dilation;
  }
  if ((int64_t)size > origin) {
    b = ((int64_t)size - origin + dilation - 1) / dilation;
  }
  if (b > taps) {
    b = taps;
  }
  if (a > b) {
    a = b;
  }
  *lo = (int32_t)a;
  *hi = (int32_t)b;
}

/* Elements of a 4-D shape, or -1 if a dimension is not positive or the count exceeds INT32_MAX
 * (the kernels index with int32 offsets). */
MF_INLINE int32_t mf_dims4_count(const mf_dims4* d) {
  int64_t n;
  if (d->n <= 0 || d->h <= 0 || d->w <= 0 || d->c <= 0) {
    return -1;
  }
  n = (int64_t)d->n * d->h;
  n *= d->w;
  if (n > INT32_MAX) {
    return -1;
  }
  n *= d->c;
  return n > INT32_MAX ? -1 : (int32_t)n;
}

#endif /* MCUFORGE_INTERNAL_MF_WINDOW_H */
