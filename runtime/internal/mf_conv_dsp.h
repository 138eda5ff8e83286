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

#endif /* MCUFORGE_INTERNAL_MF_CONV_DSP_H */
