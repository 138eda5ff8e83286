/* SPDX-License-Identifier: Apache-2.0 */
/* gemmlowp-style fixed-point transcendental functions on int32 raw values, bit-exact with the ones
 * TFLM's reference kernels use (softmax int8, logistic/tanh int8, LSTM gates): see tflm-arithmetic.md
 * section 2.5. A value "F<k>" is an int32 raw with k integer bits and 31-k fractional bits. Functions
 * take the integer-bit count k as a run-time argument so that every user (softmax k=5, logistic k=4,
 * tanh k=4, LSTM) shares one implementation. */
#ifndef MCUFORGE_INTERNAL_MF_FIXEDPOINT_EXP_H
#define MCUFORGE_INTERNAL_MF_FIXEDPOINT_EXP_H

#include <stdint.h>

#include "mf_fixedpoint.h"

/* Rescale by 2^exponent with saturation (gemmlowp SaturatingRoundingMultiplyByPOT): exponent > 0 is a
 * saturating left shift, exponent < 0 a rounding right shift (ties away from zero). |exponent| <= 31. */
MF_INLINE int32_t mf_fx_mul_pot(int32_t x, int exponent) {
  if (exponent > 0) {
    const int32_t threshold = (int32_t)(((int64_t)1 << (31 - exponent)) - 1);
    if (x > threshold) return INT32_MAX;
    if (x < -threshold) return INT32_MIN;
    return (int32_t)((uint32_t)x << exponent);
  }
  if (exponent < 0) return mf_rdbpot(x, -exponent);
  return x;
}

/* (a + b) / 2 rounded half away from zero, without overflow. */
MF_INLINE int32_t mf_fx_rounding_half_sum(int32_t a, int32_t b) {
  const int64_t s = (int64_t)a + (int64_t)b;
  return (int32_t)((s + (s >= 0 ? 1 : -1)) / 2);
}

/* exp(a) for a in [-1/4, 0), a and the result in F<0>. */
MF_INLINE int32_t mf_fx_exp_interval(int32_t a) {
  const int32_t exp_minus_one_eighth = 1895147668; /* round(2^31 * exp(-1/8)) */
  const int32_t one_third = 715827883;             /* round(2^31 / 3) */
  const int32_t x = (int32_t)((uint32_t)a + (1u << 28)); /* a + 1/8 */
  const int32_t x2 = mf_srdhm(x, x);
  const int32_t x3 = mf_srdhm(x2, x);
  const int32_t x4 = mf_srdhm(x2, x2);
  const int32_t x4_over_4 = mf_rdbpot(x4, 2);
  /* Taylor series of exp around -1/8 up to the 4th order term. */
  const int32_t t = mf_rdbpot((int32_t)((uint32_t)mf_srdhm((int32_t)((uint32_t)x4_over_4 + (uint32_t)x3),
                                                           one_third) +
                                        (uint32_t)x2),
                              1);
  return (int32_t)((uint32_t)exp_minus_one_eighth +
                   (uint32_t)mf_srdhm(exp_minus_one_eighth, (int32_t)((uint32_t)x + (uint32_t)t)));
}

/* exp(a) for a <= 0; a is F<k> (0 <= k <= 29), the result F<0>. */
MF_INLINE int32_t mf_fx_exp_on_negative_values(int32_t a, int k) {
  /* round(2^31 * exp(-2^j)) for j = -2 .. 4 */
  static const int32_t kMultipliers[7] = {1672461947, 1302514674, 790015084, 290630308,
                                          39332535,   720401,     242};
  const int fractional_bits = 31 - k;
  const int32_t quarter = (int32_t)1 << (fractional_bits - 2);
  /* Split a = (a mod 1/4 - 1/4) - remainder, remainder a non-negative multiple of 1/4. */
  const int32_t a_mod = (int32_t)((a & (quarter - 1)) - quarter);
  const int32_t remainder = (int32_t)((uint32_t)a_mod - (uint32_t)a);
  int32_t result = mf_fx_exp_interval(mf_fx_mul_pot(a_mod, k));
  int j;
  for (j = -2; j <= 4; ++j) {
    if (k > j && (remainder & ((int32_t)1 << (fractional_bits + j))) != 0) {
      result = mf_srdhm(result, kMultipliers[j + 2]);
    }
  }
  if (k > 5 && a < -((int32_t)1 << (36 - k))) result = 0; /* a < -32: exp underflows to 0 */
  if (a == 0) result = INT32_MAX;
  return result;
}

