/* SPDX-License-Identifier: Apache-2.0 */
/* What the activation family's kernels (mcuforge/mf_act.h) share: the two-slope requantization of one
 * element (RELU, RELU6, LEAKY_RELU in int8 and int16), expm1 and log in float32 written with + - * /
 * only (as mf_math_f32.h, so that every target computes the same bits), TFLM's fixed-point
 * log(x) for x >= 1 (LOG_SOFTMAX int8); L2_NORMALIZATION's 1/sqrt multiplier is mf_inv_sqrt.h's. */
#ifndef MCUFORGE_INTERNAL_MF_ACT_INTERNAL_H
#define MCUFORGE_INTERNAL_MF_ACT_INTERNAL_H

#include <stdint.h>
#include <string.h>

#include "mcuforge/mf_act.h"
#include "mf_fixedpoint.h"
#include "mf_fixedpoint_exp.h"
#include "mf_inv_sqrt.h" /* mf_clz_u32, mf_inv_sqrt_multiplier (L2_NORMALIZATION) */
#include "mf_math_f32.h"

/* Shift ranges every integer kernel of the family accepts (mf_mbqm's left shift is at most 31). */
MF_INLINE int mf_act_requant_ok(const mf_requant* r) { return r->shift >= -31 && r->shift <= 31; }

/* One element of mf_act_requant_s8 / _s16; x is the widened input value. Sums wrap (as TFLM's int32
 * arithmetic does on every target) instead of being undefined. */
MF_INLINE int32_t mf_act_requant_value(const mf_act_requant_params* p, int32_t x) {
  const int32_t v = (int32_t)((uint32_t)x - (uint32_t)p->input_zero_point);
  int32_t y;
  if (v >= 0) {
    y = mf_mbqm(v, p->positive.multiplier, p->positive.shift);
  } else {
    y = mf_mbqm(v, p->negative.multiplier, p->negative.shift);
    if (p->negate_negative) y = (int32_t)(0u - (uint32_t)y);
  }
  y = (int32_t)((uint32_t)p->output_zero_point + (uint32_t)y);
  return mf_clamp_i32(y, p->act.min, p->act.max);
}

/* exp(x) - 1 for x <= 0 without cancellation near 0: a Taylor polynomial for x > -0.35 (truncation
 * below 1e-9 relative), exp(x) - 1 below (|result| >= 0.29, so the subtraction loses nothing). */
MF_INLINE float mf_expm1f_neg(float x) {
  if (x > -0.35f) {
    float p = 1.0f / 40320.0f;
    p = p * x + 1.0f / 5040.0f;
    p = p * x + 1.0f / 720.0f;
    p = p * x + 1.0f / 120.0f;
    p = p * x + 1.0f / 24.0f;
    p = p * x + 1.0f / 6.0f;
    p = p * x + 0.5f;
    p = p * x + 1.0f;
    return p * x;
  }
  return mf_expf(x) - 1.0f;
}

/* Natural log of a finite x >= 1 (LOG_SOFTMAX's sum of exponentials): x = m * 2^e with m in
 * [sqrt(1/2), sqrt(2)), log m = 2 atanh(s), s = (m - 1) / (m + 1), |s| <= 0.172, series to s^11. */
MF_INLINE float mf_logf_ge1(float x) {
  uint32_t bits;
  int32_t e;
  float m, s, s2, p;
  if (!(x < 3.40282347e+38f)) return x; /* +inf (or NaN) */
  memcpy(&bits, &x, sizeof bits);
  e = (int32_t)((bits >> 23) & 0xFFu) - 127;
  bits = (bits & 0x7FFFFFu) | 0x3F800000u;
  memcpy(&m, &bits, sizeof m);
  if (m > 1.41421356f) {
    m *= 0.5f;
    ++e;
  }
  s = (m - 1.0f) / (m + 1.0f);
  s2 = s * s;
  p = 1.0f / 11.0f;
  p = p * s2 + 1.0f / 9.0f;
  p = p * s2 + 1.0f / 7.0f;
  p = p * s2 + 1.0f / 5.0f;
  p = p * s2 + 1.0f / 3.0f;
  p = p * s2 + 1.0f;
  /* ln 2 split so that e * hi is exact */
  return (float)e * 0.693145752f + ((float)e * 1.42860677e-06f + 2.0f * s * p);
}

