/* SPDX-License-Identifier: Apache-2.0 */
/* Type conversions: QUANTIZE (float -> int, and int -> int requantization), DEQUANTIZE and CAST.
 * Each converts `count` elements in C order; input and output must not overlap unless they are the
 * same buffer and the output element is not wider than the input element. */
#ifndef MCUFORGE_MF_CONVERT_H
#define MCUFORGE_MF_CONVERT_H

#include "mcuforge/mf_types.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Element types the conversion kernels understand. */
typedef enum {
  MF_ELEM_INT8 = 0,
  MF_ELEM_UINT8 = 1,
  MF_ELEM_INT16 = 2,
  MF_ELEM_INT32 = 3,
  MF_ELEM_UINT32 = 4,
  MF_ELEM_FLOAT32 = 5,
  MF_ELEM_BOOL = 6 /* one byte, 0 or 1 */
} mf_elem_type;

/* float -> int8 / int16 (TFLite AffineQuantize): q = clamp(round(x / scale) + zero_point) with the
 * division in float and ties away from zero. Values beyond the int32 range (and NaN, mapped to 0)
 * are saturated before the zero point is added. */
typedef struct {
  mf_elem_type output_type; /* MF_ELEM_INT8 or MF_ELEM_INT16 */
  float scale;
  int32_t zero_point;
} mf_quantize_params;

mf_status mf_quantize_f32(const mf_quantize_params* params, int32_t count, const float* input,
                          void* output);

/* int -> int requantization (TFLite Requantize):
 * q = clamp(MBQM(x - in_zero_point, multiplier, shift) + out_zero_point) to the output range.
 * Inputs int8/uint8/int16/int32, outputs int8/uint8/int16/int32. */
typedef struct {
  mf_elem_type input_type;
  mf_elem_type output_type;
  int32_t input_zero_point;
  int32_t output_zero_point;
  mf_requant requant; /* s_in / s_out */
} mf_requantize_params;

mf_status mf_requantize(const mf_requantize_params* params, int32_t count, const void* input,
                        void* output);

/* int8/uint8/int16 -> float: y = scale * (x - zero_point) in float (exact same result as TFLite's
 * double product rounded to float, because the product is exact in double). */
typedef struct {
  mf_elem_type input_type;
  float scale;
  int32_t zero_point;
} mf_dequantize_params;

mf_status mf_dequantize(const mf_dequantize_params* params, int32_t count, const void* input,
                        float* output);

/* CAST between int8, uint8, int16, int32, uint32, float32 and bool with C conversion semantics:
 * integers wrap modulo 2^bits; float -> integer truncates toward zero and saturates (NaN -> 0), a
 * case C leaves undefined; anything -> bool is (x != 0). */
mf_status mf_cast(mf_elem_type input_type, mf_elem_type output_type, int32_t count, const void* input,
                  void* output);

#ifdef __cplusplus
}
#endif

#endif /* MCUFORGE_MF_CONVERT_H */
