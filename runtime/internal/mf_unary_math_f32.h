/* SPDX-License-Identifier: Apache-2.0 */
/* log, sin and cos for the float32 unary kernels, in the spirit of mf_math_f32.h: IEEE single
 * precision + - * /, exact conversions and integer arithmetic only, so that the host executor and
 * every MCU (hardware FPU or soft-float) compute the same bits, which the C library's logf/sinf/cosf
 * do not (they differ between glibc, newlib and picolibc in the last bit). Accuracy: a few ulp
 * (float results are checked against TFLM with a 1e-5 relative tolerance). */
#ifndef MCUFORGE_INTERNAL_MF_UNARY_MATH_F32_H
#define MCUFORGE_INTERNAL_MF_UNARY_MATH_F32_H

#include <stdint.h>
#include <string.h>

#include "mf_math_f32.h"

MF_INLINE uint32_t mf_f32_bits(float x) {
  uint32_t b;
  memcpy(&b, &x, sizeof b);
  return b;
}

MF_INLINE float mf_f32_from_bits(uint32_t b) {
  float x;
  memcpy(&x, &b, sizeof x);
  return x;
}

/* Natural logarithm: NaN below 0, -inf at 0. x = 2^k m with m in [sqrt(2)/2, sqrt(2)); then
 * log m = 2 atanh(s), s = (m - 1) / (m + 1), |s| <= 0.172, whose odd series converges fast. m - 1
 * is exact there, so the result keeps its relative accuracy near x = 1. */
MF_INLINE float mf_logf(float x) {
  uint32_t bits;
  int32_t k = 0;
  float m, f, s, s2, p, kf;
  if (x != x) return x;
  if (x < 0.0f) return mf_f32_from_bits(0x7fc00000u); /* NaN */
  if (x == 0.0f) return mf_f32_from_bits(0xff800000u); /* -inf */
  bits = mf_f32_bits(x);
  if (bits >= 0x7f800000u) return x; /* +inf */
  if (bits < 0x00800000u) {          /* subnormal: scale into the normal range */
    bits = mf_f32_bits(x * 8388608.0f);
    k = -23;
  }
  k += (int32_t)(bits >> 23) - 127;
  m = mf_f32_from_bits((bits & 0x007fffffu) | 0x3f800000u); /* [1, 2) */
  if (m > 1.41421354f) {
    m *= 0.5f;
    k += 1;
  }
  f = m - 1.0f;
  s = f / (2.0f + f);
  s2 = s * s;
  /* log m = 2s + s (2/3 s^2 + 2/5 s^4 + 2/7 s^6 + 2/9 s^8): truncation below 3e-9 relative. */
  p = s2 * (0.666666667f + s2 * (0.4f + s2 * (0.285714286f + s2 * 0.222222222f)));
  kf = (float)k;
  /* ln 2 in two parts; k * hi is exact (hi has 16 significant bits, |k| < 2^8). */
  return kf * 0.693145752f + ((2.0f * s + s * p) + kf * 1.42860677e-06f);
}

/* The bits of 2/pi after the binary point, 32 per word, most significant first (224 bits: enough
 * for every float exponent, see mf_reduce_pio2f). */
#define MF_TWO_OVER_PI_WORDS 7

/* |x| = n pi/2 + r for finite ax = |x| >= pi/4: returns r (|r| <= pi/4 + tiny) and n mod 4 in
 * *quadrant. Exact Payne-Hanek reduction in integers: with ax = m 2^q (m a 24-bit integer), only a
 * 96-bit window of 2/pi matters for the product's value mod 4 (earlier bits give multiples of 4,
 * later ones less than 2^-70); m times that window, 120 bits, holds the quadrant and 62 bits of the
 * fraction, so r is accurate to about 2^-61 absolutely, far below the closest a float comes to a
 * multiple of pi/2, and r's float rounding dominates (relative 2^-24). */