/* 1 / (1 + a) for a in [0, 1), F<0> in and out (Newton-Raphson, 3 iterations, in F<2>). */
MF_INLINE int32_t mf_fx_one_over_one_plus_x(int32_t a) {
  const int32_t half_denominator = mf_fx_rounding_half_sum(a, INT32_MAX);
  const int32_t c48_17 = 1515870810;      /* 48/17 in F<2> */
  const int32_t c_neg32_17 = -1010580540; /* -32/17 in F<2> */
  const int32_t one_f2 = (int32_t)1 << 29;
  int32_t x = (int32_t)((uint32_t)c48_17 + (uint32_t)mf_srdhm(half_denominator, c_neg32_17));
  int i;
  for (i = 0; i < 3; ++i) {
    const int32_t hd_x = mf_srdhm(half_denominator, x);                        /* F<2> */
    const int32_t one_minus = (int32_t)((uint32_t)one_f2 - (uint32_t)hd_x);    /* F<2> */
    const int32_t correction = mf_fx_mul_pot(mf_srdhm(x, one_minus), 2);       /* F<4> -> F<2> */
    x = (int32_t)((uint32_t)x + (uint32_t)correction);
  }
  return mf_fx_mul_pot(x, 1); /* x/2 in F<1> -> F<0> */
}

/* (1 - a) / (1 + a) for a in [0, 1), F<0> in and out. */
MF_INLINE int32_t mf_fx_one_minus_x_over_one_plus_x(int32_t a) {
  const int32_t half_denominator = mf_fx_rounding_half_sum(a, INT32_MAX);
  const int32_t c48_17 = 1515870810;
  const int32_t c_neg32_17 = -1010580540;
  const int32_t one_f2 = (int32_t)1 << 29;
  int32_t x = (int32_t)((uint32_t)c48_17 + (uint32_t)mf_srdhm(half_denominator, c_neg32_17));
  int i;
  for (i = 0; i < 3; ++i) {
    const int32_t hd_x = mf_srdhm(half_denominator, x);
    const int32_t one_minus = (int32_t)((uint32_t)one_f2 - (uint32_t)hd_x);
    const int32_t correction = mf_fx_mul_pot(mf_srdhm(x, one_minus), 2);
    x = (int32_t)((uint32_t)x + (uint32_t)correction);
  }
  /* 1/hd - 1 = (1 - a)/(1 + a), then F<2> -> F<0>. */
  return mf_fx_mul_pot((int32_t)((uint32_t)x - (uint32_t)one_f2), 2);
}

/* Logistic 1/(1+exp(-a)); a is F<k> (k <= 29), the result F<0>. */
MF_INLINE int32_t mf_fx_logistic(int32_t a, int k) {
  int32_t abs_a;
  int32_t positive;
  if (a == 0) return (int32_t)1 << 30;
  abs_a = a > 0 ? a : (int32_t)(0u - (uint32_t)a);
  positive = mf_fx_one_over_one_plus_x(mf_fx_exp_on_negative_values((int32_t)(0u - (uint32_t)abs_a), k));
  return a > 0 ? positive : (int32_t)((uint32_t)INT32_MAX - (uint32_t)positive);
}

/* tanh(a); a is F<k> (k <= 28), the result F<0>. */
MF_INLINE int32_t mf_fx_tanh(int32_t a, int k) {
  int32_t n;
  int32_t t;
  if (a == 0) return 0;
  n = a < 0 ? a : (int32_t)(0u - (uint32_t)a);
  /* The raw of n read as F<k+1> is 2n: tanh(|a|) = (1 - exp(-2|a|)) / (1 + exp(-2|a|)). */
  t = mf_fx_one_minus_x_over_one_plus_x(mf_fx_exp_on_negative_values(n, k + 1));
  return a < 0 ? (int32_t)(0u - (uint32_t)t) : t;
}

#endif /* MCUFORGE_INTERNAL_MF_FIXEDPOINT_EXP_H */
