/* SPDX-License-Identifier: Apache-2.0 */
/* The activation family: RELU, RELU6, LEAKY_RELU, ELU (element-wise, one float32 kernel and integer
 * kernels shared by the ops), PRELU (a broadcast alpha tensor), LOG_SOFTMAX and L2_NORMALIZATION
 * (per row of the last dimension). Arithmetic matches TFLM's reference kernels bit for bit (float32
 * within rounding). Element-wise kernels may run in place (each element is read before it is
 * written); the row kernels too (a row is read completely before any of it is written). */
#ifndef MCUFORGE_MF_ACT_H
#define MCUFORGE_MF_ACT_H

#include "mcuforge/mf_elementwise.h"
#include "mcuforge/mf_types.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- element-wise, float32 ---- */

typedef enum {
  MF_ACT_RELU = 0,       /* x < 0 ? 0 : x */
  MF_ACT_RELU6 = 1,      /* x > 6 ? 6 : (x < 0 ? 0 : x) */
  MF_ACT_LEAKY_RELU = 2, /* x > 0 ? x : alpha * x */
  MF_ACT_ELU = 3         /* x < 0 ? expm1(x) : x */
} mf_act_kind;

typedef struct {
  mf_act_kind kind;
  float alpha; /* LEAKY_RELU only */
} mf_act_f32_params;

mf_status mf_act_f32(const mf_act_f32_params* params, int32_t count, const float* input, float* output);

/* ---- element-wise, int8 / int16: two-slope requantization (RELU, RELU6, LEAKY_RELU) ----
 *   v = x - input_zero_point
 *   y = v >= 0 ? MBQM(v, positive) : (negate_negative ? -1 : 1) * MBQM(v, negative)
 *   out = clamp(output_zero_point + y, act.min, act.max)
 * MBQM is TFLM's MultiplyByQuantizedMultiplier (double rounding); shifts are in [-31, 31]. RELU uses
 * one multiplier for both slopes and clamps at the output zero point; RELU6 uses the identity
 * multiplier (2^30, shift 1) and clamps to TFLM's [zero, six]; LEAKY_RELU has an identity and an alpha
 * slope (a negative alpha is applied as a positive multiplier, then negated, as TFLM does). */
typedef struct {
  int32_t input_zero_point;
  int32_t output_zero_point;
  mf_requant positive;
  mf_requant negative;
  int32_t negate_negative; /* 0 or 1 */
  mf_act_range act;        /* within the output type's range */
} mf_act_requant_params;

mf_status mf_act_requant_s8(const mf_act_requant_params* params, int32_t count, const int8_t* input,
                            int8_t* output);
mf_status mf_act_requant_s16(const mf_act_requant_params* params, int32_t count, const int16_t* input,
                             int16_t* output);

/* ---- element-wise, int8: a 256-entry table indexed by (uint8_t)x (ELU) ---- */
typedef struct {
  const int8_t* table;
} mf_act_lut_s8_params;

mf_status mf_act_lut_s8(const mf_act_lut_s8_params* params, int32_t count, const int8_t* input, int8_t* output);

/* ---- PRELU: out = x >= 0 ? x : alpha * x, alpha broadcast against the input (mf_bcast: input 1 is
 * the input, input 2 alpha) ----
 * Quantized (int8 input and alpha, or int16 input and int8 alpha):
 *   v = x + input_offset
 *   y = v >= 0 ? MBQM(v, positive) : MBQM(v * (a + alpha_offset), negative)
 *   out = clamp(y + output_offset, type range) */
typedef struct {
  mf_bcast shape;
  int32_t input_offset; /* -zero point of the input */
  int32_t alpha_offset; /* -zero point of alpha */
  int32_t output_offset;
  mf_requant positive; /* s_in / s_out */
  mf_requant negative; /* s_in * s_alpha / s_out */
} mf_prelu_q_params;

typedef struct {
  mf_bcast shape;
} mf_prelu_f32_params;

mf_status mf_prelu_f32(const mf_prelu_f32_params* params, const float* input, const float* alpha, float* output);
mf_status mf_prelu_s8(const mf_prelu_q_params* params, const int8_t* input, const int8_t* alpha, int8_t* output);
mf_status mf_prelu_s16(const mf_prelu_q_params* params, const int16_t* input, const int8_t* alpha,
                       int16_t* output);

/* ---- LOG_SOFTMAX over rows of `depth` elements ----
 * int8: the input differences to the row maximum, scaled to Q5.26 by (input_multiplier,
 * input_left_shift), go through gemmlowp's fixed-point exp; the sum (Q12.19) through TFLM's fixed-point
 * log; out = clamp(RDBPOT(diff_q5 - log_sum_q5, 22) + 127, -128, 127) for differences above the
 * adjusted minimum, -128 below it. Output scale 16/256, zero point 127. depth <= 4095. */
typedef struct {
  int32_t rows;
  int32_t depth;
  int32_t input_multiplier;
  int32_t input_left_shift;            /* 0 .. 31 */
  int32_t reverse_scaling_divisor;
  int32_t reverse_scaling_right_shift; /* 0 .. 31 */
  int32_t diff_min;                    /* <= 0 */
} mf_log_softmax_s8_params;

typedef struct {
  int32_t rows;
  int32_t depth;
} mf_rows_params;

mf_status mf_log_softmax_s8(const mf_log_softmax_s8_params* params, const int8_t* input, int8_t* output);
/* x - max - log(sum(exp(x - max))) in float. */
mf_status mf_log_softmax_f32(const mf_rows_params* params, const float* input, float* output);

/* ---- L2_NORMALIZATION over rows of `depth` elements ----
 * int8: the sum of squared (x - zp) gives TFLM's fixed-point 1/sqrt multiplier; out = clamp(MBQM(x - zp,
 * inv, shift + 7), -128, 127) (output scale 1/128, zero point 0). depth <= 33025 (the int32 sum).
 * float32: x / max(sqrt(sum x^2), 1e-6). */
typedef struct {
  int32_t rows;
  int32_t depth;
  int32_t input_zero_point;
} mf_l2norm_s8_params;

mf_status mf_l2norm_s8(const mf_l2norm_s8_params* params, const int8_t* input, int8_t* output);
mf_status mf_l2norm_f32(const mf_rows_params* params, const float* input, float* output);

#ifdef __cplusplus
}
#endif

#endif /* MCUFORGE_MF_ACT_H */
