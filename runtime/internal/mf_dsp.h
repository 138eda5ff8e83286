/* SPDX-License-Identifier: Apache-2.0 */
/* The Arm DSP-extension (SIMD32) operations the *__cm_dsp kernel variants are written with: ACLE
 * intrinsics on cores with __ARM_FEATURE_DSP (Cortex-M4/M7/M33/M55), and portable C with exactly the
 * same semantics elsewhere, so that the same variant source runs on the host for the differential
 * tests and in generated code built with host gcc/clang. A "pair" is two int16 lanes in one 32-bit
 * word (lane 0 in bits 0-15). Accumulation wraps modulo 2^32 like SMLAD's result (its Q flag is
 * never read), which keeps every reordering of an int32 sum bit-exact. */
#ifndef MCUFORGE_INTERNAL_MF_DSP_H
#define MCUFORGE_INTERNAL_MF_DSP_H

#include <stdint.h>
#include <string.h>

#include "mf_fixedpoint.h" /* MF_INLINE */

#if defined(__ARM_FEATURE_DSP)
#include <arm_acle.h>
#define MF_DSP_NATIVE 1
#else
#define MF_DSP_NATIVE 0
#endif

/* Four int8 (or two int16) at p, any alignment (one LDR on cores with unaligned access). */
MF_INLINE int32_t mf_read_s8x4(const int8_t* p) {
  int32_t v;
  memcpy(&v, p, 4);
  return v;
}
MF_INLINE int32_t mf_read_s16x2(const int16_t* p) {
  int32_t v;
  memcpy(&v, p, 4);
  return v;
}
MF_INLINE void mf_write_s16x2(int16_t* p, int32_t v) { memcpy(p, &v, 4); }

#if !MF_DSP_NATIVE
MF_INLINE int32_t mf_dsp_pack(int32_t lo, int32_t hi) {
  return (int32_t)(((uint32_t)hi << 16) | ((uint32_t)lo & 0xFFFFu));
}
MF_INLINE int32_t mf_dsp_lo(int32_t v) { return (int32_t)(int16_t)(uint16_t)((uint32_t)v & 0xFFFFu); }
MF_INLINE int32_t mf_dsp_hi(int32_t v) { return (int32_t)(int16_t)(uint16_t)((uint32_t)v >> 16); }
MF_INLINE int32_t mf_dsp_b(int32_t v, int k) { return (int32_t)(int8_t)(uint8_t)(((uint32_t)v >> (8 * k)) & 0xFFu); }
#endif

/* The two words at *p (4-byte aligned), then *p advances by 8 (mf_read_pair_adv8) or 16 bytes: one
 * LDRD with post-increment on DSP cores. */
