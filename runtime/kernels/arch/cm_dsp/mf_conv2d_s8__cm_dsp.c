/* SPDX-License-Identifier: Apache-2.0 */
/* CONV_2D, int8, for cores with the DSP extension: the same sums as mf_conv2d_s8, computed as a
 * matrix product. Two output pixels at a time have their windows copied ("im2col") into the scratch
 * as int16 values x + input_offset (0 for taps outside the input, written as the int8 input zero
 * point before the offset is added), the two columns interleaved four values at a time so that one
 * pointer and two LDRDs fetch both; then each pair of output channels is multiplied with both columns
 * by SMLAD on int16 pairs, four accumulators at once. A 1x1 window is expanded straight from the input
 * pixel (no gather row in the scratch). The int32 sum wraps modulo 2^32 whatever the order, and the
 * bias, requantization (mf_dsp_requant_sel, equal to mf_mbqm) and clamp match the
 * reference, so the output is identical.
 *
 * Access order (the planner's in-place promise, see compiler/ops/window_overlap.h): both pixels'
 * windows are read before any of their outputs is written, and pixels are finished in memory
 * order, so no output byte is written before every read of the input bytes below it is done. */
#include "mcuforge/mf_conv2d.h"
#include "mf_conv_check.h"
#include "mf_conv_dsp.h"
#include "mf_dsp.h"
#include "mf_fixedpoint.h"

/* Column of output pixel `pixel` (batch-major linear index) into grp / tail (see mf_conv_dsp_widen),
 * via gather if needed. */
static void mf_conv_dsp_column(const mf_conv_dsp_ctx* c, int32_t pixel, int32_t out_h, int32_t out_w,
                               int8_t* gather, int16_t* grp, int16_t* tail) {
  const mf_conv2d_params* p = c->p;
  const int32_t in_h = c->in_dims->h, in_w = c->in_dims->w, in_c = c->in_dims->c;
  const int32_t f_h = c->f_dims->h, f_w = c->f_dims->w;
  const int32_t b = pixel / (out_h * out_w);
  const int32_t oy = (pixel / out_w) % out_h;
  const int32_t ox = pixel % out_w;
  const int32_t y0 = oy * p->stride_h - p->pad_h;
  const int32_t x0 = ox * p->stride_w - p->pad_w;
  const int8_t* in_b = c->input + (int32_t)(b * in_h * in_w * in_c);
  const int32_t offset2 = mf_dup16(p->input_offset);
  /* (x + input_offset) == 0 for this value: a skipped tap contributes nothing, as in the reference */
  const int8_t pad = (int8_t)(-p->input_offset);
  int32_t ky0, ky1, kx0, kx1, ky, kx, i;
  mf_dsp_tap_range(y0, p->dilation_h, in_h, f_h, &ky0, &ky1);
  mf_dsp_tap_range(x0, p->dilation_w, in_w, f_w, &kx0, &kx1);
  if (f_h == 1 && f_w == 1) {
    if (ky1 > ky0 && kx1 > kx0) {
      mf_conv_dsp_widen(in_b + (y0 * in_w + x0) * in_c, c->k, c->k4, offset2, p->input_offset, grp, tail);
    } else { /* the tap is outside the input */
      for (i = 0; i < c->k4; i += 4) {
        memset(grp + 2 * i, 0, 4 * sizeof(int16_t));
      }
      for (; i < c->k; ++i) {
        tail[i - c->k4] = 0;
      }
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
      const int32_t iy = y0 + ky * p->dilation_h;
      const int8_t* in_row = in_b + iy * in_w * in_c;
      for (i = 0; i < kx0 * in_c; ++i) {
        g_row[i] = pad;
      }
      if (p->dilation_w == 1 && kx1 > kx0) {
        memcpy(g_row + kx0 * in_c, in_row + ((int32_t)x0 + kx0) * in_c, (size_t)((kx1 - kx0) * in_c));
      } else {
        for (kx = kx0; kx < kx1; ++kx) {
          const int32_t ix = x0 + kx * p->dilation_w;
          memcpy(g_row + kx * in_c, in_row + ix * in_c, (size_t)in_c);
        }
      }
      for (i = kx1 * in_c; i < f_w * in_c; ++i) {
        g_row[i] = pad;
      }
    }
  }
  mf_conv_dsp_widen(gather, c->k, c->k4, offset2, p->input_offset, grp, tail);
}


