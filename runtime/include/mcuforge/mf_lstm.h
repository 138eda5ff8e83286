/* SPDX-License-Identifier: Apache-2.0 */
/* UNIDIRECTIONAL_SEQUENCE_LSTM as TFLM micro computes it: the standard LSTM cell (no CIFG, peephole,
 * projection or layer norm), gates in the order input, forget, cell, output, cell-gate and hidden
 * activation tanh. The hidden state (h) and cell state (c) are variable tensors that persist across
 * invocations.
 *
 * Shapes: input [batches, time_steps, input_size] (or [time_steps, batches, input_size] when
 * time_major); input weights [state_size, input_size]; recurrent weights [state_size, state_size];
 * biases [state_size]; h and c [batches, state_size]; output like input with state_size last.
 * Batch-major input runs one batch at a time through all its time steps; time-major input runs all
 * batches together at each time step (same results, different scratch use). */
#ifndef MCUFORGE_MF_LSTM_H
#define MCUFORGE_MF_LSTM_H

#include "mcuforge/mf_types.h"

#ifdef __cplusplus
extern "C" {
#endif

enum { MF_LSTM_INPUT_GATE = 0, MF_LSTM_FORGET_GATE = 1, MF_LSTM_CELL_GATE = 2, MF_LSTM_OUTPUT_GATE = 3 };

typedef struct {
  int32_t batches;
  int32_t time_steps;
  int32_t input_size;
  int32_t state_size;
  int32_t time_major; /* 0 or 1 */
} mf_lstm_dims;

/* Rows processed per step: all batches when time-major, else one. */
#define MF_LSTM_STEP_ROWS(batches, time_major) ((time_major) ? (batches) : 1)
/* Scratch both kernels need: four gate buffers of step_rows * state_size cells. */
#define MF_LSTM_SCRATCH_BYTES(batches, time_major, state_size, cell_bytes) \
  ((size_t)4 * (size_t)MF_LSTM_STEP_ROWS(batches, time_major) * (size_t)(state_size) * (size_t)(cell_bytes))

/* ---- int8 activations, int8 weights, int32 biases, int16 cell state ("8x8_16") ---- */

typedef struct {
  const int8_t* input_weights[4];     /* per gate, [state_size, input_size], zero point 0 */
  const int8_t* recurrent_weights[4]; /* per gate, [state_size, state_size], zero point 0 */
  const int32_t* bias[4];             /* per gate, [state_size]; may be NULL */
} mf_lstm_s8_weights;

typedef struct {
  mf_requant input_requant[4];     /* s_x * s_W[g] / 2^-12: input FC to the Q3.12 gate pre-activation */
  mf_requant recurrent_requant[4]; /* s_h * s_R[g] / 2^-12 */
  int32_t input_offset;            /* -input zero point */
  int32_t hidden_offset;           /* -hidden state zero point */
  int32_t hidden_zero_point;
  mf_requant forget_cell_requant;  /* 2^-15 * s_c / s_c: forget gate (Q0.15) x cell -> cell */
  mf_requant input_cell_requant;   /* 2^-15 * 2^-15 / s_c: input gate x cell gate -> cell */
  mf_requant hidden_requant;       /* 2^-15 * 2^-15 / s_h: tanh(cell) x output gate -> hidden */
  int32_t cell_clip;               /* quantized |c| bound (0..32767), or -1: no clipping */
  /* TFLM's int16 tanh input scaling for the cell state (scale 2^p): left shift 15 + p - 3; a negative
   * shift becomes multiplier 3 with right shift -(15 + p - 3), else multiplier 0 (= 3 << shift). */
  int32_t cell_tanh_multiplier;
  int32_t cell_tanh_shift;
} mf_lstm_s8_params;

/* Per step and row: for each gate, z = clamp16(FC(x) + bias) + clamp16(FC(h)) clamped to int16, FCs
 * requantized with MBQM to Q3.12; i, f, o = sigmoid(z), g = tanh(z) (TFLM's int16 LUT kernels, Q0.15
 * out); c = clamp16(clamp16(MBQM(f*c)) + clamp16(MBQM(i*g))), then clipped to +-cell_clip unless it is -1;
 * h = clamp8(MBQM(tanh(c) * o) + hidden_zero_point); output row = h. All FC sums wrap like TFLM's int32
 * accumulators. scratch: MF_LSTM_SCRATCH_BYTES(..., 2), 2-byte aligned. */
mf_status mf_lstm_s8(const mf_lstm_s8_params* params, const mf_lstm_dims* dims, const int8_t* input,
                     const mf_lstm_s8_weights* weights, int8_t* hidden_state, int16_t* cell_state,
                     int8_t* output, void* scratch);

/* ---- float32 ---- */

typedef struct {
  const float* input_weights[4];
  const float* recurrent_weights[4];
  const float* bias[4]; /* may be NULL */
} mf_lstm_f32_weights;

typedef struct {
  float cell_clip; /* 0 = no clipping */
} mf_lstm_f32_params;

/* The float reference: FC sums in order then + bias, gate = FC(x) + FC(h), sigmoid as TFLM's reference
 * Logistic (1 above 16.619047, exp(x) below -9), tanhf, c = f*c + i*g, clipped, h = o * tanh(c).
 * Products are clamped to +-FLT_MAX like TFLM's activation-NONE range. scratch: MF_LSTM_SCRATCH_BYTES(...,
 * 4), 4-byte aligned. */
mf_status mf_lstm_f32(const mf_lstm_f32_params* params, const mf_lstm_dims* dims, const float* input,
                      const mf_lstm_f32_weights* weights, float* hidden_state, float* cell_state,
                      float* output, void* scratch);

#ifdef __cplusplus
}
#endif

#endif /* MCUFORGE_MF_LSTM_H */
