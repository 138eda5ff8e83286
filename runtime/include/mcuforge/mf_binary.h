/* SPDX-License-Identifier: Apache-2.0 */
/* The binary element-wise family beyond ADD / MUL / DIV / MAXIMUM / MINIMUM, table-driven: one kernel
 * per element type, the operation chosen by an mf_binary_op (SUB, SQUARED_DIFFERENCE, FLOOR_DIV,
 * FLOOR_MOD), with the TFLite broadcasting of mcuforge/mf_elementwise.h (mf_bcast). The output may be
 * the same buffer as an input whose shape equals the output shape.
 *
 * Also ADD_N (N inputs of one shape, summed in input order). */
#ifndef MCUFORGE_MF_BINARY_H
#define MCUFORGE_MF_BINARY_H

#include "mcuforge/mf_elementwise.h"
#include "mcuforge/mf_types.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
  MF_BINARY_SUB = 0,                /* x1 - x2 (int32 wraps modulo 2^32) */
  MF_BINARY_SQUARED_DIFFERENCE = 1, /* (x1 - x2)^2 (int32 wraps modulo 2^32) */
  MF_BINARY_FLOOR_DIV = 2,          /* float: floor(double(x1) / double(x2)); int32: floor of the quotient */
  MF_BINARY_FLOOR_MOD = 3           /* x1 - floor(x1 / x2) * x2 with the sign of x2 (TFLite's FloorMod) */
} mf_binary_op;

/* float32: out = clamp(x1 op x2, act.min, act.max). A zero divisor gives IEEE's result (TFLM reports
 * an error instead). */
typedef struct {
  mf_bcast shape;
  mf_binary_op op;
  mf_act_range_f32 act;
} mf_binary_f32_params;

/* int32: out = clamp(x1 op x2, act.min, act.max). FLOOR_DIV / FLOOR_MOD by 0 give 0, and
 * INT32_MIN / -1 gives INT32_MIN (remainder 0): cases TFLite leaves undefined. */
typedef struct {
  mf_bcast shape;
  mf_binary_op op;
  mf_act_range act;
} mf_binary_s32_params;

/* Quantized (int8, int16) SUB and SQUARED_DIFFERENCE, TFLM's general rescaling path: both inputs are
 * brought to a common scale with `left_shift` bits of headroom,
 *   a = MBQM((x1 + in1_offset) << left_shift, in1), b likewise   (in1 / in2 shifts <= 0)
 *   SUB:                v = MBQM(a - b, out)                       (shift <= 0)
 *   SQUARED_DIFFERENCE: v = MBQM((a - b) * (a - b), out)           (shift may be > 0)
 *   out = clamp(v + out_offset, act.min, act.max)
 * MBQM = TFLM's MultiplyByQuantizedMultiplier (double rounding). */
typedef struct {
  mf_bcast shape;
  mf_binary_op op; /* MF_BINARY_SUB or MF_BINARY_SQUARED_DIFFERENCE */
  int32_t left_shift;
  int32_t in1_offset; /* -zero point of input 1 */
  int32_t in2_offset;
  int32_t out_offset; /* zero point of the output */
  mf_requant in1;
  mf_requant in2;
  mf_requant out;
  mf_act_range act;
} mf_binary_q_params;

mf_status mf_binary_f32(const mf_binary_f32_params* params, const float* input1, const float* input2,
                        float* output);
mf_status mf_binary_s32(const mf_binary_s32_params* params, const int32_t* input1, const int32_t* input2,
                        int32_t* output);
mf_status mf_binary_s8(const mf_binary_q_params* params, const int8_t* input1, const int8_t* input2,
                       int8_t* output);
mf_status mf_binary_s16(const mf_binary_q_params* params, const int16_t* input1, const int16_t* input2,
                        int16_t* output);

/* ADD_N: output[i] = inputs[0][i] + ... + inputs[n-1][i], summed from 0 in input order. The output
 * may be the same buffer as inputs[0]. */
typedef struct {
  int32_t count;  /* elements of each input and of the output */
  int32_t inputs; /* n >= 1 */
} mf_add_n_params;

/* Quantized ADD_N (int8; all inputs share one quantization), TFLM's formula, which starts the sum
 * from the rescaled input offset (as if one more input held the value 0):
 *   s = MBQM(in_offset << left_shift, in) + sum_j MBQM((x_j + in_offset) << left_shift, in)
 *   out = clamp(MBQM(s, out) + out_offset, act.min, act.max)       (all shifts <= 0) */
typedef struct {
  mf_add_n_params n;
  int32_t left_shift;
  int32_t in_offset; /* -zero point of the inputs */
  int32_t out_offset;
  mf_requant in;
  mf_requant out;
  mf_act_range act;
} mf_add_n_q_params;

mf_status mf_add_n_f32(const mf_add_n_params* params, const float* const* inputs, float* output);
mf_status mf_add_n_s8(const mf_add_n_q_params* params, const int8_t* const* inputs, int8_t* output);

#ifdef __cplusplus
}
#endif

#endif /* MCUFORGE_MF_BINARY_H */