MF_INLINE float mf_reduce_pio2f(float ax, int32_t* quadrant) {
  static const uint32_t two_over_pi[MF_TWO_OVER_PI_WORDS] = {
      0xa2f9836eu, 0x4e441529u, 0xfc2757d1u, 0xf534ddc0u, 0xdb629599u, 0x3c439041u, 0xfe5163abu};
  const uint32_t bits = mf_f32_bits(ax);
  const int32_t q = (int32_t)(bits >> 23) - 127 - 23;
  const uint64_t m = (uint64_t)((bits & 0x007fffffu) | 0x00800000u);
  /* First window bit (1-based index into 2/pi) and the number of fraction bits of m * window. */
  const int32_t first = q >= 2 ? q - 1 : 1;
  const int32_t fraction_bits = first + 95 - q; /* 94 .. 120 */
  const int32_t word = (first - 1) >> 5;
  const int32_t bit = (first - 1) & 31;
  uint32_t w[3];
  uint64_t a, b, c, low64, turns;
  uint32_t p1, p2, p3;
  int32_t j, u, n;
  int64_t frac;
  for (j = 0; j < 3; ++j) {
    w[j] = bit == 0 ? two_over_pi[word + j]
                    : (two_over_pi[word + j] << bit) | (two_over_pi[word + j + 1] >> (32 - bit));
  }
  /* m * (w0:w1:w2) as four 32-bit limbs p3:p2:p1:p0 (p0 is never needed). */
  a = m * w[2];
  b = m * w[1] + (a >> 32);
  c = m * w[0] + (b >> 32);
  p1 = (uint32_t)b;
  p2 = (uint32_t)c;
  p3 = (uint32_t)(c >> 32);
  /* The 64 bits from 2^(fraction_bits - 62) up: 2 bits of quadrant over 62 of fraction. */
  u = fraction_bits - 62 - 32; /* 0 .. 26 */
  low64 = ((uint64_t)p2 << 32) | p1;
  turns = u == 0 ? low64 : (low64 >> u) | ((uint64_t)p3 << (64 - u));
  n = (int32_t)(turns >> 62);
  frac = (int64_t)(turns & (((uint64_t)1 << 62) - 1));
  if (frac >= ((int64_t)1 << 61)) { /* round to the nearest quadrant: r in [-pi/4, pi/4) */
    frac -= (int64_t)1 << 62;
    n += 1;
  }
  *quadrant = n & 3;
  return (float)frac * 3.40612173e-19f; /* frac 2^-62 pi/2 */
}

/* sin and cos on |r| <= pi/4 (Taylor series, truncation below 2e-9 relative). */
MF_INLINE float mf_sin_kernel(float r) {
  const float r2 = r * r;
  return r + r * r2 * (-0.166666667f + r2 * (8.33333333e-03f + r2 * (-1.98412698e-04f + r2 * 2.75573192e-06f)));
}

MF_INLINE float mf_cos_kernel(float r) {
  const float r2 = r * r;
  return (1.0f - 0.5f * r2) +
         r2 * r2 * (4.16666667e-02f + r2 * (-1.38888889e-03f + r2 * (2.48015873e-05f + r2 * -2.75573192e-07f)));
}

/* sin (cos_wanted 0) or cos (1) of x. */
MF_INLINE float mf_sincosf(float x, int32_t cos_wanted) {
  const float ax = mf_f32_from_bits(mf_f32_bits(x) & 0x7fffffffu); /* |x|, also for -0 */
  float r, v;
  int32_t n = 0;
  if (x != x) return x;
  if (mf_f32_bits(ax) >= 0x7f800000u) return mf_f32_from_bits(0x7fc00000u); /* sin(inf) is NaN */
  if (ax == 0.0f) return cos_wanted ? 1.0f : x;                               /* keeps sin(-0) = -0 */
  r = ax;
  if (ax > 0.785398185f) r = mf_reduce_pio2f(ax, &n);
  /* sin(n pi/2 + r) and cos(n pi/2 + r) by quadrant; cos is even, sin odd. */
  n = (n + cos_wanted) & 3;
  v = (n & 1) ? mf_cos_kernel(r) : mf_sin_kernel(r);
  if (n & 2) v = -v;
  if (!cos_wanted && x < 0.0f) v = -v;
  return v;
}

MF_INLINE float mf_sinf(float x) { return mf_sincosf(x, 0); }
MF_INLINE float mf_cosf(float x) { return mf_sincosf(x, 1); }

#endif /* MCUFORGE_INTERNAL_MF_UNARY_MATH_F32_H */
