/* SPDX-License-Identifier: Apache-2.0 */
/* Shared by the TRANSPOSE_CONV kernels (tconv family, see mf_transpose_conv.h): the precondition
 * check and the range of input rows (columns) that reach one output row (column). */
#ifndef MCUFORGE_INTERNAL_MF_TCONV_H
#define MCUFORGE_INTERNAL_MF_TCONV_H

#include "mcuforge/mf_transpose_conv.h"
#include "mf_conv_check.h"

MF_INLINE int mf_transpose_conv_shapes_valid(const mf_transpose_conv_params* p, const mf_dims4* in,
                                             const mf_dims4* f, const mf_dims4* out) {
  if (p == NULL || in == NULL || f == NULL || out == NULL) {
    return 0;
  }
  if (mf_dims4_count(in) < 0 || mf_dims4_count(f) < 0 || mf_dims4_count(out) < 0) {
    return 0;
  }
  /* Pads no larger than INT32_MAX - output size keep output row + pad in int32 (mf_tconv_source_range). */
  return in->n == out->n && f->c == in->c && f->n == out->c && p->stride_h >= 1 && p->stride_w >= 1 &&
         p->pad_h >= 0 && p->pad_w >= 0 && p->pad_h <= INT32_MAX - out->h && p->pad_w <= INT32_MAX - out->w;
}

/* Input rows i in [*lo, *hi) reach output row o: 0 <= o + pad - i * stride < taps and 0 <= i < size.
 * The filter row of input row i is o + pad - i * stride. 32-bit divisions only (a 64-bit one is a
 * library call on Cortex-M); mf_transpose_conv_shapes_valid keeps o + pad in range. */
MF_INLINE void mf_tconv_source_range(int32_t o, int32_t pad, int32_t stride, int32_t taps, int32_t size,
                                     int32_t* lo, int32_t* hi) {
  const int32_t t = o + pad; /* >= 0 */
  int32_t a = 0;
  int32_t b = t / stride + 1;
  if (t >= taps) {
    a = (t - taps) / stride + 1; /* ceil((t - taps + 1) / stride) */
  }
  if (b > size) {
    b = size;
  }
  if (a > b) {
    a = b;
  }
  *lo = a;
  *hi = b;
}

#endif /* MCUFORGE_INTERNAL_MF_TCONV_H */
