/* SPDX-License-Identifier: Apache-2.0 */
/* CONV_2D: NHWC input, filter [OC, KH, KW, IC / groups], optional per-output-channel bias, NHWC
 * output. Grouped convolution when the input has a multiple of the filter's input channels.
 * Arithmetic reproduces TFLM's reference kernels (tflm-arithmetic.md section 3). */
#ifndef MCUFORGE_MF_CONV2D_H
#define MCUFORGE_MF_CONV2D_H

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
  int32_t input_offset;      /* quantized: -input zero point (0 for int16) */
  int32_t output_offset;     /* quantized: output zero point (0 for int16) */
  const mf_requant* requant; /* quantized: one per output channel */
  mf_act_range act;          /* quantized: clamp after adding output_offset */
  mf_act_range_f32 act_f32;  /* float: clamp after adding the bias */
} mf_conv2d_params;

/* Common contract: all dims > 0; in.n == out.n; in.c is a multiple of filter.c (groups =
 * in.c / filter.c) and out.c == filter.n is a multiple of groups; strides and dilations >= 1.
 * Taps outside the input are skipped (zero padding in real terms). Buffers must hold the elements
 * their dims describe; bias (if not NULL) holds out.c values. Returns MF_STATUS_BAD_PARAM if a
 * precondition does not hold. */

/* int8 activations and weights, int32 bias, 32-bit accumulator (wrapping, as on every TFLM target),
 * per-channel requantization; the filter zero point is ignored (weights are symmetric). */
mf_status mf_conv2d_s8(const mf_conv2d_params* params, const mf_dims4* input_dims, const int8_t* input,
                       const mf_dims4* filter_dims, const int8_t* filter, const int32_t* bias,
                       const mf_dims4* output_dims, int8_t* output);

/* int16 activations (zero points 0), int8 weights. acc == MF_ACC64: int64 accumulator, optional
 * bias64, the 64-bit MultiplyByQuantizedMultiplier (requant shifts <= 14); MF_ACC32: wrapping int32
 * accumulator, optional bias32, 32-bit requantization (mf_acc_width says how TFLM picks). The bias of
 * the other width must be NULL. */
mf_status mf_conv2d_s16(const mf_conv2d_params* params, const mf_dims4* input_dims, const int16_t* input,
                        const mf_dims4* filter_dims, const int8_t* filter, mf_acc_width acc,
                        const int32_t* bias32, const int64_t* bias64, const mf_dims4* output_dims,
                        int16_t* output);

/* float32: sum over ky, kx, ic in that order, then + bias, then clamp to act_f32. */
mf_status mf_conv2d_f32(const mf_conv2d_params* params, const mf_dims4* input_dims, const float* input,
                        const mf_dims4* filter_dims, const float* filter, const float* bias,
                        const mf_dims4* output_dims, float* output);

/* mf_conv2d_s8 for cores with the Arm DSP extension (runtime/kernels/arch/cm_dsp/): identical output,
 * same contract, plus `scratch` of mf_conv2d_s8__cm_dsp_scratch_size(filter_dims) bytes (any
 * alignment). Grouped convolutions, and scratch == NULL, run the reference. Writes output pixels in
 * memory order after reading their windows, like the reference (the planner relies on it). */
mf_status mf_conv2d_s8__cm_dsp(const mf_conv2d_params* params, const mf_dims4* input_dims, const int8_t* input,
                               const mf_dims4* filter_dims, const int8_t* filter, const int32_t* bias,
                               const mf_dims4* output_dims, int8_t* output, void* scratch);

/* Two int16 im2col columns of the window length (rounded up to even), plus an int8 gather row unless
 * the filter is 1x1. */
static inline int32_t mf_conv2d_s8__cm_dsp_scratch_size(const mf_dims4* filter_dims) {
  const int32_t k = filter_dims->h * filter_dims->w * filter_dims->c;
  return 4 * ((k + 1) & ~1) + (filter_dims->h == 1 && filter_dims->w == 1 ? 0 : ((k + 3) & ~3));
}

/* mf_conv2d_s8__cm_dsp one filter row at a time (runtime/kernels/arch/cm_dsp/): identical output, same
 * contract and access order, a smaller scratch for windows of more than one row. */
mf_status mf_conv2d_s8__cm_dsp_rows(const mf_conv2d_params* params, const mf_dims4* input_dims,
                                    const int8_t* input, const mf_dims4* filter_dims, const int8_t* filter,
                                    const int32_t* bias, const mf_dims4* output_dims, int8_t* output,
                                    void* scratch);

/* Two sums per output channel, two int16 columns of one window row (rounded up to even), and an int8
 * gather row. */
static inline int32_t mf_conv2d_s8__cm_dsp_rows_scratch_size(const mf_dims4* filter_dims) {
  const int32_t kr = filter_dims->w * filter_dims->c;
  return 8 * filter_dims->n + 4 * ((kr + 1) & ~1) + ((kr + 3) & ~3);
}

#ifdef __cplusplus
}
#endif

#endif /* MCUFORGE_MF_CONV2D_H */
