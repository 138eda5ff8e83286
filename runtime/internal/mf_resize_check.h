/* SPDX-License-Identifier: Apache-2.0 */
/* Precondition checks shared by the resize kernels (mf_resize.h): positive dims whose element counts fit
 * int32 indexing, and coordinate tables that stay inside the input. */
#ifndef MCUFORGE_INTERNAL_MF_RESIZE_CHECK_H
#define MCUFORGE_INTERNAL_MF_RESIZE_CHECK_H

#include "mcuforge/mf_resize.h"
#include "mf_fixedpoint.h" /* MF_INLINE */

MF_INLINE int mf_resize_dims_valid(const mf_resize_dims* d) {
  if (d->batches <= 0 || d->in_h <= 0 || d->in_w <= 0 || d->depth <= 0 || d->out_h <= 0 || d->out_w <= 0) {
    return 0;
  }
  return (int64_t)d->batches * d->in_h * d->in_w * d->depth <= INT32_MAX &&
         (int64_t)d->batches * d->out_h * d->out_w * d->depth <= INT32_MAX;
}

MF_INLINE int mf_resize_index_valid(const int32_t* index, int32_t n, int32_t size) {
  int32_t i;
  if (index == NULL) return 0;
  for (i = 0; i < n; ++i) {
    if (index[i] < 0 || index[i] >= size) return 0;
  }
  return 1;
}

MF_INLINE int mf_resize_taps_valid(const mf_resize_tap* t, int32_t n, int32_t size) {
  int32_t i;
  if (t == NULL) return 0;
  for (i = 0; i < n; ++i) {
    if (t[i].lo < 0 || t[i].lo > t[i].hi || t[i].hi >= size || t[i].frac < -1024 || t[i].frac > 1024) return 0;
  }
  return 1;
}

MF_INLINE int mf_resize_taps_f32_valid(const mf_resize_tap_f32* t, int32_t n, int32_t size) {
  int32_t i;
  if (t == NULL) return 0;
  for (i = 0; i < n; ++i) {
    if (t[i].lo < 0 || t[i].lo > t[i].hi || t[i].hi >= size) return 0;
  }
  return 1;
}

/* TFLM's integer rounding of a 2^20-scaled sum (ResizeBilinearInteger, double-rounding build): add
 * +-2^19 by sign, then divide truncating toward zero. */
MF_INLINE int32_t mf_resize_round20(int32_t v) {
  return (v + (v > 0 ? (1 << 19) : -(1 << 19))) / (1 << 20);
}
MF_INLINE int32_t mf_resize_round20_64(int64_t v) {
  return (int32_t)((v + (v > 0 ? (1 << 19) : -(1 << 19))) / (1 << 20));
}

#endif /* MCUFORGE_INTERNAL_MF_RESIZE_CHECK_H */
