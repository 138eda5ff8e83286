/* SPDX-License-Identifier: Apache-2.0 */
/* The element-wise unary math family: NEG, ABS, SQRT, RSQRT, SQUARE, EXP, LOG, SIN, COS, CEIL, FLOOR,
 * ROUND and LOGICAL_NOT. A few kernels switch on the op (mf_unary_op) and process `count` elements;
 * input and output may be the same buffer (each element is read before it is written) but must not
 * otherwise overlap. Arithmetic matches TFLM's reference kernels (elementwise.cc, neg.cc, exp.cc,
 * ceil.cc, floor.cc, round.cc) and, for int8/int16 EXP, TensorFlow Lite's lookup tables. */
#ifndef MCUFORGE_MF_UNARY_H
#define MCUFORGE_MF_UNARY_H

#include "mcuforge/mf_types.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
  MF_UNARY_NEG = 0,
  MF_UNARY_ABS = 1,
  MF_UNARY_SQUARE = 2,
  MF_UNARY_SQRT = 3,
  MF_UNARY_RSQRT = 4,
  MF_UNARY_CEIL = 5,
  MF_UNARY_FLOOR = 6,
  MF_UNARY_ROUND = 7, /* half to even, as TFLM's RoundToNearest */
  MF_UNARY_EXP = 8,
  MF_UNARY_LOG = 9,
  MF_UNARY_SIN = 10,
  MF_UNARY_COS = 11
} mf_unary_op;

/* float32 ops whose result IEEE 754 defines exactly (NEG .. ROUND): the same bits on every target.
 * SQRT and RSQRT use sqrtf, which IEEE requires to be correctly rounded. */
mf_status mf_unary_f32(mf_unary_op op, int32_t count, const float* input, float* output);

/* float32 EXP, LOG, SIN, COS with the runtime's own functions (runtime/internal/mf_unary_math_f32.h:
 * IEEE + - * / and integer operations only, so every target computes the same bits; within a few
 * ulp of the C library's). */
mf_status mf_unary_math_f32(mf_unary_op op, int32_t count, const float* input, float* output);

/* int8 ABS, RSQRT and EXP.
 * ABS: |x - input_zero_point|, requantized by (output_multiplier, output_shift) when `rescale`.
 * RSQRT: TFLM's fixed-point 1/sqrt(x - input_zero_point) (gemmlowp Newton-Raphson), then
 *   requantized by (output_multiplier, output_shift - 20); x == input_zero_point gives 127. TFLM
 *   refuses to run on x < input_zero_point; this kernel gives 127 there too.
 * EXP: lut[(uint8_t)x], a table the compiler builds as TensorFlow Lite's LUTPopulate<int8_t>. */
typedef struct {
  int32_t input_zero_point;
  int32_t output_zero_point;
  int32_t rescale;            /* ABS: 0 when the input and output scales are equal */
  int32_t output_multiplier;  /* ABS: s_in / s_out; RSQRT: 1 / (sqrt(s_in) s_out) */
  int32_t output_shift;       /* left shift, as QuantizeMultiplier's */
  const int8_t* lut;          /* EXP: 256 entries; NULL for the others */
} mf_unary_s8_params;

mf_status mf_unary_s8(mf_unary_op op, const mf_unary_s8_params* params, int32_t count, const int8_t* input,
                      int8_t* output);

/* int16 ABS and EXP (zero points 0).
 * ABS: quantized, |x| requantized when `rescale` and saturated; unquantized (quantized == 0), the
 *   plain integer |x| of TFLM's int16 path, in which -32768 stays -32768.
 * EXP: the 513-entry interpolated table of TensorFlow Lite's LUTPopulate<int16_t> (mf_lut16.h). */
typedef struct {
  int32_t quantized;
  int32_t rescale;
  int32_t output_multiplier;
  int32_t output_shift;
  const int16_t* lut;  /* EXP: 513 entries; NULL for ABS */
} mf_unary_s16_params;

mf_status mf_unary_s16(mf_unary_op op, const mf_unary_s16_params* params, int32_t count, const int16_t* input,
                       int16_t* output);

/* LOGICAL_NOT on bool bytes: 1 where the input byte is 0, else 0. */
mf_status mf_logical_not(int32_t count, const uint8_t* input, uint8_t* output);

#ifdef __cplusplus
}
#endif

#endif /* MCUFORGE_MF_UNARY_H */
