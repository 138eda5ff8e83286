/* SPDX-License-Identifier: Apache-2.0 */
/* Shared by the DSP convolution kernels (mf_conv2d_s8__cm_dsp, mf_conv2d_s8__cm_dsp_rows): the
 * geometry context and the widening of int8 window values into the interleaved int16 columns that
 * SMLAD reads. */
#ifndef MCUFORGE_INTERNAL_MF_CONV_DSP_H
#define MCUFORGE_INTERNAL_MF_CONV_DSP_H

#include "mcuforge/mf_conv2d.h"
#include "mf_dsp.h"

typedef struct {
  const mf_conv2d_params* p;
  const mf_dims4* in_dims;
  const mf_dims4* f_dims;
  const int8_t* input;
  int32_t k;   /* window length f_h * f_w * f_c */
  int32_t k4;  /* k rounded down to a multiple of 4: the part stored in SMLAD order */
} mf_conv_dsp_ctx;

/* Widens k int8 values to int16 x + offset. Each group of 4 is stored as (x0, x2, x1, x3), the lane
 * order SXTB16 gives the weights, so that one SMLAD pairs the right products, at grp + 8 * (i / 4): the
 * two columns of a pixel pair interleave group by group (one pointer walks both). The tail (k - k4
 * values) is stored in order at tail. */
MF_INLINE void mf_conv_dsp_widen(const int8_t* src, int32_t k, int32_t k4, int32_t offset2, int32_t offset,
                                 int16_t* grp, int16_t* tail) {
  int32_t i;
  for (i = 0; i < k4; i += 4) {
    const int32_t x = mf_read_s8x4(src + i);
    mf_write_s16x2(grp, mf_sxtab16(offset2, x));
    mf_write_s16x2(grp + 2, mf_sxtab16_ror8(offset2, x));
    grp += 8;
  }
  for (; i < k; ++i) {
    tail[i - k4] = (int16_t)(src[i] + offset);
  }
}

/* Adds the products of two output channels' filter rows (w, and w + k for the second) with one or two
 * columns (two: the interleaved pair of mf_conv_dsp_widen; else the first) over n values: the n4 in
 * SMLAD order from cols, then the n - n4 tail values from t0 / t1. a[2c + p] is channel c, column p
 * (a[1] and a[3] untouched with one column). `two` is a constant at every call, so each caller gets a
 * loop without the other case. */
MF_INLINE void mf_conv_dsp_dot2(const int8_t* w, int32_t k, int32_t n, int32_t n4, const int16_t* cols,
                                const int16_t* t0, const int16_t* t1, const int two, int32_t a[4]) {
  const int16_t* cp = cols;
  const int16_t* cols_end = cols + 2 * n4;
  const int8_t* wp = w; /* channel 2 at wp + k: one pointer for both */
  int32_t a00 = a[0], a01 = a[1], a10 = a[2], a11 = a[3], i;
  if (two) {
    while (cp != cols_end) {
      const int32_t wa = mf_read_s8x4(wp);
      const int32_t wb = mf_read_s8x4(wp + k);
      const int32_t wa_e = mf_sxtb16(wa), wa_o = mf_sxtb16_ror8(wa);
      const int32_t wb_e = mf_sxtb16(wb), wb_o = mf_sxtb16_ror8(wb);
      int32_t c0_e, c0_o, c1_e, c1_o;
      mf_read_pair_adv8(&cp, &c0_e, &c0_o);
      mf_read_pair_adv8(&cp, &c1_e, &c1_o);
      a00 = mf_smlad(wa_e, c0_e, a00);
      a00 = mf_smlad(wa_o, c0_o, a00);
      a01 = mf_smlad(wa_e, c1_e, a01);
      a01 = mf_smlad(wa_o, c1_o, a01);
      a10 = mf_smlad(wb_e, c0_e, a10);
      a10 = mf_smlad(wb_o, c0_o, a10);
      a11 = mf_smlad(wb_e, c1_e, a11);
      a11 = mf_smlad(wb_o, c1_o, a11);
      wp += 4;
    }
    for (i = 0; i < n - n4; ++i) {
      a00 = (int32_t)((uint32_t)a00 + (uint32_t)(w[n4 + i] * t0[i]));
      a01 = (int32_t)((uint32_t)a01 + (uint32_t)(w[n4 + i] * t1[i]));
      a10 = (int32_t)((uint32_t)a10 + (uint32_t)(w[k + n4 + i] * t0[i]));
      a11 = (int32_t)((uint32_t)a11 + (uint32_t)(w[k + n4 + i] * t1[i]));
    }
  } else {
    while (cp != cols_end) {
      const int32_t wa = mf_read_s8x4(wp);
      const int32_t wb = mf_read_s8x4(wp + k);
      int32_t c0_e, c0_o;
      mf_read_pair_adv16(&cp, &c0_e, &c0_o);
      a00 = mf_smlad(mf_sxtb16(wa), c0_e, a00);
      a00 = mf_smlad(mf_sxtb16_ror8(wa), c0_o, a00);
      a10 = mf_smlad(mf_sxtb16(wb), c0_e, a10);
      a10 = mf_smlad(mf_sxtb16_ror8(wb), c0_o, a10);
      wp += 4;
    }
    for (i = 0; i < n - n4; ++i) {
      a00 = (int32_t)((uint32_t)a00 + (uint32_t)(w[n4 + i] * t0[i]));
      a10 = (int32_t)((uint32_t)a10 + (uint32_t)(w[k + n4 + i] * t0[i]));
    }
  }
  a[0] = a00;
  a[1] = a01;
  a[2] = a10;
  a[3] = a11;
}

/* The same for one output channel (an odd last one): a[p] is column p. */
MF_INLINE void mf_conv_dsp_dot1(const int8_t* w, int32_t n, int32_t n4, const int16_t* cols, const int16_t* t0,
                                const int16_t* t1, const int two, int32_t a[2]) {
  const int16_t* cp = cols;
  const int16_t* cols_end = cols + 2 * n4;
  const int8_t* wp = w;
  int32_t s0 = a[0], s1 = a[1], i;
  while (cp != cols_end) {
    const int32_t wa = mf_read_s8x4(wp);
    const int32_t wa_e = mf_sxtb16(wa), wa_o = mf_sxtb16_ror8(wa);
    int32_t c0_e, c0_o, c1_e, c1_o;
    mf_read_pair_adv8(&cp, &c0_e, &c0_o);
    mf_read_pair_adv8(&cp, &c1_e, &c1_o);
    s0 = mf_smlad(wa_e, c0_e, s0);
    s0 = mf_smlad(wa_o, c0_o, s0);
    if (two) {
      s1 = mf_smlad(wa_e, c1_e, s1);
      s1 = mf_smlad(wa_o, c1_o, s1);
    }
    wp += 4;
  }
  for (i = 0; i < n - n4; ++i) {
    s0 = (int32_t)((uint32_t)s0 + (uint32_t)(w[n4 + i] * t0[i]));
    if (two) s1 = (int32_t)((uint32_t)s1 + (uint32_t)(w[n4 + i] * t1[i]));
  }
  a[0] = s0;
  a[1] = s1;
}

#endif /* MCUFORGE_INTERNAL_MF_CONV_DSP_H */
