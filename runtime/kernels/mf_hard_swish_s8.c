/* SPDX-License-Identifier: Apache-2.0 */
/* mf_hard_swish_s8: see mcuforge/mf_activations.h (tflm-arithmetic.md section 12). All intermediate
 * values are int16 as in TFLM; conversions to int16 wrap explicitly. */
#include "mcuforge/mf_activations.h"
#include "mf_fixedpoint.h"

/* int16 value of the low 16 bits of v (two's complement wrap, defined for every v). */
static int16_t wrap16(int32_t v) {
  const uint32_t u = (uint32_t)v & 0xFFFFu;
  return (int16_t)(u >= 0x8000u ? (int32_t)u - 0x10000 : (int32_t)u);
}

static int16_t sat16(int64_t v) {
  return (int16_t)(v > INT16_MAX ? INT16_MAX : (v < INT16_MIN ? INT16_MIN : v));
}

/* round(a * b / 2^15), ties away from zero; saturates the INT16_MIN * INT16_MIN case. */
static int16_t srdhm16(int16_t a, int16_t b) {
  int32_t p;
  if (a == INT16_MIN && b == INT16_MIN) return INT16_MAX;
  p = (int32_t)a * (int32_t)b;
  return (int16_t)((p + (p >= 0 ? (1 << 14) : 1 - (1 << 14))) / (1 << 15));
}

/* a * b / 2^15 truncated toward zero (no rounding); saturates INT16_MIN * INT16_MIN. */
static int16_t sdhm16(int16_t a, int16_t b) {
  if (a == INT16_MIN && b == INT16_MIN) return INT16_MAX;
  return (int16_t)(((int32_t)a * (int32_t)b) / (1 << 15));
}

/* Saturating v * 2^k; shifts past 16 saturate every non-zero value anyway. */
static int16_t sat_shl16(int16_t v, int32_t k) {
  return sat16((int64_t)v * ((int64_t)1 << (k > 16 ? 16 : k)));
}

/* gemmlowp's RoundingDivideByPOT on an int16 value, as TFLM calls it: for exponents 16..31 its mask
 * (2^e - 1 narrowed to int16) is -1, so the result is 1 for every x >= 0 (0 included) and -1 below. */
static int16_t rdbpot16(int16_t x, int32_t exponent) {
  if (exponent <= 15) return (int16_t)mf_rdbpot(x, exponent);
  return (int16_t)(x >= 0 ? 1 : -1);
}

mf_status mf_hard_swish_s8(const mf_hard_swish_params* params, int32_t count, const int8_t* input,
                           int8_t* output) {
  const mf_hard_swish_params* p = params;
  int32_t i;
  MF_REQUIRE(p != NULL && count >= 0 && (count == 0 || (input != NULL && output != NULL)));
  MF_REQUIRE(p->input_zero_point >= -128 && p->input_zero_point <= 127);
  MF_REQUIRE(p->output_zero_point >= -128 && p->output_zero_point <= 127);
  MF_REQUIRE(p->output_shift <= 0 && p->output_shift >= -31);
  MF_REQUIRE(p->reluish_shift >= -31 && p->reluish_shift <= 31);
  for (i = 0; i < count; ++i) {
    const int16_t v = wrap16(input[i] - p->input_zero_point);
    const int16_t hires = wrap16(v * 128);  /* |v| <= 255, fits */
    const int16_t preshift_out = srdhm16(hires, p->output_multiplier);
    int16_t reluish = hires;
    int16_t out16;
    /* All but the last bit of a left shift first, so that saturation only happens in the final
     * doubling (after the multiplier has divided by up to 2). */
    if (p->reluish_shift > 0) reluish = sat_shl16(reluish, p->reluish_shift - 1);
    reluish = srdhm16(reluish, p->reluish_multiplier);
    if (p->reluish_shift > 0) reluish = sat_shl16(reluish, 1);
    if (p->reluish_shift < 0) reluish = rdbpot16(reluish, -p->reluish_shift);
    /* [-1, 1] -> [0, 1] in Q0.15 */
    reluish = (int16_t)((reluish + (1 << 15)) >> 1);
    out16 = rdbpot16(sdhm16(reluish, preshift_out), -p->output_shift);
    out16 = wrap16(out16 + p->output_zero_point);
    output[i] = (int8_t)mf_clamp_i32(out16, -128, 127);
  }
  return MF_STATUS_OK;
}