/* The body of mf_conv_dsp_matmul, fast a constant. */
MF_INLINE void mf_conv_dsp_matmul_body(const mf_conv2d_params* p, const int8_t* filter, const int32_t* bias,
                                       int32_t out_c, int32_t k, int32_t k4, const int16_t* cols,
                                       const int16_t* t0, const int16_t* t1, int8_t* out0, int8_t* out1,
                                       const int fast) {
  const mf_requant* rq = p->requant;
  const int32_t off2p1 = 2 * p->output_offset + 1;
  const int32_t amin = p->act.min, amax = p->act.max;
  int32_t oc;
  for (oc = 0; oc + 1 < out_c; oc += 2) {
    int32_t acc[4];
    acc[0] = acc[1] = bias != NULL ? bias[oc] : 0;
    acc[2] = acc[3] = bias != NULL ? bias[oc + 1] : 0;
    if (out1 != NULL) {
      mf_conv_dsp_dot2(filter + oc * k, k, k, k4, cols, t0, t1, 1, acc);
      out1[oc] = mf_dsp_requant_sel(fast, acc[1], &rq[oc], off2p1, amin, amax);
      out1[oc + 1] = mf_dsp_requant_sel(fast, acc[3], &rq[oc + 1], off2p1, amin, amax);
    } else {
      mf_conv_dsp_dot2(filter + oc * k, k, k, k4, cols, t0, t1, 0, acc);
    }
    out0[oc] = mf_dsp_requant_sel(fast, acc[0], &rq[oc], off2p1, amin, amax);
    out0[oc + 1] = mf_dsp_requant_sel(fast, acc[2], &rq[oc + 1], off2p1, amin, amax);
  }
  if (oc < out_c) {
    int32_t acc[2];
    acc[0] = acc[1] = bias != NULL ? bias[oc] : 0;
    if (out1 != NULL) {
      mf_conv_dsp_dot1(filter + oc * k, k, k4, cols, t0, t1, 1, acc);
      out1[oc] = mf_dsp_requant_sel(fast, acc[1], &rq[oc], off2p1, amin, amax);
    } else {
      mf_conv_dsp_dot1(filter + oc * k, k, k4, cols, t0, t1, 0, acc);
    }
    out0[oc] = mf_dsp_requant_sel(fast, acc[0], &rq[oc], off2p1, amin, amax);
  }
}

/* Output channels of one or two pixels (out1 == NULL: one) from the interleaved columns cols and the
 * tails t0 / t1. out0/out1 point at the pixels' outputs; fast: mf_dsp_requant_fast_ok. */
static void mf_conv_dsp_matmul(const mf_conv2d_params* p, const int8_t* filter, const int32_t* bias,
                               int32_t out_c, int32_t k, int32_t k4, const int16_t* cols, const int16_t* t0,
                               const int16_t* t1, int8_t* out0, int8_t* out1, int fast) {
  if (fast) {
    mf_conv_dsp_matmul_body(p, filter, bias, out_c, k, k4, cols, t0, t1, out0, out1, 1);
  } else {
    mf_conv_dsp_matmul_body(p, filter, bias, out_c, k, k4, cols, t0, t1, out0, out1, 0);
  }
}

mf_status mf_conv2d_s8__cm_dsp(const mf_conv2d_params* params, const mf_dims4* input_dims, const int8_t* input,
                               const mf_dims4* filter_dims, const int8_t* filter, const int32_t* bias,
                               const mf_dims4* output_dims, int8_t* output, void* scratch) {
  mf_conv_dsp_ctx c;
  int32_t pixels, out_c, pix, kp, fast;
  int16_t* cols;
  int16_t* tail0;
  int16_t* tail1;
  int8_t* gather;
  MF_REQUIRE(mf_conv2d_shapes_valid(params, input_dims, filter_dims, output_dims));
  MF_REQUIRE(input != NULL && filter != NULL && output != NULL);
  MF_REQUIRE(mf_requant_valid(params->requant, output_dims->c, 30));
  MF_REQUIRE(params->act.min <= params->act.max);
  MF_REQUIRE(params->input_offset >= -127 && params->input_offset <= 128);
  if (scratch == NULL || ((uintptr_t)scratch & 3u) != 0 || filter_dims->c != input_dims->c || !mf_dsp_requant_fits(params->act, params->output_offset) ||
      !mf_dsp_window_fits(output_dims->h, params->stride_h, params->pad_h, input_dims->h, filter_dims->h,
                          params->dilation_h) ||
      !mf_dsp_window_fits(output_dims->w, params->stride_w, params->pad_w, input_dims->w, filter_dims->w,
                          params->dilation_w)) {
    /* grouped convolution, no scratch or one that is not 4-byte aligned (the columns are read with LDRD,
     * which needs it; the planner's arena alignment always gives it), an exotic output range or huge
     * windows: the reference */
    return mf_conv2d_s8(params, input_dims, input, filter_dims, filter, bias, output_dims, output);
  }
  c.p = params;
  c.in_dims = input_dims;
  c.f_dims = filter_dims;
  c.input = input;
  c.k = filter_dims->h * filter_dims->w * filter_dims->c;
  c.k4 = c.k & ~3;
  kp = (c.k + 1) & ~1;
  /* 2 * kp int16: the interleaved groups of both columns (2 * k4), then the two tails */
  cols = (int16_t*)scratch;
  tail0 = cols + 2 * c.k4;
  tail1 = tail0 + (c.k - c.k4);
  gather = (int8_t*)(cols + 2 * kp);
  out_c = output_dims->c;
  fast = mf_dsp_requant_fast_ok(params->requant, out_c, params->act);
  pixels = output_dims->n * output_dims->h * output_dims->w;
  for (pix = 0; pix + 1 < pixels; pix += 2) {
    mf_conv_dsp_column(&c, pix, output_dims->h, output_dims->w, gather, cols, tail0);
    mf_conv_dsp_column(&c, pix + 1, output_dims->h, output_dims->w, gather, cols + 4, tail1);
    mf_conv_dsp_matmul(params, filter, bias, out_c, c.k, c.k4, cols, tail0, tail1, output + pix * out_c,
                       output + (pix + 1) * out_c, fast);
  }
  if (pix < pixels) {
    mf_conv_dsp_column(&c, pix, output_dims->h, output_dims->w, gather, cols, tail0);
    mf_conv_dsp_matmul(params, filter, bias, out_c, c.k, c.k4, cols, tail0, NULL, output + pix * out_c, NULL,
                       fast);
  }
  return MF_STATUS_OK;
}
