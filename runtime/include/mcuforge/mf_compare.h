/* SPDX-License-Identifier: Apache-2.0 */
/* Comparisons EQUAL, NOT_EQUAL, GREATER, GREATER_EQUAL, LESS, LESS_EQUAL as one family: one kernel per
 * input element type, the comparison chosen by an mf_compare_op, with the TFLite broadcasting of
 * mcuforge/mf_elementwise.h (mf_bcast). Outputs are bools stored as one byte, 0 or 1.
 *
 * Also the logical family LOGICAL_AND / LOGICAL_OR on bools, and SELECT_V2. */
#ifndef MCUFORGE_MF_COMPARE_H
#define MCUFORGE_MF_COMPARE_H

#include "mcuforge/mf_elementwise.h"
#include "mcuforge/mf_types.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
  MF_COMPARE_EQUAL = 0,
  MF_COMPARE_NOT_EQUAL = 1,
  MF_COMPARE_GREATER = 2,
  MF_COMPARE_GREATER_EQUAL = 3,
  MF_COMPARE_LESS = 4,
  MF_COMPARE_LESS_EQUAL = 5
} mf_compare_op;

/* Raw values: out = x1 op x2 (floats with IEEE semantics: NaN compares unequal to everything). */
typedef struct {
  mf_bcast shape;
  mf_compare_op op;
} mf_compare_params;

/* Quantized (int8) inputs are rescaled as TFLM does before they are compared:
 *   a = MBQM((x1 + in1_offset) << left_shift, in1), b likewise (shifts <= 0); out = a op b. */
typedef struct {
  mf_bcast shape;
  mf_compare_op op;
  int32_t left_shift; /* 8 */
  int32_t in1_offset; /* -zero point of input 1 */
  int32_t in2_offset;
  mf_requant in1; /* the input's scale as a multiplier */
  mf_requant in2;
} mf_compare_q_params;

mf_status mf_compare_f32(const mf_compare_params* params, const float* input1, const float* input2,
                         uint8_t* output);
mf_status mf_compare_s32(const mf_compare_params* params, const int32_t* input1, const int32_t* input2,
                         uint8_t* output);
mf_status mf_compare_s64(const mf_compare_params* params, const int64_t* input1, const int64_t* input2,
                         uint8_t* output);
/* bool inputs (0 / 1 bytes; any non-zero byte counts as true). */
mf_status mf_compare_bool(const mf_compare_params* params, const uint8_t* input1, const uint8_t* input2,
                          uint8_t* output);
mf_status mf_compare_s8(const mf_compare_q_params* params, const int8_t* input1, const int8_t* input2,
                        uint8_t* output);

/* LOGICAL_AND / LOGICAL_OR on bools with TFLite broadcasting: out = x1 && x2 (x1 || x2), 0 or 1. */
typedef enum { MF_LOGICAL_AND = 0, MF_LOGICAL_OR = 1 } mf_logical_op;

typedef struct {
  mf_bcast shape;
  mf_logical_op op;
} mf_logical_params;

mf_status mf_logical_bool(const mf_logical_params* params, const uint8_t* input1, const uint8_t* input2,
                          uint8_t* output);

/* SELECT_V2: out = condition ? x : y, element by element, with TFLite broadcasting of all three
 * inputs to the output shape: `shape` holds the output extents and the strides of x (stride1) and y
 * (stride2); `cond_stride` those of the bool condition (0 along broadcast dimensions). Values are
 * copied as raw elements of `elem_size` bytes (1, 2 or 4). The output may be the same buffer as x or
 * y when that input's shape equals the output shape. */
typedef struct {
  mf_bcast shape;
  int32_t cond_stride[MF_BCAST_DIMS];
  int32_t elem_size;
} mf_select_params;

mf_status mf_select(const mf_select_params* params, const uint8_t* condition, const void* x, const void* y,
                    void* output);

#ifdef __cplusplus
}
#endif

#endif /* MCUFORGE_MF_COMPARE_H */
