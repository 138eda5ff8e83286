/* SPDX-License-Identifier: Apache-2.0 */
/* Steps of the integer SVDF that do not depend on the state type (see mcuforge/mf_svdf.h). */
#ifndef MCUFORGE_INTERNAL_MF_SVDF_INTERNAL_H
#define MCUFORGE_INTERNAL_MF_SVDF_INTERNAL_H

#include "mcuforge/mf_svdf.h"
#include "mf_fixedpoint.h"

/* Preconditions shared by both kernels; also bounds every index the loops form to int32. */
MF_INLINE int mf_svdf_valid(const mf_svdf_params* p, const mf_svdf_dims* d) {
  int64_t state_elems;
  if (p == NULL || d == NULL || d->batches <= 0 || d->input_size <= 0 || d->num_filters <= 0 ||
      d->rank <= 0 || d->memory_size <= 0 || d->num_filters % d->rank != 0) {
    return 0;
  }
  state_elems = (int64_t)d->batches * d->num_filters * d->memory_size;
  if (state_elems > INT32_MAX || (int64_t)d->num_filters * d->input_size > INT32_MAX ||
      (int64_t)d->batches * d->input_size > INT32_MAX) {
    return 0;
  }
  /* multipliers as QuantizeMultiplier makes them; shifts that mf_mbqm can apply */
  return p->feature_requant.multiplier >= 0 && p->output_requant.multiplier >= 0 &&
         p->feature_requant.shift >= -31 && p->feature_requant.shift <= 30 &&
         p->output_requant.shift >= -31 && p->output_requant.shift <= 30 &&
         p->input_offset >= -127 && p->input_offset <= 128;
}

/* Requantized feature projection of input row `x` by filter row `w`. */
MF_INLINE int32_t mf_svdf_feature(const mf_svdf_params* p, const int8_t* x, const int8_t* w,
                                  int32_t n) {
  uint32_t acc = 0; /* wraps like TFLM's int32 accumulator */
  int32_t i;
  for (i = 0; i < n; ++i) {
    acc += (uint32_t)((int32_t)w[i] * ((int32_t)x[i] + p->input_offset));
  }
  return mf_mbqm((int32_t)acc, p->feature_requant.multiplier, p->feature_requant.shift);
}

/* The state value TFLM stores: the projection saturated to the state type's range [lo, hi] (bits
 * wide), then the zero point added and the sum narrowed to the state type, wrapping modulo 2^bits
 * when it leaves the range (TFLM's reference kernel does exactly this; see tflite-micro issue 2721). */
MF_INLINE int32_t mf_svdf_state_value(int32_t v, int32_t zero_point, int bits) {
  const int32_t hi = (int32_t)((1u << (bits - 1)) - 1u), lo = -hi - 1;
  const uint32_t mask = (1u << bits) - 1u;
  const uint32_t u = ((uint32_t)mf_clamp_i32(v, lo, hi) + (uint32_t)zero_point) & mask;
  return u > (uint32_t)hi ? (int32_t)u - (int32_t)(mask + 1u) : (int32_t)u;
}

/* Sums the rank filters of each unit onto the bias and requantizes to int8. `filter_acc` holds
 * batches * num_filters sums, `unit_acc` room for batches * num_units. */
MF_INLINE void mf_svdf_reduce(const mf_svdf_params* p, const mf_svdf_dims* d, const int32_t* bias,
                              const int32_t* filter_acc, int32_t* unit_acc, int8_t* output) {
  const int32_t units = d->num_filters / d->rank;
  int32_t b, u, r;
  for (b = 0; b < d->batches; ++b) {
    const int32_t* f = filter_acc + (int64_t)b * d->num_filters;
    int32_t* acc = unit_acc + (int64_t)b * units;
    for (u = 0; u < units; ++u) {
      uint32_t s = bias != NULL ? (uint32_t)bias[u] : 0u;
      for (r = 0; r < d->rank; ++r) {
        s += (uint32_t)*f++;
      }
      acc[u] = (int32_t)s;
    }
  }
  for (b = 0; b < d->batches * units; ++b) {
    const int32_t v = mf_mbqm(unit_acc[b], p->output_requant.multiplier, p->output_requant.shift);
    const int64_t o = (int64_t)v + p->output_zero_point;
    output[b] = (int8_t)(o < -128 ? -128 : (o > 127 ? 127 : o));
  }
}

#endif /* MCUFORGE_INTERNAL_MF_SVDF_INTERNAL_H */
