/* SPDX-License-Identifier: Apache-2.0 */
/* DEPTHWISE_CONV_2D: NHWC input, filter [1, KH, KW, OC] with OC = IC * depth_multiplier (output
 * channel ic * depth_multiplier + m reads input channel ic), optional per-channel bias, NHWC output.
 * Arithmetic reproduces TFLM's reference kernels (tflm-arithmetic.md section 4). */
#ifndef MCUFORGE_MF_DEPTHWISE_CONV2D_H
#define MCUFORGE_MF_DEPTHWISE_CONV2D_H

#include "mcuforge/mf_types.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
  int32_t stride_h;
  int32_t stride_w;
  int32_t dilation_h;
  int32_t dilation_w;
  int32_t pad_h; /* padding before the first row (the rest of the padding is at the end) */
  int32_t pad_w;
  int32_t depth_multiplier;
  int32_t input_offset;      /* quantized: -input zero point (0 for int16) */
  int32_t output_offset;     /* quantized: output zero point (0 for int16) */
  const mf_requant* requant; /* quantized: one per output channel */
  mf_act_range act;          /* quantized: clamp after adding output_offset */
  mf_act_range_f32 act_f32;  /* float: clamp after adding the bias */
} mf_depthwise_conv2d_params;

/* Common contract: all dims > 0; in.n == out.n; filter.n == 1; filter.c == out.c ==
 * in.c * depth_multiplier; strides and dilations >= 1. Taps outside the input are skipped. Buffers
 * hold the elements their dims describe; bias (if not NULL) holds out.c values. Returns
 * MF_STATUS_BAD_PARAM if a precondition does not hold. */

/* int8 activations and weights, int32 bias, wrapping 32-bit accumulator, per-channel requantization
 * (filter zero point ignored). */
mf_status mf_depthwise_conv2d_s8(const mf_depthwise_conv2d_params* params, const mf_dims4* input_dims,
                                 const int8_t* input, const mf_dims4* filter_dims, const int8_t* filter,
                                 const int32_t* bias, const mf_dims4* output_dims, int8_t* output);

/* int16 activations (zero points 0), int8 weights, optional int64 bias, int64 accumulator and the
 * 64-bit MultiplyByQuantizedMultiplier (requant shifts <= 14), as TFLM. */
mf_status mf_depthwise_conv2d_s16(const mf_depthwise_conv2d_params* params, const mf_dims4* input_dims,
                                  const int16_t* input, const mf_dims4* filter_dims, const int8_t* filter,
                                  const int64_t* bias, const mf_dims4* output_dims, int16_t* output);

/* float32: sum over ky, kx in that order, then + bias, then clamp to act_f32. */
mf_status mf_depthwise_conv2d_f32(const mf_depthwise_conv2d_params* params, const mf_dims4* input_dims,
                                  const float* input, const mf_dims4* filter_dims, const float* filter,
                                  const float* bias, const mf_dims4* output_dims, float* output);

/* mf_depthwise_conv2d_s8 for cores with the Arm DSP extension (runtime/kernels/arch/cm_dsp/):
 * identical output, same contract; fast for depth_multiplier 1, the reference otherwise. */
mf_status mf_depthwise_conv2d_s8__cm_dsp(const mf_depthwise_conv2d_params* params, const mf_dims4* input_dims,
                                         const int8_t* input, const mf_dims4* filter_dims, const int8_t* filter,
                                         const int32_t* bias, const mf_dims4* output_dims, int8_t* output);

#ifdef __cplusplus
}
#endif

#endif /* MCUFORGE_MF_DEPTHWISE_CONV2D_H */
