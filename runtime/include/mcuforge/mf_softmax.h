/* SPDX-License-Identifier: Apache-2.0 */
/* SOFTMAX over the last dimension: `rows` rows of `depth` elements each, contiguous. Input and output
 * must not overlap. Arithmetic matches TFLM's reference kernels (tflm-arithmetic.md section 9). */
#ifndef MCUFORGE_MF_SOFTMAX_H
#define MCUFORGE_MF_SOFTMAX_H

#include "mcuforge/mf_types.h"

#ifdef __cplusplus
extern "C" {
#endif

/* int8 input (gemmlowp fixed-point exp). Output int8 with zero point -128 and scale 1/256, or int16
 * with zero point -32768 and scale 1/65536. depth <= 4095 keeps the int32 sum of exponentials from
 * overflowing. */
typedef struct {
  int32_t rows;
  int32_t depth;
  int32_t input_multiplier;  /* beta * s_in * 2^26 as a quantized multiplier */
  int32_t input_left_shift;  /* >= 0 */
  int32_t diff_min;          /* x - max(row) below this contributes exp = 0 */
} mf_softmax_s8_params;

mf_status mf_softmax_s8(const mf_softmax_s8_params* params, const int8_t* input, int8_t* output);
mf_status mf_softmax_s8_s16(const mf_softmax_s8_params* params, const int8_t* input,
                            int16_t* output);

/* int16 -> int16 (zero points 0, output scale 2^-15) with two 513-entry interpolated LUTs that the
 * compiler builds: exp on [-10, 0] and 1 / (1 + x) on [0, 1]. depth <= 65535. */
typedef struct {
  int32_t rows;
  int32_t depth;
  int32_t input_multiplier;  /* s_in * beta / (10 / 65535) as a quantized multiplier */
  int32_t input_shift;
  const int16_t* exp_lut;                  /* 513 entries */
  const int16_t* one_over_one_plus_x_lut;  /* 513 entries */
} mf_softmax_s16_params;

mf_status mf_softmax_s16(const mf_softmax_s16_params* params, const int16_t* input, int16_t* output);

/* float: exp((x - max) * beta) / sum. */
typedef struct {
  int32_t rows;
  int32_t depth;
  float beta;
} mf_softmax_f32_params;

mf_status mf_softmax_f32(const mf_softmax_f32_params* params, const float* input, float* output);

#ifdef __cplusplus
}
#endif

#endif /* MCUFORGE_MF_SOFTMAX_H */
