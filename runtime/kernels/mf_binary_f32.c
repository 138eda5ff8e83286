/* SPDX-License-Identifier: Apache-2.0 */
/* mf_binary_f32: see mcuforge/mf_binary.h (float SUB, SQUARED_DIFFERENCE, FLOOR_DIV, FLOOR_MOD). */
#include <math.h>

#include "mcuforge/mf_binary.h"
#include "mf_bcast_iter.h"
#include "mf_fixedpoint.h"

/* TFLite's FloorMod for floats: the truncated remainder, moved into the divisor's sign. */
MF_INLINE float mf_floor_mod_f32(float x, float y) {
  const float r = fmodf(x, y);
  return (r != 0.0f && ((y < 0.0f) != (r < 0.0f))) ? r + y : r;
}

MF_INLINE float mf_binary_apply_f32(mf_binary_op op, float x, float y) {
  switch (op) {
    case MF_BINARY_SUB: return x - y;
    case MF_BINARY_SQUARED_DIFFERENCE: return (x - y) * (x - y);
    case MF_BINARY_FLOOR_DIV: return (float)floor((double)x / (double)y);
    default: return mf_floor_mod_f32(x, y);
  }
}

mf_status mf_binary_f32(const mf_binary_f32_params* params, const float* input1, const float* input2,
                        float* output) {
  mf_bcast_iter it;
  int32_t count;
  int32_t i;
  MF_REQUIRE(params != NULL && input1 != NULL && input2 != NULL && output != NULL);
  MF_REQUIRE(params->op >= MF_BINARY_SUB && params->op <= MF_BINARY_FLOOR_MOD);
  count = mf_bcast_count(&params->shape);
  MF_REQUIRE(count >= 0);
  {
    const mf_binary_op op = params->op;
    const float lo = params->act.min, hi = params->act.max;
    mf_bcast_begin(&it);
    for (i = 0; i < count; ++i) {
      float v = mf_binary_apply_f32(op, input1[it.off1], input2[it.off2]);
      /* max then min, as TFLM's ActivationFunctionWithMinMax does */
      v = v < lo ? lo : v;
      v = hi < v ? hi : v;
      output[i] = v;
      mf_bcast_next(&params->shape, &it);
    }
  }
  return MF_STATUS_OK;
}
