/* SPDX-License-Identifier: Apache-2.0 */
/* RESIZE_NEAREST_NEIGHBOR and RESIZE_BILINEAR on NHWC tensors. The compiler computes, per output row
 * and per output column, which input rows/columns are read and with which weight, exactly as TFLM's
 * reference kernels do (their float scale arithmetic included), and passes them as constant tables: the
 * kernels only gather and, for bilinear, blend. The integer kernels use TFLM's fixed-point form
 * (ResizeBilinearInteger: weights in 1/1024ths, round half away from zero by 2^20). */
#ifndef MCUFORGE_MF_RESIZE_H
#define MCUFORGE_MF_RESIZE_H

#include "mcuforge/mf_types.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
  int32_t batches;
  int32_t in_h;
  int32_t in_w;
  int32_t depth;
  int32_t out_h;
  int32_t out_w;
} mf_resize_dims;

/* Nearest neighbour: output (b, y, x, :) is input (b, y_index[y], x_index[x], :), any element size. */
typedef struct {
  mf_resize_dims dims;
  int32_t element_bytes;  /* 1, 2 or 4 */
  const int32_t* y_index; /* out_h entries in [0, in_h) */
  const int32_t* x_index; /* out_w entries in [0, in_w) */
} mf_resize_nearest_params;

/* One output coordinate of the integer bilinear kernels: input lines lo and hi (lo <= hi, both in
 * range) and frac = position * 1024 - 1024 * lo in [-1024, 1024]; lo gets weight 1024 - frac, hi frac. */
typedef struct {
  int32_t lo;
  int32_t hi;
  int32_t frac;
} mf_resize_tap;

typedef struct {
  mf_resize_dims dims;
  const mf_resize_tap* y_taps; /* out_h entries */
  const mf_resize_tap* x_taps; /* out_w entries */
} mf_resize_bilinear_q_params;

/* One output coordinate of the float kernel: lines lo and hi, frac = position - lo and one_minus_frac
 * = 1 - frac, both as TFLM computes them in float. */
typedef struct {
  int32_t lo;
  int32_t hi;
  float frac;
  float one_minus_frac;
} mf_resize_tap_f32;

typedef struct {
  mf_resize_dims dims;
  const mf_resize_tap_f32* y_taps;
  const mf_resize_tap_f32* x_taps;
} mf_resize_bilinear_f32_params;

/* Common contract: all dims > 0, tables in range, output does not overlap input. Returns
 * MF_STATUS_BAD_PARAM otherwise. */
mf_status mf_resize_nearest(const mf_resize_nearest_params* params, const void* input, void* output);

/* sum of the four input values times the products of their weights (exact integers), then divided by
 * 2^20 rounding half away from zero. Output quantization equals the input's. */
mf_status mf_resize_bilinear_s8(const mf_resize_bilinear_q_params* params, const int8_t* input, int8_t* output);
mf_status mf_resize_bilinear_s16(const mf_resize_bilinear_q_params* params, const int16_t* input,
                                 int16_t* output);

/* v00*(1-fy)*(1-fx) + v10*fy*(1-fx) + v01*(1-fy)*fx + v11*fy*fx + 0, in that order (TFLM's). */
mf_status mf_resize_bilinear_f32(const mf_resize_bilinear_f32_params* params, const float* input, float* output);

/* mf_resize_bilinear_s8 for cores with the Arm DSP extension (runtime/kernels/arch/cm_dsp/): identical
 * output, same contract. */
mf_status mf_resize_bilinear_s8__cm_dsp(const mf_resize_bilinear_q_params* params, const int8_t* input,
                                        int8_t* output);

#ifdef __cplusplus
}
#endif

#endif /* MCUFORGE_MF_RESIZE_H */
