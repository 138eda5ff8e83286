/* SPDX-License-Identifier: Apache-2.0 */
/* Interpolated lookup in a 513-entry int16 table (TFLite's LUTLookup for int16, tflm-arithmetic.md
 * section 2.6): the top 9 bits of the input select a segment, the low 7 bits interpolate linearly. */
#ifndef MCUFORGE_INTERNAL_MF_LUT16_H
#define MCUFORGE_INTERNAL_MF_LUT16_H

#include <stdint.h>

#include "mf_fixedpoint.h"

/* The int16 value of the low 16 bits of v (two's complement wrap). */
MF_INLINE int16_t mf_wrap16(int32_t v) {
  const uint32_t u = (uint32_t)v & 0xFFFFu;
  return (int16_t)(u >= 0x8000u ? (int32_t)u - 0x10000 : (int32_t)u);
}

MF_INLINE int16_t mf_lut16_lookup(int16_t value, const int16_t* lut) {
  const int32_t index = 256 + (value >> 7); /* 0 .. 511 */
  const int32_t offset = value & 0x7f;
  const int32_t base = lut[index];
  const int32_t slope = mf_wrap16(lut[index + 1] - lut[index]); /* an int16 difference in TFLite */
  const int32_t delta = (slope * offset + 64) >> 7;
  return mf_wrap16(base + delta);
}

#endif /* MCUFORGE_INTERNAL_MF_LUT16_H */
