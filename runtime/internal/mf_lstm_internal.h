/* SPDX-License-Identifier: Apache-2.0 */
/* Shared by the LSTM kernels: precondition on the dims and the walk over time steps and batches that
 * TFLM's LstmStepManager performs (see mcuforge/mf_lstm.h). */
#ifndef MCUFORGE_INTERNAL_MF_LSTM_INTERNAL_H
#define MCUFORGE_INTERNAL_MF_LSTM_INTERNAL_H

#include "mcuforge/mf_lstm.h"
#include "mf_fixedpoint.h"

/* Positive dims whose tensor element counts all fit int32 indexing. */
MF_INLINE int mf_lstm_dims_valid(const mf_lstm_dims* d) {
  int64_t seq;
  if (d == NULL || d->batches <= 0 || d->time_steps <= 0 || d->input_size <= 0 || d->state_size <= 0 ||
      (d->time_major != 0 && d->time_major != 1)) {
    return 0;
  }
  seq = (int64_t)d->batches * d->time_steps;
  return seq * d->input_size <= INT32_MAX && seq * d->state_size <= INT32_MAX &&
         (int64_t)d->state_size * d->input_size <= INT32_MAX &&
         (int64_t)d->state_size * d->state_size <= INT32_MAX &&
         (int64_t)d->batches * d->state_size <= INT32_MAX;
}

/* Element offsets of one step: `step` counts the steps run so far (time-major: t; batch-major:
 * b * time_steps + t, which is also the row of input/output); `batch` selects the state row. */
typedef struct {
  int32_t rows;    /* rows processed together */
  int32_t input;   /* offset into input */
  int32_t output;  /* offset into output */
  int32_t state;   /* offset into h and c */
} mf_lstm_step;

MF_INLINE int32_t mf_lstm_num_steps(const mf_lstm_dims* d) {
  return d->time_major ? d->time_steps : d->batches * d->time_steps;
}

MF_INLINE mf_lstm_step mf_lstm_step_at(const mf_lstm_dims* d, int32_t step) {
  mf_lstm_step s;
  s.rows = d->time_major ? d->batches : 1;
  s.input = step * s.rows * d->input_size;
  s.output = step * s.rows * d->state_size;
  s.state = d->time_major ? 0 : (step / d->time_steps) * d->state_size;
  return s;
}

#endif /* MCUFORGE_INTERNAL_MF_LSTM_INTERNAL_H */
