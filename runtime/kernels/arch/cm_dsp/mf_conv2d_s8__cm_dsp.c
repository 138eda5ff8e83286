/* SPDX-License-Identifier: Apache-2.0 */
/* CONV_2D, int8, for cores with the DSP extension: the same sums as mf_conv2d_s8, computed as a
 * matrix product. Two output pixels at a time have their windows copied ("im2col") into the scratch
 * as int16 values x + input_offset (0 for taps outside the input, written as the int8 input zero
 * point before the offset is added), then each pair of output channels is multiplied with both
 * columns by SMLAD on int16 pairs, four accumulators at once. A 1x1 window is expanded straight from
 * the input pixel (no gather row in the scratch). The int32 sum wraps modulo 2^32 whatever the
 * order, and the bias, requantization (mf_dsp_requant_s8, equal to mf_mbqm) and clamp match the
 * reference, so the output is identical.
 *
 * Access order (the planner's in-place promise, see compiler/plan/window_overlap.h): both pixels'
 * windows are read before any of their outputs is written, and pixels are finished in memory
 * order, so no output byte is written before every read of the input bytes below it is done. */
#include "mcuforge/mf_conv2d.h"
#include "mf_conv_check.h"
#include "mf_dsp.h"
#include "mf_fixedpoint.h"

typedef struct {
  const mf_conv2d_params* p;
  const mf_dims4* in_dims;
  const mf_dims4* f_dims;
  const int8_t* input;
  int32_t k;   /* window length f_h * f_w * f_c */
  int32_t k4;  /* k rounded down to a multiple of 4: the part stored in SMLAD order */
} mf_conv_dsp_ctx;

/* Widens k int8 values to int16 x + offset. Each group of 4 is stored as (x0, x2, x1, x3), the lane
 * order SXTB16 gives the weights, so that one SMLAD pairs the right products; the tail is in order. */
MF_INLINE void mf_conv_dsp_widen(const int8_t* src, int32_t k, int32_t k4, int32_t offset2, int32_t offset,
                                 int16_t* dst) {
  int32_t i;
  for (i = 0; i < k4; i += 4) {
    const int32_t x = mf_read_s8x4(src + i);
    mf_write_s16x2(dst + i, mf_sxtab16(offset2, x));
    mf_write_s16x2(dst + i + 2, mf_sxtab16_ror8(offset2, x));
  }
  for (; i < k; ++i) {
    dst[i] = (int16_t)(src[i] + offset);
  }
}

/* Column of output pixel `pixel` (batch-major linear index) into col, via gather if needed. */
static void mf_conv_dsp_column(const mf_conv_dsp_ctx* c, int32_t pixel, int32_t out_h, int32_t out_w,
                               int8_t* gather, int16_t* col) {
  const mf_conv2d_params* p = c->p;
  const int32_t in_h = c->in_dims->h, in_w = c->in_dims->w, in_c = c->in_dims->c;
  const int32_t f_h = c->f_dims->h, f_w = c->f_dims->w;
  const int32_t b = pixel / (out_h * out_w);
  const int32_t oy = (pixel / out_w) % out_h;
  const int32_t ox = pixel % out_w;
  const int64_t y0 = (int64_t)oy * p->stride_h - p->pad_h;
  const int64_t x0 = (int64_t)ox * p->stride_w - p->pad_w;
  const int8_t* in_b = c->input + (int32_t)(b * in_h * in_w * in_c);
  const int32_t offset2 = mf_dup16(p->input_offset);
  /* (x + input_offset) == 0 for this value: a skipped tap contributes nothing, as in the reference */
  const int8_t pad = (int8_t)(-p->input_offset);
  int32_t ky0, ky1, kx0, kx1, ky, kx, i;
  mf_tap_range(y0, p->dilation_h, in_h, f_h, &ky0, &ky1);
  mf_tap_range(x0, p->dilation_w, in_w, f_w, &kx0, &kx1);
  if (f_h == 1 && f_w == 1) {
    if (ky1 > ky0 && kx1 > kx0) {
      mf_conv_dsp_widen(in_b + ((int32_t)y0 * in_w + (int32_t)x0) * in_c, c->k, c->k4, offset2,
                        p->input_offset, col);
    } else {
      memset(col, 0, (size_t)c->k * sizeof(int16_t)); /* the tap is outside the input */
    }
    return;
  }
  for (ky = 0; ky < f_h; ++ky) {
    int8_t* g_row = gather + ky * f_w * in_c;
    if (ky < ky0 || ky >= ky1) {
      for (i = 0; i < f_w * in_c; ++i) {
        g_row[i] = pad;
      }
      continue;
    }
    {
      const int32_t iy = (int32_t)(y0 + (int64_t)ky * p->dilation_h);
      const int8_t* in_row = in_b + iy * in_w * in_c;
      for (i = 0; i < kx0 * in_c; ++i) {
        g_row[i] = pad;
      }
      if (p->dilation_w == 1 && kx1 > kx0) {
        memcpy(g_row + kx0 * in_c, in_row + ((int32_t)x0 + kx0) * in_c, (size_t)((kx1 - kx0) * in_c));
      } else {
        for (kx = kx0; kx < kx1; ++kx) {
          const int32_t ix = (int32_t)(x0 + (int64_t)kx * p->dilation_w);
          memcpy(g_row + kx * in_c, in_row + ix * in_c, (size_t)in_c);
        }
      }
      for (i = kx1 * in_c; i < f_w * in_c; ++i) {
        g_row[i] = pad;
      }
    }
  }
  mf_conv_dsp_widen(gather, c->k, c->k4, offset2, p->input_offset, col);
}