#if MF_DSP_NATIVE && defined(__GNUC__) && defined(__thumb2__)
#define MF_DSP_LDRD_ADV(name, step)                                                                   \
  MF_INLINE void name(const int16_t** p, int32_t* a, int32_t* b) {                                   \
    int32_t a_, b_;                                                                                   \
    const int16_t* q = *p;                                                                            \
    __asm__("ldrd %0, %1, [%2], #" #step : "=r"(a_), "=r"(b_), "+r"(q) : "m"(*(const int32_t(*)[2])q)); \
    *a = a_;                                                                                          \
    *b = b_;                                                                                          \
    *p = q;                                                                                           \
  }
#else
#define MF_DSP_LDRD_ADV(name, step)                                   \
  MF_INLINE void name(const int16_t** p, int32_t* a, int32_t* b) {   \
    *a = mf_read_s16x2(*p);                                           \
    *b = mf_read_s16x2(*p + 2);                                       \
    *p += (step) / 2;                                                 \
  }
#endif
MF_DSP_LDRD_ADV(mf_read_pair_adv8, 8)
MF_DSP_LDRD_ADV(mf_read_pair_adv16, 16)
#undef MF_DSP_LDRD_ADV

/* SXTB16: bytes 0 and 2 of x sign-extended into the two lanes. */
MF_INLINE int32_t mf_sxtb16(int32_t x) {
#if MF_DSP_NATIVE
  return __sxtb16(x);
#else
  return mf_dsp_pack(mf_dsp_b(x, 0), mf_dsp_b(x, 2));
#endif
}

/* SXTB16 of x rotated right by 8: bytes 1 and 3. */
MF_INLINE int32_t mf_sxtb16_ror8(int32_t x) {
#if MF_DSP_NATIVE && defined(__GNUC__)
  int32_t r;
  __asm__("sxtb16 %0, %1, ror #8" : "=r"(r) : "r"(x));
  return r;
#elif MF_DSP_NATIVE
  return __sxtb16((int32_t)(((uint32_t)x >> 8) | ((uint32_t)x << 24)));
#else
  return mf_dsp_pack(mf_dsp_b(x, 1), mf_dsp_b(x, 3));
#endif
}

/* SXTAB16: lanes of a plus bytes 0 and 2 of x (each lane wraps at 16 bits). */
MF_INLINE int32_t mf_sxtab16(int32_t a, int32_t x) {
#if MF_DSP_NATIVE
  return __sxtab16(a, x);
#else
  return mf_dsp_pack(mf_dsp_lo(a) + mf_dsp_b(x, 0), mf_dsp_hi(a) + mf_dsp_b(x, 2));
#endif
}

/* SXTAB16 of x rotated right by 8: lanes of a plus bytes 1 and 3 of x. */
MF_INLINE int32_t mf_sxtab16_ror8(int32_t a, int32_t x) {
#if MF_DSP_NATIVE && defined(__GNUC__)
  int32_t r;
  __asm__("sxtab16 %0, %1, %2, ror #8" : "=r"(r) : "r"(a), "r"(x));
  return r;
#elif MF_DSP_NATIVE
  return __sxtab16(a, (int32_t)(((uint32_t)x >> 8) | ((uint32_t)x << 24)));
#else
  return mf_dsp_pack(mf_dsp_lo(a) + mf_dsp_b(x, 1), mf_dsp_hi(a) + mf_dsp_b(x, 3));
#endif
}

/* SMLAD: acc + lo(a) * lo(b) + hi(a) * hi(b), wrapping. */
MF_INLINE int32_t mf_smlad(int32_t a, int32_t b, int32_t acc) {
#if MF_DSP_NATIVE
  return __smlad(a, b, acc);
#else
  return (int32_t)((uint32_t)acc + (uint32_t)(mf_dsp_lo(a) * mf_dsp_lo(b)) +
                   (uint32_t)(mf_dsp_hi(a) * mf_dsp_hi(b)));
#endif
}

/* SMLABB / SMLATT: acc + the product of the bottom (top) lanes, wrapping. */
MF_INLINE int32_t mf_smlabb(int32_t a, int32_t b, int32_t acc) {
#if MF_DSP_NATIVE
  return __smlabb(a, b, acc);
#else
  return (int32_t)((uint32_t)acc + (uint32_t)(mf_dsp_lo(a) * mf_dsp_lo(b)));
#endif
}
MF_INLINE int32_t mf_smlatt(int32_t a, int32_t b, int32_t acc) {
#if MF_DSP_NATIVE
  return __smlatt(a, b, acc);
#else
  return (int32_t)((uint32_t)acc + (uint32_t)(mf_dsp_hi(a) * mf_dsp_hi(b)));
#endif
}

/* Both lanes set to v (an int16 value). */
MF_INLINE int32_t mf_dup16(int32_t v) {
  return (int32_t)(((uint32_t)v << 16) | ((uint32_t)v & 0xFFFFu));
}

/* mf_mbqm(x, multiplier, shift) for multiplier >= 0 (every kernel requires it, so SRDHM's single
 * saturating case cannot occur) without 64-bit shifts or branches on the sign: SRDHM's rounding is
 * floor((a + 2^30) / 2^31) with a = (x << left) * multiplier for both signs (one SMLAL), and RDBPOT
 * by right >= 1 adds 1 to h >> right when the remainder reaches 2^(right-1) + [h < 0]. */
MF_INLINE int32_t mf_dsp_requantize(int32_t x, int32_t multiplier, int32_t shift) {
  const int left = shift > 0 ? shift : 0;
  const int right = shift > 0 ? 0 : -shift;
  const int64_t a = (int64_t)(int32_t)((uint32_t)x << left) * multiplier + ((int64_t)1 << 30);
  const int32_t h = (int32_t)(a >> 31);
  if (right == 0) {
    return h;
  }
  {
    const uint32_t mask = (1u << right) - 1u;
    const uint32_t c = (1u << (right - 1)) - (uint32_t)(h < 0);
    return (h >> right) + (int32_t)((((uint32_t)h & mask) + c) >> right);
  }
}

/* True when mf_dsp_requant_s8 may be used: an int8 activation range and an output offset far from
 * int32 overflow (always so for prepared models; variants run the reference otherwise). */
MF_INLINE int mf_dsp_requant_fits(mf_act_range act, int32_t out_off) {
  return act.min >= -128 && act.max <= 127 && out_off >= -(1 << 24) && out_off <= (1 << 24);
}


/* QADD: a + b saturated to int32. */
MF_INLINE int32_t mf_dsp_qadd(int32_t a, int32_t b) {
#if MF_DSP_NATIVE
  return __qadd(a, b);
#else
  const int64_t s = (int64_t)a + b;
  return s > INT32_MAX ? INT32_MAX : (s < INT32_MIN ? INT32_MIN : (int32_t)s);
#endif
}

/* SSAT #8 of t >> 1 (arithmetic): floor(t / 2) clamped to [-128, 127]. */
MF_INLINE int32_t mf_dsp_ssat8_asr1(int32_t t) {
#if MF_DSP_NATIVE && defined(__GNUC__)
  int32_t r;
  __asm__("ssat %0, #8, %1, asr #1" : "=r"(r) : "r"(t));
  return r;
#else
  const int32_t v = t >> 1;
  return v < -128 ? -128 : (v > 127 ? 127 : v);
#endif
}

/* SRDHM without its (unreachable for multiplier >= 0) saturation: floor((x * m + 2^30) / 2^31). */
MF_INLINE int32_t mf_dsp_srdhm(int32_t x, int32_t m) {
  return (int32_t)(((int64_t)x * m + ((int64_t)1 << 30)) >> 31);
}

/* mf_clamp_act(mf_mbqm(acc, m, shift) + out_off, [amin, amax]) for amin/amax inside int8 and
 * |out_off| <= 2^24 (mf_dsp_requant_fits); off2p1 = 2 * out_off + 1. With h = SRDHM(acc << left, m)
 * and right = -shift >= 1, RDBPOT rounds half away from zero, which is floor((h - [h < 0] + 2^(r-1)) /
 * 2^r) = floor((((h - [h < 0]) >> (r-1)) + 1) / 2) (h > INT32_MIN and h < INT32_MAX - 1 because
 * m < 2^31, so nothing wraps); adding 2 * out_off before the final halving adds out_off exactly. QADD
 * saturates only when the exact value is beyond +-2^30, which the clamp maps to the same bound. */
MF_INLINE int32_t mf_dsp_requant_out(int32_t acc, int32_t m, int32_t shift, int32_t off2p1, int32_t amin,
                                     int32_t amax) {
  int32_t t, v;
  if (shift >= 0) {
    const int32_t h = mf_dsp_srdhm((int32_t)((uint32_t)acc << shift), m);
    t = mf_dsp_qadd(mf_dsp_qadd(h, h), off2p1);
  } else {
    int32_t h = mf_dsp_srdhm(acc, m);
    h += h >> 31;
    t = mf_dsp_qadd(h >> (-shift - 1), off2p1);
  }
  v = mf_dsp_ssat8_asr1(t);
  v = v < amin ? amin : v;
  return v > amax ? amax : v;
}

/* True when every channel has shift <= -1 and the activation range is the whole int8 range: then
 * mf_dsp_requant_fast gives mf_dsp_requant_out's value with no branch and no clamp but SSAT. */
MF_INLINE int mf_dsp_requant_fast_ok(const mf_requant* rq, int32_t count, mf_act_range act) {
  int32_t i;
  if (act.min != -128 || act.max != 127) {
    return 0;
  }
  for (i = 0; i < count; ++i) {
    if (rq[i].shift >= 0) {
      return 0;
    }
  }
  return 1;
}

/* mf_dsp_requant_out for shift <= -1 and [amin, amax] = [-128, 127] (mf_dsp_requant_fast_ok). */
MF_INLINE int32_t mf_dsp_requant_fast(int32_t acc, int32_t m, int32_t shift, int32_t off2p1) {
  int32_t h = mf_dsp_srdhm(acc, m);
  h += h >> 31;
  return mf_dsp_ssat8_asr1(mf_dsp_qadd(h >> (-shift - 1), off2p1));
}

/* One of the two, `fast` being a constant where the kernels inline it. */
MF_INLINE int8_t mf_dsp_requant_sel(int fast, int32_t acc, const mf_requant* rq, int32_t off2p1, int32_t amin,
                                    int32_t amax) {
  if (fast) {
    return (int8_t)mf_dsp_requant_fast(acc, rq->multiplier, rq->shift, off2p1);
  }
  return (int8_t)mf_dsp_requant_out(acc, rq->multiplier, rq->shift, off2p1, amin, amax);
}

/* Requantized accumulator + output offset, clamped to the activation range: the reference's
 * mf_clamp_act(mf_mbqm(acc) + out_off, act), with the range pre-shifted (lo = act.min - out_off,
 * hi = act.max - out_off; see mf_dsp_requant_fits) so that nothing needs 64 bits. */
MF_INLINE int8_t mf_dsp_requant_s8(int32_t acc, const mf_requant* rq, int32_t lo, int32_t hi, int32_t out_off) {
  return (int8_t)mf_dsp_requant_out(acc, rq->multiplier, rq->shift, 2 * out_off + 1, lo + out_off, hi + out_off);
}

/* mf_tap_range in 32-bit arithmetic, for origin and size far from int32 overflow (the variants check
 * mf_dsp_window_fits): taps k in [*lo, *hi) satisfy 0 <= origin + k * dilation < size. */
MF_INLINE void mf_dsp_tap_range(int32_t origin, int32_t dilation, int32_t size, int32_t taps, int32_t* lo,
                                int32_t* hi) {
  int32_t a = 0, b;
  if (dilation == 1) {
    if (origin < 0) {
      a = -origin;
    }
    b = size - origin;
  } else {
    if (origin < 0) {
      a = (int32_t)(((uint32_t)-origin + (uint32_t)dilation - 1u) / (uint32_t)dilation);
    }
    b = size > origin ? (int32_t)(((uint32_t)(size - origin) + (uint32_t)dilation - 1u) / (uint32_t)dilation) : 0;
  }
  if (b > taps) {
    b = taps;
  }
  if (b < 0) {
    b = 0;
  }
  if (a > b) {
    a = b;
  }
  *lo = a;
  *hi = b;
}

/* True when window origins out * stride - pad and the tap arithmetic of mf_dsp_tap_range stay far
 * inside int32 for every output position. */
MF_INLINE int mf_dsp_window_fits(int32_t out, int32_t stride, int32_t pad, int32_t in, int32_t taps, int32_t dil) {
  const int64_t lim = (int64_t)1 << 28;
  return (int64_t)out * stride < lim && pad > -lim && pad < lim && in < lim && (int64_t)taps * dil < lim &&
         dil < lim;
}

#endif /* MCUFORGE_INTERNAL_MF_DSP_H */
