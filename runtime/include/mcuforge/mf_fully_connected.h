/* SPDX-License-Identifier: Apache-2.0 */
/* FULLY_CONNECTED: input read as a [batches, accum_depth] matrix, filter [output_depth, accum_depth],
 * optional bias [output_depth], output [batches, output_depth]. Arithmetic reproduces TFLM's reference
 * kernels (tflm-arithmetic.md section 5). */
#ifndef MCUFORGE_MF_FULLY_CONNECTED_H
#define MCUFORGE_MF_FULLY_CONNECTED_H

#include "mcuforge/mf_types.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
  int32_t batches;
  int32_t accum_depth;
  int32_t output_depth;
} mf_fc_dims;

typedef struct {
  int32_t input_offset;      /* quantized: -input zero point (0 for int16) */
  int32_t filter_offset;     /* quantized: -filter zero point for per-tensor filters, else 0 */
  int32_t output_offset;     /* quantized: output zero point (0 for int16) */
  const mf_requant* requant; /* quantized: one per output unit (a per-tensor value is repeated) */
  mf_act_range act;          /* quantized: clamp after adding output_offset */
  mf_act_range_f32 act_f32;  /* float: clamp after adding the bias */
} mf_fully_connected_params;

/* Common contract: all dims > 0, buffers hold the elements the dims describe, bias (if not NULL)
 * holds output_depth values. Returns MF_STATUS_BAD_PARAM if a precondition does not hold. */

/* int8: acc = sum (w + filter_offset) * (x + input_offset) (wrapping int32) + bias, double-rounding
 * requantization, + output_offset, clamp. Offsets are negated int8 zero points. */
mf_status mf_fully_connected_s8(const mf_fully_connected_params* params, const mf_fc_dims* dims,
                                const int8_t* input, const int8_t* filter, const int32_t* bias,
                                int8_t* output);

/* int16 activations (zero points 0) x int8 weights: acc = sum (w + filter_offset) * x. acc == MF_ACC64:
 * int64 accumulator, optional bias64, 64-bit requantization (shifts <= 14); MF_ACC32: wrapping int32
 * accumulator, optional bias32, 32-bit requantization. The bias of the other width must be NULL. */
mf_status mf_fully_connected_s16(const mf_fully_connected_params* params, const mf_fc_dims* dims,
                                 const int16_t* input, const int8_t* filter, mf_acc_width acc,
                                 const int32_t* bias32, const int64_t* bias64, int16_t* output);

/* float32: sum over the accumulation depth in order, then + bias, then clamp to act_f32. */
mf_status mf_fully_connected_f32(const mf_fully_connected_params* params, const mf_fc_dims* dims,
                                 const float* input, const float* filter, const float* bias,
                                 float* output);

/* mf_fully_connected_s8 for cores with the Arm DSP extension (runtime/kernels/arch/cm_dsp/):
 * identical output, same contract. */
mf_status mf_fully_connected_s8__cm_dsp(const mf_fully_connected_params* params, const mf_fc_dims* dims,
                                        const int8_t* input, const int8_t* filter, const int32_t* bias,
                                        int8_t* output);

#ifdef __cplusplus
}
#endif

#endif /* MCUFORGE_MF_FULLY_CONNECTED_H */
