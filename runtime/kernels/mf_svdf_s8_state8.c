/* SPDX-License-Identifier: Apache-2.0 */
/* SVDF, int8 input/output with int8 time weights and int8 activation state (TFLM's integer SVDF). */
#include "mcuforge/mf_svdf.h"
#include "mf_svdf_internal.h"

mf_status mf_svdf_s8_state8(const mf_svdf_params* params, const mf_svdf_dims* dims,
                            const int8_t* input, const int8_t* weights_feature,
                            const int8_t* weights_time, const int32_t* bias, int8_t* state,
                            int8_t* output, void* scratch) {
  int32_t b, f, t, n, row;
  int32_t* filter_acc = (int32_t*)scratch;
  MF_REQUIRE(mf_svdf_valid(params, dims));
  MF_REQUIRE(input != NULL && weights_feature != NULL && weights_time != NULL && state != NULL &&
             output != NULL && scratch != NULL);
  MF_REQUIRE(params->state_zero_point >= INT8_MIN && params->state_zero_point <= INT8_MAX);

  /* The whole state moves one element left; each filter's last slot is rewritten below. */
  row = dims->num_filters * dims->memory_size;
  n = dims->batches * row;
  for (t = 0; t + 1 < n; ++t) {
    state[t] = state[t + 1];
  }
  for (b = 0; b < dims->batches; ++b) {
    const int8_t* x = input + b * dims->input_size;
    int8_t* newest = state + b * row + dims->memory_size - 1;
    for (f = 0; f < dims->num_filters; ++f) {
      const int32_t v = mf_svdf_feature(params, x, weights_feature + f * dims->input_size,
                                        dims->input_size);
      newest[f * dims->memory_size] = (int8_t)mf_svdf_state_value(v, params->state_zero_point, 8);
    }
  }
  for (b = 0; b < dims->batches; ++b) {
    const int8_t* s = state + b * row;
    const int8_t* w = weights_time;
    for (f = 0; f < dims->num_filters; ++f) {
      uint32_t acc = 0; /* wraps like TFLM's int32 accumulator */
      for (t = 0; t < dims->memory_size; ++t) {
        acc += (uint32_t)((int64_t)*w++ * ((int32_t)*s++ - params->state_zero_point));
      }
      filter_acc[b * dims->num_filters + f] = (int32_t)acc;
    }
  }
  mf_svdf_reduce(params, dims, bias, filter_acc, filter_acc + dims->batches * dims->num_filters,
                 output);
  return MF_STATUS_OK;
}
