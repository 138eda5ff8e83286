/* SPDX-License-Identifier: Apache-2.0 */
/* mf_binary_s32: see mcuforge/mf_binary.h (int32 SUB, SQUARED_DIFFERENCE, FLOOR_DIV, FLOOR_MOD). */
#include "mcuforge/mf_binary.h"
#include "mf_bcast_iter.h"
#include "mf_fixedpoint.h"

/* Floor division and modulo on int32; 0 for a zero divisor, INT32_MIN / -1 = INT32_MIN (undefined in
 * TFLite, defined here so that no input makes the kernel trap). */
MF_INLINE int32_t mf_floor_div_i32(int32_t x, int32_t y) {
  int32_t q;
  if (y == 0) return 0;
  if (x == INT32_MIN && y == -1) return INT32_MIN;
  q = x / y;
  return (x % y != 0 && ((x < 0) != (y < 0))) ? q - 1 : q;
}

MF_INLINE int32_t mf_floor_mod_i32(int32_t x, int32_t y) {
  int32_t r;
  if (y == 0 || y == -1) return 0;
  r = x % y;
  return (r != 0 && ((y < 0) != (r < 0))) ? r + y : r;
}

MF_INLINE int32_t mf_binary_apply_s32(mf_binary_op op, int32_t x, int32_t y) {
  const uint32_t d = (uint32_t)x - (uint32_t)y;
  switch (op) {
    case MF_BINARY_SUB: return (int32_t)d;
    case MF_BINARY_SQUARED_DIFFERENCE: return (int32_t)(d * d);
    case MF_BINARY_FLOOR_DIV: return mf_floor_div_i32(x, y);
    default: return mf_floor_mod_i32(x, y);
  }
}

mf_status mf_binary_s32(const mf_binary_s32_params* params, const int32_t* input1, const int32_t* input2,
                        int32_t* output) {
  mf_bcast_iter it;
  int32_t count;
  int32_t i;
  MF_REQUIRE(params != NULL && input1 != NULL && input2 != NULL && output != NULL);
  MF_REQUIRE(params->op >= MF_BINARY_SUB && params->op <= MF_BINARY_FLOOR_MOD);
  MF_REQUIRE(params->act.min <= params->act.max);
  count = mf_bcast_count(&params->shape);
  MF_REQUIRE(count >= 0);
  {
    const mf_binary_op op = params->op;
    const int32_t lo = params->act.min, hi = params->act.max;
    mf_bcast_begin(&it);
    for (i = 0; i < count; ++i) {
      output[i] = mf_clamp_i32(mf_binary_apply_s32(op, input1[it.off1], input2[it.off2]), lo, hi);
      mf_bcast_next(&params->shape, &it);
    }
  }
  return MF_STATUS_OK;
}
