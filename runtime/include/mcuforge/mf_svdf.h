/* SPDX-License-Identifier: Apache-2.0 */
/* SVDF (singular value decomposition filter), integer path as TFLM micro computes it: int8 input and
 * output, int8 feature weights, int32 bias, and time weights + activation state either both int16
 * (mf_svdf_s8) or both int8 (mf_svdf_s8_state8). The state is a variable tensor that persists across
 * invocations; each call shifts it left by one time step and writes the newest column.
 *
 * Shapes: input [batches, input_size]; weights_feature [num_filters, input_size]; weights_time
 * [num_filters, memory_size]; bias [num_units] (optional); state [batches, num_filters * memory_size];
 * output [batches, num_units], with num_filters = num_units * rank. */
#ifndef MCUFORGE_MF_SVDF_H
#define MCUFORGE_MF_SVDF_H

#include "mcuforge/mf_types.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
  int32_t batches;
  int32_t input_size;
  int32_t num_filters; /* num_units * rank */
  int32_t rank;
  int32_t memory_size;
} mf_svdf_dims;

typedef struct {
  int32_t input_offset;      /* -input zero point */
  int32_t state_zero_point;  /* activation state zero point (0 for int16 state) */
  int32_t output_zero_point;
  mf_requant feature_requant; /* s_in * s_feature / s_state (TFLM computes it in float) */
  mf_requant output_requant;  /* s_state * s_time / s_out */
} mf_svdf_params;

/* Scratch bytes both kernels need: int32 per (batch, filter) plus int32 per (batch, unit). */
#define MF_SVDF_SCRATCH_BYTES(batches, num_filters, num_units) \
  ((size_t)(batches) * ((size_t)(num_filters) + (size_t)(num_units)) * sizeof(int32_t))

/* Per invocation: state <<= one step; state[b, f, memory_size - 1] = state_zero_point +
 * clamp(MBQM(sum_i w_feature[f, i] * (x[b, i] + input_offset), feature_requant)) with the clamp to the
 * state type's range BEFORE the zero point is added and the sum narrowed to the state type modulo
 * 2^bits (TFLM's behaviour, which wraps when the zero point is nonzero; checked against live TFLM);
 * per filter acc_f = sum_t w_time[f, t] * (state[b, f, t] - state_zero_point); per unit
 * out = clamp(MBQM(bias[u] + sum_{r < rank} acc_{u * rank + r}, output_requant) + output_zero_point,
 * -128, 127). All sums wrap like TFLM's int32 accumulators. The fused activation is not applied, as in
 * TFLM's integer SVDF. scratch: MF_SVDF_SCRATCH_BYTES, 4-byte aligned. */
mf_status mf_svdf_s8(const mf_svdf_params* params, const mf_svdf_dims* dims, const int8_t* input,
                     const int8_t* weights_feature, const int16_t* weights_time, const int32_t* bias,
                     int16_t* state, int8_t* output, void* scratch);

/* The same with int8 time weights and int8 state (a nonzero state zero point is allowed). */
mf_status mf_svdf_s8_state8(const mf_svdf_params* params, const mf_svdf_dims* dims,
                            const int8_t* input, const int8_t* weights_feature,
                            const int8_t* weights_time, const int32_t* bias, int8_t* state,
                            int8_t* output, void* scratch);

#ifdef __cplusplus
}
#endif

#endif /* MCUFORGE_MF_SVDF_H */