MF_INLINE int32_t mf_sat_add32(int32_t a, int32_t b) {
  const int64_t s = (int64_t)a + (int64_t)b;
  return (int32_t)(s > INT32_MAX ? INT32_MAX : (s < INT32_MIN ? INT32_MIN : s));
}

MF_INLINE int32_t mf_add32(int32_t a, int32_t b) { return (int32_t)((uint32_t)a + (uint32_t)b); }
MF_INLINE int32_t mf_sub32(int32_t a, int32_t b) { return (int32_t)((uint32_t)a - (uint32_t)b); }

/* TFLM's log_x_for_x_greater_than_or_equal_to_1 (common.h): x is F<in_bits> (>= 1), the result
 * F<out_bits>. A rational approximation of log around 2^(1/4)-scaled mantissas, with the exponent
 * counted from the leading zeros; kept step for step, since its roundings are the result. */
MF_INLINE int32_t mf_fx_log_x_ge_1(int32_t x, int in_bits, int out_bits) {
  const int accum_bits = out_bits + 1;
  const int32_t log_2 = 1488522236;          /* log(2), F<0> */
  const int32_t sqrt_sqrt_half = 1805811301; /* 2^(-1/4) */
  const int32_t sqrt_half = 1518500250;      /* 2^(-1/2) */
  const int32_t alpha_n = 117049297;         /* 11/240 * 2^(1/4) */
  const int32_t alpha_d = 127690142;         /* 1/20 * 2^(1/4) */
  const int32_t alpha_i = 1057819769;        /* 2 / 2^(1/4) - 2^(1/4) */
  const int32_t alpha_f = 638450708;         /* 1/4 * 2^(1/4) */
  const int32_t shifted_quarter = mf_fx_mul_pot(536870912, -accum_bits); /* 1/4 in F<accum> */
  const int z_a_headroom_plus_1 = mf_clz_u32((uint32_t)x);
  const int32_t r_a_tmp = mf_fx_mul_pot(x, z_a_headroom_plus_1 - 1);
  const int32_t r_a = mf_fx_mul_pot(mf_srdhm(r_a_tmp, sqrt_half), 1);
  const int32_t z_a_pow_2_adj =
      mf_sat_add32(mf_fx_mul_pot(in_bits - z_a_headroom_plus_1, 31 - accum_bits), shifted_quarter);
  const int32_t z_b = mf_srdhm(x, sqrt_half);
  const int z_b_headroom = mf_clz_u32((uint32_t)z_b) - 1;
  const int32_t r_b = mf_fx_mul_pot(x, z_b_headroom);
  const int32_t z_b_pow_2_adj =
      mf_sat_add32(mf_fx_mul_pot(in_bits - z_b_headroom, 31 - accum_bits), (int32_t)-shifted_quarter);
  const int32_t r = r_a < r_b ? r_a : r_b;
  const int32_t z_pow_2_adj = z_a_pow_2_adj > z_b_pow_2_adj ? z_a_pow_2_adj : z_b_pow_2_adj;
  const int32_t p = mf_fx_rounding_half_sum(r, sqrt_sqrt_half);
  int32_t q = mf_sub32(r, sqrt_sqrt_half);
  int32_t common_sq, num, denom_minus_one, recip_denom, num_scaled;
  q = mf_add32(q, q);
  common_sq = mf_srdhm(q, q);
  num = mf_add32(mf_srdhm(q, r), mf_srdhm(mf_srdhm(q, common_sq), alpha_n));
  denom_minus_one = mf_add32(mf_srdhm(p, mf_add32(mf_add32(alpha_i, q), mf_srdhm(alpha_d, common_sq))),
                             mf_srdhm(alpha_f, q));
  recip_denom = mf_fx_one_over_one_plus_x(denom_minus_one);
  num_scaled = mf_fx_mul_pot(num, -accum_bits);
  return mf_fx_mul_pot(mf_add32(mf_srdhm(z_pow_2_adj, log_2), mf_srdhm(num_scaled, recip_denom)),
                       accum_bits - out_bits);
}

#endif /* MCUFORGE_INTERNAL_MF_ACT_INTERNAL_H */
