/* SPDX-License-Identifier: Apache-2.0 */
/* CONV_2D, int8, for cores with the DSP extension, in little memory: mf_conv2d_s8__cm_dsp's im2col +
 * SMLAD product, one filter row at a time. For each pair of output pixels, window row ky of both
 * pixels (f_w * in_c values) is widened into the scratch and multiplied with row ky of every output
 * channel's filter; the int32 sums of all output channels carry over from row to row in the scratch,
 * and are requantized after the last row. The scratch is two rows' columns and one channel-sum pair
 * per output channel instead of two whole windows, so a large window (e.g. 10x4x64) needs a few KB
 * less arena, for a few percent more instructions. The int32 sums wrap modulo 2^32 whatever the
 * order, and the bias, requantization and clamp are the reference's: the output is identical.
 *
 * Access order: as mf_conv2d_s8__cm_dsp (every row of both pixels' windows is read before any of
 * their outputs is written; pixels are finished in memory order). */
#include "mcuforge/mf_conv2d.h"
#include "mf_conv_check.h"
#include "mf_conv_dsp.h"
#include "mf_dsp.h"
#include "mf_fixedpoint.h"

/* Row ky of output pixel `pixel`'s window, widened into grp / tail (kr = f_w * in_c values). */
static void mf_conv_dsp_row(const mf_conv_dsp_ctx* c, int32_t pixel, int32_t ky, int32_t out_h, int32_t out_w,
                            int32_t kr, int32_t kr4, int8_t* gather, int16_t* grp, int16_t* tail) {
  const mf_conv2d_params* p = c->p;
  const int32_t in_h = c->in_dims->h, in_w = c->in_dims->w, in_c = c->in_dims->c;
  const int32_t f_h = c->f_dims->h, f_w = c->f_dims->w;
  const int32_t oy = (pixel / out_w) % out_h;
  const int32_t ox = pixel % out_w;
  const int32_t y0 = oy * p->stride_h - p->pad_h;
  const int32_t x0 = ox * p->stride_w - p->pad_w;
  const int8_t* in_b = c->input + (int32_t)((pixel / (out_h * out_w)) * in_h * in_w * in_c);
  const int32_t offset2 = mf_dup16(p->input_offset);
  const int8_t pad = (int8_t)(-p->input_offset); /* widens to 0: a skipped tap adds nothing */
  int32_t ky0, ky1, kx0, kx1, kx, i;
  const int8_t* in_row;
  mf_dsp_tap_range(y0, p->dilation_h, in_h, f_h, &ky0, &ky1);
  mf_dsp_tap_range(x0, p->dilation_w, in_w, f_w, &kx0, &kx1);
  if (ky < ky0 || ky >= ky1 || kx1 <= kx0) { /* the whole row is outside the input */
    for (i = 0; i < kr4; i += 4) memset(grp + 2 * i, 0, 4 * sizeof(int16_t));
    for (; i < kr; ++i) tail[i - kr4] = 0;
    return;
  }
  in_row = in_b + (y0 + ky * p->dilation_h) * in_w * in_c;
  if (kx0 == 0 && kx1 == f_w && p->dilation_w == 1) { /* contiguous in the input: no gather */
    mf_conv_dsp_widen(in_row + x0 * in_c, kr, kr4, offset2, p->input_offset, grp, tail);
    return;
  }
  for (i = 0; i < kx0 * in_c; ++i) gather[i] = pad;
  for (kx = kx0; kx < kx1; ++kx) memcpy(gather + kx * in_c, in_row + (x0 + kx * p->dilation_w) * in_c, (size_t)in_c);
  for (i = kx1 * in_c; i < kr; ++i) gather[i] = pad;
  mf_conv_dsp_widen(gather, kr, kr4, offset2, p->input_offset, grp, tail);
}

/* Adds row ky's products to the sums of every output channel of one or two pixels (out1 == NULL: one),
 * two channels at a time as mf_conv2d_s8__cm_dsp does. w: row ky of output channel 0's filter (channel
 * oc's is w + oc * k). first: start from the bias; last: requantize into out0 / out1 instead of storing
 * the sums. */
