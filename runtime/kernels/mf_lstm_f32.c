/* SPDX-License-Identifier: Apache-2.0 */
/* UNIDIRECTIONAL_SEQUENCE_LSTM, float32 (TFLM's float LstmStep with the reference FullyConnected,
 * Logistic, Tanh and Mul kernels, in the same order of operations). */
#include <float.h>
#include <string.h>

#include "mcuforge/mf_lstm.h"
#include "mf_math_f32.h"
#include "mf_lstm_internal.h"

/* TFLM clamps to its activation-NONE range [-FLT_MAX, FLT_MAX] (NaN passes through). */
static float clamp_none(float v) {
  const float lo = v < -FLT_MAX ? -FLT_MAX : v;
  return FLT_MAX < lo ? FLT_MAX : lo;
}

static float sigmoid(float v) {
  if (v > 16.619047164916992188f) return 1.0f;
  if (v < -9.0f) return mf_expf(v);
  return 1.0f / (1.0f + mf_expf(-v));
}

/* out[r, s] = clamp(sum_d x[r, d] * w[s, d] + bias[s]) with the sum taken in order. */
static void gate_fc(const float* x, int32_t rows, int32_t depth, const float* w, const float* bias,
                    int32_t units, float* out) {
  int32_t r, s, d;
  for (r = 0; r < rows; ++r) {
    const float* xr = x + r * depth;
    const float* ws = w;
    for (s = 0; s < units; ++s) {
      float acc = 0.0f;
      for (d = 0; d < depth; ++d) {
        acc += xr[d] * ws[d];
      }
      ws += depth;
      *out++ = clamp_none(acc + (bias != NULL ? bias[s] : 0.0f));
    }
  }
}

static void gate(const mf_lstm_f32_weights* w, const mf_lstm_dims* d, int g, const float* x,
                 const float* h, int32_t rows, float* out, float* tmp) {
  const int32_t n = rows * d->state_size;
  int32_t k;
  gate_fc(x, rows, d->input_size, w->input_weights[g], w->bias[g], d->state_size, out);
  gate_fc(h, rows, d->state_size, w->recurrent_weights[g], NULL, d->state_size, tmp);
  for (k = 0; k < n; ++k) {
    const float z = out[k] + tmp[k];
    out[k] = g == MF_LSTM_CELL_GATE ? mf_tanhf(z) : sigmoid(z);
  }
}

mf_status mf_lstm_f32(const mf_lstm_f32_params* p, const mf_lstm_dims* d, const float* input,
                      const mf_lstm_f32_weights* w, float* hidden_state, float* cell_state, float* output,
                      void* scratch) {
  int32_t step, k, g;
  MF_REQUIRE(p != NULL && mf_lstm_dims_valid(d) && w != NULL);
  MF_REQUIRE(input != NULL && hidden_state != NULL && cell_state != NULL && output != NULL &&
             scratch != NULL);
  MF_REQUIRE(p->cell_clip >= 0.0f);
  for (g = 0; g < 4; ++g) {
    MF_REQUIRE(w->input_weights[g] != NULL && w->recurrent_weights[g] != NULL);
  }
  for (step = 0; step < mf_lstm_num_steps(d); ++step) {
    const mf_lstm_step s = mf_lstm_step_at(d, step);
    const int32_t n = s.rows * d->state_size;
    float* const buf0 = (float*)scratch;
    float* const buf1 = buf0 + n;
    float* const buf2 = buf1 + n;
    float* const buf3 = buf2 + n;
    const float* x = input + s.input;
    float* h = hidden_state + s.state;
    float* c = cell_state + s.state;

    gate(w, d, MF_LSTM_FORGET_GATE, x, h, s.rows, buf0, buf3);
    gate(w, d, MF_LSTM_INPUT_GATE, x, h, s.rows, buf1, buf3);
    gate(w, d, MF_LSTM_CELL_GATE, x, h, s.rows, buf2, buf3);
    for (k = 0; k < n; ++k) {
      float v = clamp_none(buf0[k] * c[k]) + clamp_none(buf1[k] * buf2[k]);
      if (p->cell_clip > 0.0f) {
        v = v < p->cell_clip ? v : p->cell_clip; /* max(min(clip, v), -clip) */
        v = v < -p->cell_clip ? -p->cell_clip : v;
      }
      c[k] = v;
    }
    gate(w, d, MF_LSTM_OUTPUT_GATE, x, h, s.rows, buf1, buf3);
    for (k = 0; k < n; ++k) {
      h[k] = clamp_none(mf_tanhf(c[k]) * buf1[k]);
    }
    memcpy(output + s.output, h, (size_t)n * sizeof(float));
  }
  return MF_STATUS_OK;
}
