/* SPDX-License-Identifier: Apache-2.0 */
/* Binary element-wise kernels with TFLite broadcasting: ADD, MUL, DIV, MAXIMUM, MINIMUM.
 *
 * Broadcasting (shared by all of them): both input shapes are right-aligned against the output shape
 * and padded with leading 1s to MF_BCAST_DIMS dimensions; along every dimension an input either has
 * the output's extent or extent 1 (then its single element is reused). The compiler encodes this in
 * mf_bcast as per-input element strides that are 0 along broadcast dimensions. Output elements are
 * written in C order. Inputs and output must not overlap, except that the output may be the same
 * buffer as an input whose shape equals the output shape (each element is read before it is
 * written). */
#ifndef MCUFORGE_MF_ELEMENTWISE_H
#define MCUFORGE_MF_ELEMENTWISE_H

#include "mcuforge/mf_types.h"

#ifdef __cplusplus
extern "C" {
#endif

#define MF_BCAST_DIMS 6

typedef struct {
  int32_t dims[MF_BCAST_DIMS];    /* output extents, outermost first; all >= 0 */
  int32_t stride1[MF_BCAST_DIMS]; /* input 1 element stride along each output dimension (0 = broadcast) */
  int32_t stride2[MF_BCAST_DIMS]; /* input 2 element stride along each output dimension (0 = broadcast) */
} mf_bcast;

/* Quantized ADD (int8, int16), TFLM's general rescaling path:
 *   a = (x1 + in1_offset) << left_shift, b likewise,
 *   sum = MBQM(a, in1) + MBQM(b, in2)   (shifts <= 0, "smaller than one" form),
 *   out = clamp(MBQM(sum, out) + out_offset, act.min, act.max). */
typedef struct {
  mf_bcast shape;
  int32_t left_shift;  /* 20 for int8, 15 for int16 */
  int32_t in1_offset;  /* -zero point of input 1 */
  int32_t in2_offset;
  int32_t out_offset;  /* zero point of the output */
  mf_requant in1;      /* shift <= 0 */
  mf_requant in2;      /* shift <= 0 */
  mf_requant out;      /* shift <= 0 */
  mf_act_range act;
} mf_add_q_params;

/* Quantized MUL (int8, int16):
 *   out = clamp(out_offset + MBQM((x1 + in1_offset) * (x2 + in2_offset), out), act.min, act.max). */
typedef struct {
  mf_bcast shape;
  int32_t in1_offset;
  int32_t in2_offset;
  int32_t out_offset;
  mf_requant out;
  mf_act_range act;
} mf_mul_q_params;

/* Float arithmetic: out = clamp(x1 op x2, act.min, act.max). */
typedef struct {
  mf_bcast shape;
  mf_act_range_f32 act;
} mf_arith_f32_params;

/* int32 arithmetic: out = clamp(x1 op x2, act.min, act.max). ADD and MUL wrap modulo 2^32 on
 * overflow. DIV truncates toward zero; a zero divisor gives 0 and INT32_MIN / -1 gives INT32_MIN
 * (cases TFLite leaves undefined). */
typedef struct {
  mf_bcast shape;
  mf_act_range act;
} mf_arith_s32_params;

mf_status mf_add_s8(const mf_add_q_params* params, const int8_t* input1, const int8_t* input2,
                    int8_t* output);
mf_status mf_add_s16(const mf_add_q_params* params, const int16_t* input1, const int16_t* input2,
                     int16_t* output);
mf_status mf_add_f32(const mf_arith_f32_params* params, const float* input1, const float* input2,
                     float* output);
mf_status mf_add_s32(const mf_arith_s32_params* params, const int32_t* input1, const int32_t* input2,
                     int32_t* output);

mf_status mf_mul_s8(const mf_mul_q_params* params, const int8_t* input1, const int8_t* input2,
                    int8_t* output);
mf_status mf_mul_s16(const mf_mul_q_params* params, const int16_t* input1, const int16_t* input2,
                     int16_t* output);
mf_status mf_mul_f32(const mf_arith_f32_params* params, const float* input1, const float* input2,
                     float* output);
mf_status mf_mul_s32(const mf_arith_s32_params* params, const int32_t* input1, const int32_t* input2,
                     int32_t* output);

mf_status mf_div_f32(const mf_arith_f32_params* params, const float* input1, const float* input2,
                     float* output);
mf_status mf_div_s32(const mf_arith_s32_params* params, const int32_t* input1, const int32_t* input2,
                     int32_t* output);

/* MAXIMUM / MINIMUM: out = x1 > x2 ? x1 : x2 (resp. x1 < x2 ? x1 : x2); no requantization (TFLM
 * compares raw values). For floats a NaN in x2 is returned only when x1 is not larger (smaller). */
mf_status mf_maximum_s8(const mf_bcast* shape, const int8_t* input1, const int8_t* input2,
                        int8_t* output);
mf_status mf_maximum_s16(const mf_bcast* shape, const int16_t* input1, const int16_t* input2,
                         int16_t* output);
mf_status mf_maximum_s32(const mf_bcast* shape, const int32_t* input1, const int32_t* input2,
                         int32_t* output);
mf_status mf_maximum_f32(const mf_bcast* shape, const float* input1, const float* input2,
                         float* output);
mf_status mf_minimum_s8(const mf_bcast* shape, const int8_t* input1, const int8_t* input2,
                        int8_t* output);
mf_status mf_minimum_s16(const mf_bcast* shape, const int16_t* input1, const int16_t* input2,
                         int16_t* output);
mf_status mf_minimum_s32(const mf_bcast* shape, const int32_t* input1, const int32_t* input2,
                         int32_t* output);
mf_status mf_minimum_f32(const mf_bcast* shape, const float* input1, const float* input2,
                         float* output);

#ifdef __cplusplus
}
#endif

#endif /* MCUFORGE_MF_ELEMENTWISE_H */