#if defined(__GNUC__)
__attribute__((noinline)) /* its own register allocation: inlined into the pixel loop, the inner loop spills */
#endif
static void mf_conv_dsp_rows_matmul(const mf_conv2d_params* p, const int8_t* w, int32_t k, const int32_t* bias,
                                    int32_t out_c, int32_t kr, int32_t kr4, const int16_t* cols, const int16_t* t0,
                                    const int16_t* t1, int32_t* sums, int first, int last, int8_t* out0,
                                    int8_t* out1, int fast) {
  const mf_requant* rq = p->requant;
  const int32_t off2p1 = 2 * p->output_offset + 1;
  const int32_t amin = p->act.min, amax = p->act.max;
  int32_t oc;
  for (oc = 0; oc + 1 < out_c; oc += 2) {
    int32_t* s = sums + 2 * oc;
    int32_t acc[4];
    if (first) {
      acc[0] = acc[1] = bias != NULL ? bias[oc] : 0;
      acc[2] = acc[3] = bias != NULL ? bias[oc + 1] : 0;
    } else {
      acc[0] = s[0];
      acc[1] = s[1];
      acc[2] = s[2];
      acc[3] = s[3];
    }
    if (out1 != NULL) {
      mf_conv_dsp_dot2(w + oc * k, k, kr, kr4, cols, t0, t1, 1, acc);
    } else {
      mf_conv_dsp_dot2(w + oc * k, k, kr, kr4, cols, t0, t1, 0, acc);
    }
    if (last) {
      out0[oc] = mf_dsp_requant_sel(fast, acc[0], &rq[oc], off2p1, amin, amax);
      out0[oc + 1] = mf_dsp_requant_sel(fast, acc[2], &rq[oc + 1], off2p1, amin, amax);
      if (out1 != NULL) {
        out1[oc] = mf_dsp_requant_sel(fast, acc[1], &rq[oc], off2p1, amin, amax);
        out1[oc + 1] = mf_dsp_requant_sel(fast, acc[3], &rq[oc + 1], off2p1, amin, amax);
      }
    } else {
      s[0] = acc[0];
      s[1] = acc[1];
      s[2] = acc[2];
      s[3] = acc[3];
    }
  }
  if (oc < out_c) { /* an odd last channel */
    int32_t* s = sums + 2 * oc;
    int32_t acc[2];
    acc[0] = first ? (bias != NULL ? bias[oc] : 0) : s[0];
    acc[1] = first ? acc[0] : s[1];
    if (out1 != NULL) {
      mf_conv_dsp_dot1(w + oc * k, kr, kr4, cols, t0, t1, 1, acc);
    } else {
      mf_conv_dsp_dot1(w + oc * k, kr, kr4, cols, t0, t1, 0, acc);
    }
    if (last) {
      out0[oc] = mf_dsp_requant_sel(fast, acc[0], &rq[oc], off2p1, amin, amax);
      if (out1 != NULL) out1[oc] = mf_dsp_requant_sel(fast, acc[1], &rq[oc], off2p1, amin, amax);
    } else {
      s[0] = acc[0];
      s[1] = acc[1];
    }
  }
}

mf_status mf_conv2d_s8__cm_dsp_rows(const mf_conv2d_params* params, const mf_dims4* input_dims,
                                    const int8_t* input, const mf_dims4* filter_dims, const int8_t* filter,
                                    const int32_t* bias, const mf_dims4* output_dims, int8_t* output,
                                    void* scratch) {
  mf_conv_dsp_ctx c;
  int32_t pixels, out_c, pix, ky, kr, kr4, krp, fast, f_h;
  int32_t* sums;
  int16_t *cols, *tail0, *tail1;
  int8_t* gather;
  MF_REQUIRE(mf_conv2d_shapes_valid(params, input_dims, filter_dims, output_dims));
  MF_REQUIRE(input != NULL && filter != NULL && output != NULL);
  MF_REQUIRE(mf_requant_valid(params->requant, output_dims->c, 30));
  MF_REQUIRE(params->act.min <= params->act.max);
  MF_REQUIRE(params->input_offset >= -127 && params->input_offset <= 128);
  if (scratch == NULL || ((uintptr_t)scratch & 3u) != 0 || filter_dims->c != input_dims->c ||
      !mf_dsp_requant_fits(params->act, params->output_offset) ||
      !mf_dsp_window_fits(output_dims->h, params->stride_h, params->pad_h, input_dims->h, filter_dims->h,
                          params->dilation_h) ||
      !mf_dsp_window_fits(output_dims->w, params->stride_w, params->pad_w, input_dims->w, filter_dims->w,
                          params->dilation_w)) {
    /* as mf_conv2d_s8__cm_dsp: grouped, no (aligned) scratch, exotic output range or huge windows */
    return mf_conv2d_s8(params, input_dims, input, filter_dims, filter, bias, output_dims, output);
  }
  c.p = params;
  c.in_dims = input_dims;
  c.f_dims = filter_dims;
  c.input = input;
  c.k = filter_dims->h * filter_dims->w * filter_dims->c;
  c.k4 = c.k & ~3;
  f_h = filter_dims->h;
  kr = filter_dims->w * filter_dims->c;
  kr4 = kr & ~3;
  krp = (kr + 1) & ~1;
  out_c = output_dims->c;
  /* scratch: the sums (2 per output channel), the interleaved columns of one row of both pixels, the
   * two row tails, the gather row (see mf_conv2d_s8__cm_dsp_rows_scratch_size) */
  sums = (int32_t*)scratch;
  cols = (int16_t*)(sums + 2 * out_c);
  tail0 = cols + 2 * kr4;
  tail1 = tail0 + (kr - kr4);
  gather = (int8_t*)(cols + 2 * krp);
  fast = mf_dsp_requant_fast_ok(params->requant, out_c, params->act);
  pixels = output_dims->n * output_dims->h * output_dims->w;
  for (pix = 0; pix < pixels; pix += 2) {
    const int two = pix + 1 < pixels;
    for (ky = 0; ky < f_h; ++ky) {
      mf_conv_dsp_row(&c, pix, ky, output_dims->h, output_dims->w, kr, kr4, gather, cols, tail0);
      if (two) mf_conv_dsp_row(&c, pix + 1, ky, output_dims->h, output_dims->w, kr, kr4, gather, cols + 4, tail1);
      mf_conv_dsp_rows_matmul(params, filter + ky * kr, c.k, bias, out_c, kr, kr4, cols, tail0, two ? tail1 : NULL,
                              sums, ky == 0, ky == f_h - 1, output + pix * out_c,
                              two ? output + (pix + 1) * out_c : NULL, fast);
    }
  }
  return MF_STATUS_OK;
}
