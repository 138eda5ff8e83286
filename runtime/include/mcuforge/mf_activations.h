/* SPDX-License-Identifier: Apache-2.0 */
/* Element-wise activation kernels: HARD_SWISH, LOGISTIC, TANH (RELU, ELU and the rest of the
 * activation family are in mf_act.h). Each processes `count` elements; input and output may be the
 * same buffer (each element is read before it is written) but must not otherwise overlap.
 * Arithmetic matches TFLM's reference kernels (tflm-arithmetic.md sections 10-12). */
#ifndef MCUFORGE_MF_ACTIVATIONS_H
#define MCUFORGE_MF_ACTIVATIONS_H

#include "mcuforge/mf_types.h"

#ifdef __cplusplus
extern "C" {
#endif

/* HARD_SWISH int8: x * relu6(x + 3) / 6 in 16-bit fixed point. The multipliers are TFLite's 32-bit
 * quantized multipliers rounded to 16 bits. */
typedef struct {
  int32_t input_zero_point;
  int32_t output_zero_point;
  int16_t output_multiplier;   /* (s_in / 128) / s_out, Q0.15 */
  int32_t output_shift;        /* <= 0 */
  int16_t reluish_multiplier;  /* (s_in / 128) / (3 / 32768), Q0.15 */
  int32_t reluish_shift;       /* any sign */
} mf_hard_swish_params;

mf_status mf_hard_swish_s8(const mf_hard_swish_params* params, int32_t count, const int8_t* input,
                           int8_t* output);
/* x * min(6, max(0, x + 3)) / 6 in float. */
mf_status mf_hard_swish_f32(int32_t count, const float* input, float* output);

/* LOGISTIC / TANH int8: the input, rescaled to Q4.27 by (multiplier, shift), goes through gemmlowp's
 * fixed-point logistic / tanh. Inputs with |x - zp| >= radius saturate. LOGISTIC's output has
 * zero point -128 and scale 1/256, TANH's zero point 0 and scale 1/128. */
typedef struct {
  int32_t input_zero_point;
  int32_t input_range_radius;
  int32_t input_multiplier;
  int32_t input_shift;  /* 0 .. 31, a left shift */
} mf_sigmoid_s8_params;

mf_status mf_logistic_s8(const mf_sigmoid_s8_params* params, int32_t count, const int8_t* input,
                         int8_t* output);
mf_status mf_tanh_s8(const mf_sigmoid_s8_params* params, int32_t count, const int8_t* input,
                     int8_t* output);

/* LOGISTIC / TANH int16 (output scale 2^-15, zero points 0): the input scaled by (multiplier, shift)
 * to the 256-entry sigmoid table's grid, interpolated (TFLM reference_integer_ops::Logistic / Tanh).
 * multiplier 0 is the power-of-two input scale: 3 << shift with no shift (shift <= 1). */
typedef struct {
  int32_t input_multiplier;
  int32_t input_left_shift; /* 0 .. 31 */
} mf_sigmoid_s16_params;

mf_status mf_logistic_s16(const mf_sigmoid_s16_params* params, int32_t count, const int16_t* input,
                          int16_t* output);
mf_status mf_tanh_s16(const mf_sigmoid_s16_params* params, int32_t count, const int16_t* input,
                      int16_t* output);

/* Float: logistic uses TFLite's cut-offs (1 above 16.619..., exp(x) below -9). */
mf_status mf_logistic_f32(int32_t count, const float* input, float* output);
mf_status mf_tanh_f32(int32_t count, const float* input, float* output);

#ifdef __cplusplus
}
#endif

#endif /* MCUFORGE_MF_ACTIVATIONS_H */