/* Output channels of one or two pixels (col1 == NULL: one). out0/out1 point at the pixels' outputs. */
static void mf_conv_dsp_matmul(const mf_conv2d_params* p, const int8_t* filter, const int32_t* bias,
                               int32_t out_c, int32_t k, int32_t k4, const int16_t* col0, const int16_t* col1,
                               int8_t* out0, int8_t* out1) {
  const mf_requant* rq = p->requant;
  const int32_t out_off = p->output_offset;
  const int32_t lo = p->act.min - out_off, hi = p->act.max - out_off;
  int32_t oc, i;
  for (oc = 0; oc + 1 < out_c; oc += 2) {
    const int8_t* w0 = filter + oc * k;
    const int8_t* w1 = w0 + k;
    int32_t a00 = bias != NULL ? bias[oc] : 0;
    int32_t a10 = bias != NULL ? bias[oc + 1] : 0;
    int32_t a01 = a00;
    int32_t a11 = a10;
    if (col1 != NULL) {
      for (i = 0; i < k4; i += 4) {
        const int32_t wa = mf_read_s8x4(w0 + i);
        const int32_t wb = mf_read_s8x4(w1 + i);
        const int32_t wa_e = mf_sxtb16(wa), wa_o = mf_sxtb16_ror8(wa);
        const int32_t wb_e = mf_sxtb16(wb), wb_o = mf_sxtb16_ror8(wb);
        const int32_t c0_e = mf_read_s16x2(col0 + i), c0_o = mf_read_s16x2(col0 + i + 2);
        const int32_t c1_e = mf_read_s16x2(col1 + i), c1_o = mf_read_s16x2(col1 + i + 2);
        a00 = mf_smlad(wa_e, c0_e, a00);
        a00 = mf_smlad(wa_o, c0_o, a00);
        a01 = mf_smlad(wa_e, c1_e, a01);
        a01 = mf_smlad(wa_o, c1_o, a01);
        a10 = mf_smlad(wb_e, c0_e, a10);
        a10 = mf_smlad(wb_o, c0_o, a10);
        a11 = mf_smlad(wb_e, c1_e, a11);
        a11 = mf_smlad(wb_o, c1_o, a11);
      }
      for (; i < k; ++i) {
        a00 = (int32_t)((uint32_t)a00 + (uint32_t)(w0[i] * col0[i]));
        a01 = (int32_t)((uint32_t)a01 + (uint32_t)(w0[i] * col1[i]));
        a10 = (int32_t)((uint32_t)a10 + (uint32_t)(w1[i] * col0[i]));
        a11 = (int32_t)((uint32_t)a11 + (uint32_t)(w1[i] * col1[i]));
      }
      out1[oc] = mf_dsp_requant_s8(a01, &rq[oc], lo, hi, out_off);
      out1[oc + 1] = mf_dsp_requant_s8(a11, &rq[oc + 1], lo, hi, out_off);
    } else {
      for (i = 0; i < k4; i += 4) {
        const int32_t wa = mf_read_s8x4(w0 + i);
        const int32_t wb = mf_read_s8x4(w1 + i);
        const int32_t c0_e = mf_read_s16x2(col0 + i), c0_o = mf_read_s16x2(col0 + i + 2);
        a00 = mf_smlad(mf_sxtb16(wa), c0_e, a00);
        a00 = mf_smlad(mf_sxtb16_ror8(wa), c0_o, a00);
        a10 = mf_smlad(mf_sxtb16(wb), c0_e, a10);
        a10 = mf_smlad(mf_sxtb16_ror8(wb), c0_o, a10);
      }
      for (; i < k; ++i) {
        a00 = (int32_t)((uint32_t)a00 + (uint32_t)(w0[i] * col0[i]));
        a10 = (int32_t)((uint32_t)a10 + (uint32_t)(w1[i] * col0[i]));
      }
    }
    out0[oc] = mf_dsp_requant_s8(a00, &rq[oc], lo, hi, out_off);
    out0[oc + 1] = mf_dsp_requant_s8(a10, &rq[oc + 1], lo, hi, out_off);
  }
  if (oc < out_c) {
    const int8_t* w0 = filter + oc * k;
    int32_t a00 = bias != NULL ? bias[oc] : 0;
    int32_t a01 = a00;
    for (i = 0; i < k4; i += 4) {
      const int32_t wa = mf_read_s8x4(w0 + i);
      const int32_t wa_e = mf_sxtb16(wa), wa_o = mf_sxtb16_ror8(wa);
      a00 = mf_smlad(wa_e, mf_read_s16x2(col0 + i), a00);
      a00 = mf_smlad(wa_o, mf_read_s16x2(col0 + i + 2), a00);
      if (col1 != NULL) {
        a01 = mf_smlad(wa_e, mf_read_s16x2(col1 + i), a01);
        a01 = mf_smlad(wa_o, mf_read_s16x2(col1 + i + 2), a01);
      }
    }
    for (; i < k; ++i) {
      a00 = (int32_t)((uint32_t)a00 + (uint32_t)(w0[i] * col0[i]));
      if (col1 != NULL) {
        a01 = (int32_t)((uint32_t)a01 + (uint32_t)(w0[i] * col1[i]));
      }
    }
    out0[oc] = mf_dsp_requant_s8(a00, &rq[oc], lo, hi, out_off);
    if (col1 != NULL) {
      out1[oc] = mf_dsp_requant_s8(a01, &rq[oc], lo, hi, out_off);
    }
  }
}

