/* SPDX-License-Identifier: Apache-2.0 */
/* RESIZE_BILINEAR, int8, for cores with the DSP extension. TFLM's sum w00*v00 + w10*v10 + w01*v01 +
 * w11*v11 with w_ij = wy_i * wx_j is an exact integer, so it equals wx0 * (wy0*v00 + wy1*v10) +
 * wx1 * (wy0*v01 + wy1*v11): the vertical blends are 16 x 16-bit products of the int8 values (widened
 * four at a time from one word with SXTB16) and the 1-D weights (|w| <= 2048), and only the two
 * horizontal products are 32-bit. The same rounding as mf_resize_bilinear_s8 without a branch or a
 * division: identical output. */
#include "mcuforge/mf_resize.h"
#include "mf_dsp.h"
#include "mf_resize_check.h"

/* mf_resize_round20 without the sign test and the division: for v > 0 it is (v + 2^19) >> 20; for
 * v <= 0, truncating (v - 2^19) / 2^20 toward zero is ceil, i.e. (v - 2^19 + 2^20 - 1) >> 20 =
 * (v + 2^19 - 1) >> 20 (v = 0 gives 0 either way). So one add of v >> 31 (0 or -1) and a shift. */
MF_INLINE int32_t mf_rz_round20(int32_t v) { return (v + (1 << 19) + (v >> 31)) >> 20; }

/* Four channels: the vertical blends of the columns x0 (p00 over p10) and x1 (p01 over p11) with
 * 16 x 16-bit multiply-accumulates of the widened lanes (wy01 = [wy0, wy0], wy11 = [wy1, wy1]), then the
 * horizontal blend in 32 bits and the rounding. */
MF_INLINE void mf_rz_dsp_quad(const int8_t* p00, const int8_t* p10, const int8_t* p01, const int8_t* p11,
                              int32_t wy00, int32_t wy11, int32_t wx0, int32_t wx1, int8_t* out) {
  const int32_t a = mf_read_s8x4(p00), b = mf_read_s8x4(p10), c = mf_read_s8x4(p01), d = mf_read_s8x4(p11);
  const int32_t a_e = mf_sxtb16(a), a_o = mf_sxtb16_ror8(a), b_e = mf_sxtb16(b), b_o = mf_sxtb16_ror8(b);
  const int32_t c_e = mf_sxtb16(c), c_o = mf_sxtb16_ror8(c), d_e = mf_sxtb16(d), d_o = mf_sxtb16_ror8(d);
  /* channel 0: bottom lanes of the even pairs, 1: bottom of the odd, 2: top of the even, 3: top of the odd */
  const int32_t l0 = mf_smlabb(b_e, wy11, mf_smlabb(a_e, wy00, 0)), r0 = mf_smlabb(d_e, wy11, mf_smlabb(c_e, wy00, 0));
  const int32_t l1 = mf_smlabb(b_o, wy11, mf_smlabb(a_o, wy00, 0)), r1 = mf_smlabb(d_o, wy11, mf_smlabb(c_o, wy00, 0));
  const int32_t l2 = mf_smlatt(b_e, wy11, mf_smlatt(a_e, wy00, 0)), r2 = mf_smlatt(d_e, wy11, mf_smlatt(c_e, wy00, 0));
  const int32_t l3 = mf_smlatt(b_o, wy11, mf_smlatt(a_o, wy00, 0)), r3 = mf_smlatt(d_o, wy11, mf_smlatt(c_o, wy00, 0));
  out[0] = (int8_t)mf_rz_round20(l0 * wx0 + r0 * wx1);
  out[1] = (int8_t)mf_rz_round20(l1 * wx0 + r1 * wx1);
  out[2] = (int8_t)mf_rz_round20(l2 * wx0 + r2 * wx1);
  out[3] = (int8_t)mf_rz_round20(l3 * wx0 + r3 * wx1);
}

mf_status mf_resize_bilinear_s8__cm_dsp(const mf_resize_bilinear_q_params* params, const int8_t* input,
                                        int8_t* output) {
  const mf_resize_dims* d;
  int32_t b, y, x, c, depth, depth4, row;
  MF_REQUIRE(params != NULL && input != NULL && output != NULL);
  d = &params->dims;
  MF_REQUIRE(mf_resize_dims_valid(d));
  MF_REQUIRE(mf_resize_taps_valid(params->y_taps, d->out_h, d->in_h));
  MF_REQUIRE(mf_resize_taps_valid(params->x_taps, d->out_w, d->in_w));
  depth = d->depth;
  depth4 = depth & ~3;
  row = d->in_w * depth;
  for (b = 0; b < d->batches; ++b) {
    const int8_t* image = input + b * d->in_h * row;
    for (y = 0; y < d->out_h; ++y) {
      const mf_resize_tap ty = params->y_taps[y];
      const int32_t wy0 = 1024 - ty.frac, wy1 = ty.frac;
      const int32_t wy00 = mf_dup16(wy0), wy11 = mf_dup16(wy1);
      const int8_t* r0 = image + ty.lo * row;
      const int8_t* r1 = image + ty.hi * row;
      for (x = 0; x < d->out_w; ++x) {
        const mf_resize_tap tx = params->x_taps[x];
        const int32_t wx0 = 1024 - tx.frac, wx1 = tx.frac;
        const int8_t* p00 = r0 + tx.lo * depth;
        const int8_t* p01 = r0 + tx.hi * depth;
        const int8_t* p10 = r1 + tx.lo * depth;
        const int8_t* p11 = r1 + tx.hi * depth;
        for (c = 0; c < depth4; c += 4) {
          mf_rz_dsp_quad(p00 + c, p10 + c, p01 + c, p11 + c, wy00, wy11, wx0, wx1, output + c);
        }
        for (; c < depth; ++c) {
          const int32_t l = p00[c] * wy0 + p10[c] * wy1, r = p01[c] * wy0 + p11[c] * wy1;
          output[c] = (int8_t)mf_rz_round20(l * wx0 + r * wx1);
        }
        output += depth;
      }
    }
  }
  return MF_STATUS_OK;
}
