/* SPDX-License-Identifier: Apache-2.0 */
/* mf_cast: see mcuforge/mf_convert.h. Values go through int64 (integers) or float (float32 input),
 * which holds every source value exactly, and are then narrowed with the documented semantics. */
#include "mcuforge/mf_convert.h"

static int valid(mf_elem_type t) { return t >= MF_ELEM_INT8 && t <= MF_ELEM_BOOL; }

static int64_t load_int(mf_elem_type t, const void* p, int32_t i) {
  switch (t) {
    case MF_ELEM_INT8: return ((const int8_t*)p)[i];
    case MF_ELEM_UINT8: return ((const uint8_t*)p)[i];
    case MF_ELEM_INT16: return ((const int16_t*)p)[i];
    case MF_ELEM_INT32: return ((const int32_t*)p)[i];
    case MF_ELEM_UINT32: return ((const uint32_t*)p)[i];
    default: return ((const uint8_t*)p)[i] != 0; /* bool */
  }
}

/* float -> int64 truncating toward zero, saturated to [lo, hi]; NaN -> 0. */
static int64_t float_to_int(float f, int64_t lo, int64_t hi) {
  if (!(f == f)) return 0;
  if (f <= (float)lo) return lo;
  if (f >= (float)hi) return hi;
  return (int64_t)f;
}

static void store_int(mf_elem_type t, void* p, int32_t i, int64_t v) {
  /* Narrowing through the unsigned type of the same width wraps modulo 2^bits; converting an
   * in-range unsigned value back to the signed type is then exact. */
  switch (t) {
    case MF_ELEM_INT8: {
      const uint8_t u = (uint8_t)(uint64_t)v;
      ((int8_t*)p)[i] = (int8_t)(u >= 0x80u ? (int32_t)u - 0x100 : (int32_t)u);
      break;
    }
    case MF_ELEM_UINT8: ((uint8_t*)p)[i] = (uint8_t)(uint64_t)v; break;
    case MF_ELEM_INT16: {
      const uint16_t u = (uint16_t)(uint64_t)v;
      ((int16_t*)p)[i] = (int16_t)(u >= 0x8000u ? (int32_t)u - 0x10000 : (int32_t)u);
      break;
    }
    case MF_ELEM_INT32: {
      const uint32_t u = (uint32_t)(uint64_t)v;
      ((int32_t*)p)[i] = u >= 0x80000000u ? (int32_t)(u - 0x80000000u) + INT32_MIN : (int32_t)u;
      break;
    }
    case MF_ELEM_UINT32: ((uint32_t*)p)[i] = (uint32_t)(uint64_t)v; break;
    default: ((uint8_t*)p)[i] = (uint8_t)(v != 0); break; /* bool */
  }
}

static int64_t int_min(mf_elem_type t) {
  switch (t) {
    case MF_ELEM_INT8: return INT8_MIN;
    case MF_ELEM_INT16: return INT16_MIN;
    case MF_ELEM_INT32: return INT32_MIN;
    default: return 0;
  }
}

static int64_t int_max(mf_elem_type t) {
  switch (t) {
    case MF_ELEM_INT8: return INT8_MAX;
    case MF_ELEM_UINT8: return UINT8_MAX;
    case MF_ELEM_INT16: return INT16_MAX;
    case MF_ELEM_INT32: return INT32_MAX;
    case MF_ELEM_UINT32: return UINT32_MAX;
    default: return 1;
  }
}

mf_status mf_cast(mf_elem_type input_type, mf_elem_type output_type, int32_t count, const void* input,
                  void* output) {
  int32_t i;
  MF_REQUIRE(valid(input_type) && valid(output_type) && count >= 0);
  MF_REQUIRE(count == 0 || (input != NULL && output != NULL));
  for (i = 0; i < count; ++i) {
    if (input_type == MF_ELEM_FLOAT32) {
      const float f = ((const float*)input)[i];
      if (output_type == MF_ELEM_FLOAT32) {
        ((float*)output)[i] = f;
      } else if (output_type == MF_ELEM_BOOL) {
        ((uint8_t*)output)[i] = (uint8_t)(f != 0.0f);
      } else {
        store_int(output_type, output, i, float_to_int(f, int_min(output_type), int_max(output_type)));
      }
    } else {
      const int64_t v = load_int(input_type, input, i);
      if (output_type == MF_ELEM_FLOAT32) {
        ((float*)output)[i] = (float)v;
      } else {
        store_int(output_type, output, i, v);
      }
    }
  }
  return MF_STATUS_OK;
}