mf_status mf_conv2d_s8__cm_dsp(const mf_conv2d_params* params, const mf_dims4* input_dims, const int8_t* input,
                               const mf_dims4* filter_dims, const int8_t* filter, const int32_t* bias,
                               const mf_dims4* output_dims, int8_t* output, void* scratch) {
  mf_conv_dsp_ctx c;
  int32_t pixels, out_c, pix, kp;
  int16_t* col0;
  int16_t* col1;
  int8_t* gather;
  MF_REQUIRE(mf_conv2d_shapes_valid(params, input_dims, filter_dims, output_dims));
  MF_REQUIRE(input != NULL && filter != NULL && output != NULL);
  MF_REQUIRE(mf_requant_valid(params->requant, output_dims->c, 30));
  MF_REQUIRE(params->act.min <= params->act.max);
  MF_REQUIRE(params->input_offset >= -127 && params->input_offset <= 128);
  if (scratch == NULL || filter_dims->c != input_dims->c || !mf_dsp_requant_fits(params->act, params->output_offset)) {
    /* grouped convolution, no scratch or an exotic output range: the reference */
    return mf_conv2d_s8(params, input_dims, input, filter_dims, filter, bias, output_dims, output);
  }
  c.p = params;
  c.in_dims = input_dims;
  c.f_dims = filter_dims;
  c.input = input;
  c.k = filter_dims->h * filter_dims->w * filter_dims->c;
  c.k4 = c.k & ~3;
  kp = (c.k + 1) & ~1; /* keeps the second column 4-byte aligned */
  col0 = (int16_t*)scratch;
  col1 = col0 + kp;
  gather = (int8_t*)(col1 + kp);
  out_c = output_dims->c;
  pixels = output_dims->n * output_dims->h * output_dims->w;
  for (pix = 0; pix + 1 < pixels; pix += 2) {
    mf_conv_dsp_column(&c, pix, output_dims->h, output_dims->w, gather, col0);
    mf_conv_dsp_column(&c, pix + 1, output_dims->h, output_dims->w, gather, col1);
    mf_conv_dsp_matmul(params, filter, bias, out_c, c.k, c.k4, col0, col1, output + pix * out_c,
                       output + (pix + 1) * out_c);
  }
  if (pix < pixels) {
    mf_conv_dsp_column(&c, pix, output_dims->h, output_dims->w, gather, col0);
    mf_conv_dsp_matmul(params, filter, bias, out_c, c.k, c.k4, col0, NULL, output + pix * out_c, NULL);
  }
  return MF_STATUS_OK;
}
