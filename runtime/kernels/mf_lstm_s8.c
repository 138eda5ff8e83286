/* SPDX-License-Identifier: Apache-2.0 */
/* UNIDIRECTIONAL_SEQUENCE_LSTM, int8 activations / int16 cell (TFLM's integer LstmStep): gate FCs into
 * Q3.12, int16 LUT sigmoid/tanh into Q0.15, element-wise requantized products for the cell and hidden
 * updates. */
#include <string.h>

#include "mcuforge/mf_lstm.h"
#include "mf_fixedpoint.h"
#include "mf_lstm_internal.h"
#include "mf_sigmoid16.h"

static int16_t clamp16(int64_t v) {
  return (int16_t)(v < INT16_MIN ? INT16_MIN : (v > INT16_MAX ? INT16_MAX : v));
}

/* out[r, s] = clamp16(MBQM(sum_d w[s, d] * (x[r, d] + offset) + bias[s])). */
static void gate_fc(const int8_t* x, int32_t rows, int32_t depth, int32_t offset, const int8_t* w,
                    const int32_t* bias, mf_requant rq, int32_t units, int16_t* out) {
  int32_t r, s, d;
  for (r = 0; r < rows; ++r) {
    const int8_t* xr = x + r * depth;
    const int8_t* ws = w;
    for (s = 0; s < units; ++s) {
      uint32_t acc = bias != NULL ? (uint32_t)bias[s] : 0u; /* wraps like TFLM's int32 sum */
      for (d = 0; d < depth; ++d) {
        acc += (uint32_t)((int32_t)ws[d] * ((int32_t)xr[d] + offset));
      }
      ws += depth;
      *out++ = clamp16(mf_mbqm((int32_t)acc, rq.multiplier, rq.shift));
    }
  }
}

/* One gate: act(clamp16(FC(x) + FC(h))) into `out`; `tmp` holds the recurrent FC. */
static void gate(const mf_lstm_s8_params* p, const mf_lstm_s8_weights* w, const mf_lstm_dims* d, int g,
                 const int8_t* x, const int8_t* h, int32_t rows, int16_t* out, int16_t* tmp) {
  const int32_t n = rows * d->state_size;
  int32_t k;
  gate_fc(x, rows, d->input_size, p->input_offset, w->input_weights[g], w->bias[g], p->input_requant[g],
          d->state_size, out);
  gate_fc(h, rows, d->state_size, p->hidden_offset, w->recurrent_weights[g], NULL,
          p->recurrent_requant[g], d->state_size, tmp);
  for (k = 0; k < n; ++k) {
    const int16_t z = clamp16((int32_t)out[k] + tmp[k]);
    /* Q3.12 input: multiplier 0 / shift 0 is TFLM's power-of-two case for both functions */
    out[k] = g == MF_LSTM_CELL_GATE ? mf_tanh16(z, 0, 0) : mf_logistic16(z, 0, 0);
  }
}

static int requant_ok(mf_requant r) { return r.multiplier >= 0 && r.shift >= -31 && r.shift <= 30; }

static int params_ok(const mf_lstm_s8_params* p) {
  int g;
  if (p == NULL) return 0;
  for (g = 0; g < 4; ++g) {
    if (!requant_ok(p->input_requant[g]) || !requant_ok(p->recurrent_requant[g])) return 0;
  }
  if (!requant_ok(p->forget_cell_requant) || !requant_ok(p->input_cell_requant) ||
      !requant_ok(p->hidden_requant)) {
    return 0;
  }
  if (p->cell_tanh_multiplier == 0 ? (p->cell_tanh_shift < 0 || p->cell_tanh_shift > 14)
                                   : (p->cell_tanh_multiplier != 3 || p->cell_tanh_shift < 0 ||
                                      p->cell_tanh_shift > 30)) {
    return 0;
  }
  return p->input_offset >= -127 && p->input_offset <= 128 && p->hidden_offset >= -127 &&
         p->hidden_offset <= 128 && p->hidden_zero_point == -p->hidden_offset && p->cell_clip >= -1 &&
         p->cell_clip <= INT16_MAX;
}

mf_status mf_lstm_s8(const mf_lstm_s8_params* p, const mf_lstm_dims* d, const int8_t* input,
                     const mf_lstm_s8_weights* w, int8_t* hidden_state, int16_t* cell_state,
                     int8_t* output, void* scratch) {
  int32_t step, k, g;
  MF_REQUIRE(params_ok(p) && mf_lstm_dims_valid(d) && w != NULL);
  MF_REQUIRE(input != NULL && hidden_state != NULL && cell_state != NULL && output != NULL &&
             scratch != NULL);
  for (g = 0; g < 4; ++g) {
    MF_REQUIRE(w->input_weights[g] != NULL && w->recurrent_weights[g] != NULL);
  }
  for (step = 0; step < mf_lstm_num_steps(d); ++step) {
    const mf_lstm_step s = mf_lstm_step_at(d, step);
    const int32_t n = s.rows * d->state_size;
    int16_t* const buf0 = (int16_t*)scratch;
    int16_t* const buf1 = buf0 + n;
    int16_t* const buf2 = buf1 + n;
    int16_t* const buf3 = buf2 + n;
    const int8_t* x = input + s.input;
    int8_t* h = hidden_state + s.state;
    int16_t* c = cell_state + s.state;

    /* All gates read h from the previous step; h is rewritten only at the end. */
    gate(p, w, d, MF_LSTM_FORGET_GATE, x, h, s.rows, buf0, buf3);
    gate(p, w, d, MF_LSTM_INPUT_GATE, x, h, s.rows, buf1, buf3);
    gate(p, w, d, MF_LSTM_CELL_GATE, x, h, s.rows, buf2, buf3);
    for (k = 0; k < n; ++k) {
      const int16_t fc = clamp16(mf_mbqm((int32_t)buf0[k] * c[k], p->forget_cell_requant.multiplier,
                                         p->forget_cell_requant.shift));
      const int16_t ig = clamp16(mf_mbqm((int32_t)buf1[k] * buf2[k], p->input_cell_requant.multiplier,
                                         p->input_cell_requant.shift));
      int16_t v = clamp16((int32_t)fc + ig);
      if (p->cell_clip >= 0) {
        v = (int16_t)mf_clamp_i32(v, -p->cell_clip, p->cell_clip);
      }
      c[k] = v;
    }
    gate(p, w, d, MF_LSTM_OUTPUT_GATE, x, h, s.rows, buf1, buf3);
    for (k = 0; k < n; ++k) {
      const int16_t t = mf_tanh16(c[k], p->cell_tanh_multiplier, p->cell_tanh_shift);
      const int64_t v = (int64_t)mf_mbqm((int32_t)t * buf1[k], p->hidden_requant.multiplier,
                                         p->hidden_requant.shift) + p->hidden_zero_point;
      h[k] = (int8_t)(v < -128 ? -128 : (v > 127 ? 127 : v));
    }
    memcpy(output + s.output, h, (size_t)n);
  }
  return MF_STATUS_OK;
}
