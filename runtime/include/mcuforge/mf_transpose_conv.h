/* SPDX-License-Identifier: Apache-2.0 */
/* TRANSPOSE_CONV (tconv family): NHWC input, filter [OC, KH, KW, IC] (OHWI), optional per-output-channel
 * bias, NHWC output. Input pixel (iy, ix) adds input * filter[oc, ky, kx, ic] to output pixel
 * (iy * stride_h - pad_h + ky, ix * stride_w - pad_w + kx) when that pixel exists.
 *
 * TFLM's reference kernels scatter every input pixel into an output-sized int32 / int64 buffer and
 * requantize it afterwards. These kernels gather instead: each output element sums its contributions
 * in the order the scatter adds them (input row, then column, then channel, ascending), so float32
 * rounds identically and the integer sums are equal (wrapping int32 addition does not depend on the
 * order), and no scratch buffer is needed. Outputs are written once, in memory order. */
#ifndef MCUFORGE_MF_TRANSPOSE_CONV_H
#define MCUFORGE_MF_TRANSPOSE_CONV_H

#include "mcuforge/mf_types.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
  int32_t stride_h;
  int32_t stride_w;
  int32_t pad_h; /* leading padding of the forward convolution from output to input (TFLite's) */
  int32_t pad_w;
  int32_t input_offset;      /* int8: -input zero point */
  int32_t output_offset;     /* int8: output zero point */
  const mf_requant* requant; /* quantized: one per output channel */
  mf_act_range act;          /* quantized: clamp after adding output_offset */
  mf_act_range_f32 act_f32;  /* float: clamp after adding the bias */
} mf_transpose_conv_params;

/* Common contract: all dims > 0; in.n == out.n; filter.c == in.c; filter.n == out.c; strides >= 1;
 * pads >= 0. Buffers hold the elements their dims describe; bias (if not
 * NULL) holds out.c values. Returns MF_STATUS_BAD_PARAM if a precondition does not hold. */

/* int8 activations and weights, int32 bias, wrapping 32-bit sum (TFLM's int32 scratch), per-channel
 * 32-bit requantization, + output_offset, clamp. */
mf_status mf_transpose_conv_s8(const mf_transpose_conv_params* params, const mf_dims4* input_dims,
                               const int8_t* input, const mf_dims4* filter_dims, const int8_t* filter,
                               const int32_t* bias, const mf_dims4* output_dims, int8_t* output);

/* int16 activations (zero points 0), int8 weights, int64 bias and sum (TFLM always accumulates
 * int16x8 TRANSPOSE_CONV in int64, whatever quantized_bias_type says), 64-bit requantization
 * (shifts <= 14), clamp. */
mf_status mf_transpose_conv_s16(const mf_transpose_conv_params* params, const mf_dims4* input_dims,
                                const int16_t* input, const mf_dims4* filter_dims, const int8_t* filter,
                                const int64_t* bias, const mf_dims4* output_dims, int16_t* output);

/* float32: products added to 0.0f in the scatter's order, then + bias, then clamp to act_f32. */
mf_status mf_transpose_conv_f32(const mf_transpose_conv_params* params, const mf_dims4* input_dims,
                                const float* input, const mf_dims4* filter_dims, const float* filter,
                                const float* bias, const mf_dims4* output_dims, float* output);

/* mf_transpose_conv_s8 for cores with the Arm DSP extension (runtime/kernels/arch/cm_dsp/): identical
 * output, same contract and write order; two output channels at a time, SMLAD over four input channels. */
mf_status mf_transpose_conv_s8__cm_dsp(const mf_transpose_conv_params* params, const mf_dims4* input_dims,
                                       const int8_t* input, const mf_dims4* filter_dims, const int8_t* filter,
                                       const int32_t* bias, const mf_dims4* output_dims, int8_t* output);

#ifdef __cplusplus
}
#endif

#endif /* MCUFORGE_MF_TRANSPOSE_CONV_H */
