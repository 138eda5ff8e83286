/* SPDX-License-Identifier: Apache-2.0 */
/* Reductions over axes: MEAN, SUM, REDUCE_MAX, REDUCE_MIN (TFLM's reduce.cc / reference reduce.h).
 *
 * The compiler describes the reduction as runs: it drops size-1 dimensions and merges neighbouring
 * dimensions that are all reduced or all kept, so the input is [outer, run_0, run_1, ...] in row-major
 * order, where `outer` is the kept part before the first reduced run and the runs alternate reduced
 * (even index) and kept (odd index). Each of the `outer` blocks of `block_in` input elements gives
 * `block_out` consecutive output elements (the kept runs, row-major), each of them the reduction of
 * `count` input elements. TFLM's output is laid out the same way with or without keep_dims.
 *
 * Contracts shared by all kernels: the input is visited in increasing address order and output element
 * j of block b is written only after the input elements at or below its own offset are read (the
 * output may share the input's memory: in place). Integer sums wrap in 32 bits as TFLM's do.
 * A reduction with no reduced run (runs == 0, count 1) copies, or requantizes, each element. */
#ifndef MCUFORGE_MF_REDUCE_H
#define MCUFORGE_MF_REDUCE_H

#include <stdint.h>

#include "mcuforge/mf_types.h"

#ifdef __cplusplus
extern "C" {
#endif

#define MF_REDUCE_MAX_RUNS 8

typedef struct {
  int32_t outer;                    /* independent blocks (kept elements before the first reduced run) */
  int32_t runs;                     /* 0..MF_REDUCE_MAX_RUNS; even-indexed runs are reduced */
  int32_t dims[MF_REDUCE_MAX_RUNS]; /* run lengths, outermost first; unused entries 1 */
  int32_t block_in;                 /* product of dims */
  int32_t block_out;                /* product of the kept (odd-indexed) runs */
  int32_t count;                    /* product of the reduced (even-indexed) runs */
} mf_reduce_shape;

/* int8 / int16 SUM and MEAN: out = clamp(MBQM(sum(x) - zp_in * count, m, shift) + zp_out). For MEAN
 * the compiler folds 1/count into m and shift as TFLM's QuantizedMeanOrSum does. The int32 sums of a
 * block live in `scratch` (block_out int32, 4 * block_out bytes) unless block_out == 1 (no scratch, may be NULL). */
typedef struct {
  mf_reduce_shape shape;
  int32_t input_zero_point;
  int32_t output_zero_point;
  mf_requant requant;
} mf_reduce_sum_q_params;

mf_status mf_reduce_sum_s8(const mf_reduce_sum_q_params* p, const int8_t* input, int8_t* output,
                           int32_t* scratch);
/* The same for cores with the DSP extension (kernels/arch/cm_dsp/): identical output. */
mf_status mf_reduce_sum_s8__cm_dsp(const mf_reduce_sum_q_params* p, const int8_t* input, int8_t* output,
                                   int32_t* scratch);
mf_status mf_reduce_sum_s16(const mf_reduce_sum_q_params* p, const int16_t* input, int16_t* output,
                            int32_t* scratch);

/* float32 SUM (divide == 0) and MEAN (divide != 0: the sum is divided by (float)count). The sum of
 * each output starts at 0.0f and adds the inputs in row-major order, as TFLM's reference does. */
typedef struct {
  mf_reduce_shape shape;
  int32_t divide;
} mf_reduce_sum_f32_params;

mf_status mf_reduce_sum_f32(const mf_reduce_sum_f32_params* p, const float* input, float* output);

/* REDUCE_MAX (is_max != 0) and REDUCE_MIN. Each output starts from the type's lowest (max) or
 * highest (min) finite value, as TFLM's does (so NaN inputs are skipped and an all -inf max gives
 * -FLT_MAX). int8 keeps the input's quantization. */
typedef struct {
  mf_reduce_shape shape;
  int32_t is_max;
} mf_reduce_minmax_params;

mf_status mf_reduce_minmax_f32(const mf_reduce_minmax_params* p, const float* input, float* output);
mf_status mf_reduce_minmax_s8(const mf_reduce_minmax_params* p, const int8_t* input, int8_t* output);

#ifdef __cplusplus
}
#endif

#endif /* MCUFORGE_MF_REDUCE_H */
