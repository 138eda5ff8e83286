/* SPDX-License-Identifier: Apache-2.0 */
/* Types shared by every mcuforge runtime kernel: status codes, shapes, requantization parameters. */
#ifndef MCUFORGE_MF_TYPES_H
#define MCUFORGE_MF_TYPES_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
  MF_STATUS_OK = 0,
  MF_STATUS_BAD_PARAM = 1, /* a precondition the compiler should have guaranteed does not hold */
  /* index family: run-time input data the op cannot accept (an index out of range), as TFLM errors */
  MF_STATUS_BAD_INPUT = 2
} mf_status;

/* NHWC shape of a 4-D activation tensor. */
typedef struct {
  int32_t n;
  int32_t h;
  int32_t w;
  int32_t c;
} mf_dims4;

/* A real multiplier M ~= multiplier * 2^(shift - 31), as produced by TFLite's QuantizeMultiplier:
 * multiplier in [2^30, 2^31) (or 0), shift > 0 means a left shift. */
typedef struct {
  int32_t multiplier;
  int32_t shift;
} mf_requant;

/* Accumulator of an int16x8 CONV_2D / FULLY_CONNECTED. TFLM picks it per op: 32 bits when the bias is
 * int32, or when there is no bias and the op's quantized_bias_type says int32; 64 bits otherwise. */
typedef enum {
  MF_ACC32 = 0, /* wrapping int32 sum, optional int32 bias, 32-bit requantization */
  MF_ACC64 = 1  /* int64 sum, optional int64 bias, 64-bit requantization (shifts <= 14) */
} mf_acc_width;

/* Clamp range applied after requantization (fused activation), in output quantized units. */
typedef struct {
  int32_t min;
  int32_t max;
} mf_act_range;

/* Clamp range for float kernels. */
typedef struct {
  float min;
  float max;
} mf_act_range_f32;

/* Alignment of static buffers and weight arrays (generated code). */
#if defined(__GNUC__) || defined(__clang__)
#define MF_ALIGNED(n) __attribute__((aligned(n)))
#else
#define MF_ALIGNED(n)
#endif

/* Fails the calling kernel with MF_STATUS_BAD_PARAM when a precondition is violated. */
#define MF_REQUIRE(cond)              \
  do {                                \
    if (!(cond)) {                    \
      return MF_STATUS_BAD_PARAM;     \
    }                                 \
  } while (0)

#ifdef __cplusplus
}
#endif

#endif /* MCUFORGE_MF_TYPES_H */
