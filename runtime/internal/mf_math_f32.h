/* SPDX-License-Identifier: Apache-2.0 */
/* exp and tanh for the float32 kernels, written with IEEE single-precision + - * / and exact
 * conversions only, so that the host executor, generated code on the host and generated code on
 * every MCU (hardware FPU or soft-float) compute the same bits. The C library's expf/tanhf differ
 * between glibc, newlib and picolibc in the last bit, which made float models "almost" but not
 * bit-exact on target. Accuracy: about 1 ulp (float results are checked against TFLM with a
 * tolerance). Generated code is built with -std=c99, where gcc does not contract a*b+c into FMA. */
#ifndef MCUFORGE_INTERNAL_MF_MATH_F32_H
#define MCUFORGE_INTERNAL_MF_MATH_F32_H

#include <stdint.h>
#include <string.h>

#include "mf_fixedpoint.h" /* MF_INLINE */

/* 2^k as a float for -126 <= k <= 127. */
MF_INLINE float mf_pow2f(int32_t k) {
  const uint32_t bits = (uint32_t)(k + 127) << 23;
  float f;
  memcpy(&f, &bits, sizeof f);
  return f;
}

MF_INLINE float mf_expf(float x) {
  float kf, r, p;
  int32_t k;
  if (x != x) return x;                  /* NaN */
  if (x > 88.7228317f) return 3.40282347e+38f * 2.0f; /* overflows to +inf */
  if (x < -103.972084f) return 0.0f;
  /* x = k ln2 + r with |r| <= ln2 / 2; ln2 split in a part with few bits (k * hi is exact) and a rest. */
  k = (int32_t)(x * 1.44269504f + (x >= 0.0f ? 0.5f : -0.5f));
  kf = (float)k;
  r = x - kf * 0.693145752f;
  r = r - kf * 1.42860677e-06f;
  /* Taylor series to r^7: truncation error below 1e-8 on |r| <= 0.347. */
  p = 1.98412698e-04f;
  p = p * r + 1.38888889e-03f;
  p = p * r + 8.33333333e-03f;
  p = p * r + 4.16666667e-02f;
  p = p * r + 1.66666667e-01f;
  p = p * r + 0.5f;
  p = p * r + 1.0f;
  p = p * r + 1.0f;
  if (k > 127) return p * mf_pow2f(127) * mf_pow2f(k - 127);
  if (k < -126) return p * mf_pow2f(-126) * mf_pow2f(k + 126);
  return p * mf_pow2f(k);
}

MF_INLINE float mf_tanhf(float x) {
  const float a = x < 0.0f ? -x : x;
  float t;
  if (x != x) return x;
  if (a > 9.01091290f) {
    t = 1.0f; /* tanh rounds to 1 in float */
  } else if (a < 0.3f) {
    /* tanh x = x - x^3 q(x^2), q from the odd Taylor series to x^15: error far below 1 ulp. */
    const float a2 = a * a;
    float q = 1.45583438e-03f;
    q = q * a2 - 3.59212804e-03f;
    q = q * a2 + 8.86323553e-03f;
    q = q * a2 - 2.18694885e-02f;
    q = q * a2 + 5.39682540e-02f;
    q = q * a2 - 1.33333333e-01f;
    q = q * a2 + 3.33333333e-01f;
    t = a - a * a2 * q;
  } else {
    t = 1.0f - 2.0f / (mf_expf(2.0f * a) + 1.0f);
  }
  return x < 0.0f ? -t : t;
}

#endif /* MCUFORGE_INTERNAL_MF_MATH_F32_H */
