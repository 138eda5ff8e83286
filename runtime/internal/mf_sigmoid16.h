/* SPDX-License-Identifier: Apache-2.0 */
/* int16 sigmoid and tanh exactly as TFLM's reference integer kernels compute them (used by the int16
 * LOGISTIC/TANH ops and the LSTM gates): a 256-entry table of sigmoid(k / 24) in unsigned Q0.16,
 * indexed by the magnitude of the scaled input, with linear interpolation between entries and
 * tanh(x) = 2 * sigmoid(2x) - 1. The table values are TFLM's (bit-exactness needs them as they are;
 * they are close to, but not always, round(65536 * sigmoid(k / 24))). */
#ifndef MCUFORGE_INTERNAL_MF_SIGMOID16_H
#define MCUFORGE_INTERNAL_MF_SIGMOID16_H

#include <stdint.h>

#include "mf_fixedpoint.h"

MF_INLINE uint32_t mf_sigmoid16_table(uint32_t k) {
  static const uint16_t table[256] = {
      32768, 33451, 34133, 34813, 35493, 36169, 36843, 37513, 38180, 38841, 39498, 40149,
      40794, 41432, 42064, 42688, 43304, 43912, 44511, 45102, 45683, 46255, 46817, 47369,
      47911, 48443, 48964, 49475, 49975, 50464, 50942, 51409, 51865, 52311, 52745, 53169,
      53581, 53983, 54374, 54755, 55125, 55485, 55834, 56174, 56503, 56823, 57133, 57433,
      57724, 58007, 58280, 58544, 58800, 59048, 59288, 59519, 59743, 59959, 60168, 60370,
      60565, 60753, 60935, 61110, 61279, 61441, 61599, 61750, 61896, 62036, 62172, 62302,
      62428, 62549, 62666, 62778, 62886, 62990, 63090, 63186, 63279, 63368, 63454, 63536,
      63615, 63691, 63765, 63835, 63903, 63968, 64030, 64090, 64148, 64204, 64257, 64308,
      64357, 64405, 64450, 64494, 64536, 64576, 64614, 64652, 64687, 64721, 64754, 64786,
      64816, 64845, 64873, 64900, 64926, 64950, 64974, 64997, 65019, 65039, 65060, 65079,
      65097, 65115, 65132, 65149, 65164, 65179, 65194, 65208, 65221, 65234, 65246, 65258,
      65269, 65280, 65291, 65301, 65310, 65319, 65328, 65337, 65345, 65352, 65360, 65367,
      65374, 65381, 65387, 65393, 65399, 65404, 65410, 65415, 65420, 65425, 65429, 65433,
      65438, 65442, 65445, 65449, 65453, 65456, 65459, 65462, 65465, 65468, 65471, 65474,
      65476, 65479, 65481, 65483, 65485, 65488, 65489, 65491, 65493, 65495, 65497, 65498,
      65500, 65501, 65503, 65504, 65505, 65507, 65508, 65509, 65510, 65511, 65512, 65513,
      65514, 65515, 65516, 65517, 65517, 65518, 65519, 65520, 65520, 65521, 65522, 65522,
      65523, 65523, 65524, 65524, 65525, 65525, 65526, 65526, 65526, 65527, 65527, 65528,
      65528, 65528, 65529, 65529, 65529, 65529, 65530, 65530, 65530, 65530, 65531, 65531,
      65531, 65531, 65531, 65532, 65532, 65532, 65532, 65532, 65532, 65533, 65533, 65533,
      65533, 65533, 65533, 65533, 65533, 65534, 65534, 65534, 65534, 65534, 65534, 65534,
      65534, 65534, 65534, 65535};
  return table[k];
}

/* Input scaling shared by both functions: multiplier 0 means "3 << shift, no shift" (the power-of-two
 * case), otherwise (x * multiplier + round) >> shift, 0 <= shift <= 31. The int32 arithmetic wraps
 * as TFLM's does on every target when a coarse int16 input scale (above 32767 / 12288) makes the
 * multiplier exceed 15 bits; multiplier 0 needs shift <= 14. */
MF_INLINE int32_t mf_sigmoid16_scale(int16_t x, int32_t multiplier, int32_t shift) {
  if (multiplier == 0) {
    multiplier = 3 << shift;
    shift = 0;
  }
  return (int32_t)((uint32_t)(int32_t)x * (uint32_t)multiplier + (shift > 0 ? (1u << (shift - 1)) : 0u)) >> shift;
}

/* Logistic: the scaled input v has 9 fractional bits of table position (a Q3.12 input with the
 * power-of-two multiplier 3 lands on entry k at x = k / 24); output Q0.15 in [0, 32767]. */
MF_INLINE int16_t mf_logistic16(int16_t x, int32_t multiplier, int32_t shift) {
  const int32_t v = mf_sigmoid16_scale(x, multiplier, shift);
  const uint32_t a = v < 0 ? (uint32_t)0 - (uint32_t)v : (uint32_t)v;
  const uint32_t k = a >> 9;
  uint32_t r;
  if (k >= 255) {
    r = (uint32_t)0x7FFF << 10;
  } else {
    const uint32_t lo = mf_sigmoid16_table(k), hi = mf_sigmoid16_table(k + 1);
    r = (lo << 9) + (a & 0x1FF) * (hi - lo);
  }
  /* round to 15 bits; sigmoid(-x) = 1 - sigmoid(x) */
  r = v >= 0 ? r + (1u << 9) : (1u << 25) - r + (1u << 9) - 1u;
  return (int16_t)(r >> 10);
}

/* Tanh: the same table read with 8 fractional bits (entry k at x = k / 48 for Q3.12 input and
 * multiplier 3), since tanh(x) = 2 * sigmoid(2x) - 1; output Q0.15 in [-32767, 32767]. */
MF_INLINE int16_t mf_tanh16(int16_t x, int32_t multiplier, int32_t shift) {
  const int32_t v = mf_sigmoid16_scale(x, multiplier, shift);
  const uint32_t a = v < 0 ? (uint32_t)0 - (uint32_t)v : (uint32_t)v;
  const uint32_t k = a >> 8;
  int32_t r;
  if (k >= 255) {
    r = (int32_t)((uint32_t)0xFFFF << 8);
  } else {
    const uint32_t lo = mf_sigmoid16_table(k), hi = mf_sigmoid16_table(k + 1);
    r = (int32_t)((lo << 8) + (a & 0xFF) * (hi - lo));
  }
  /* 2 * sigmoid - 1, rounded to 15 bits (the arithmetic shift floors negative values) */
  r = v >= 0 ? r - (1 << 23) + (1 << 7) : -r + (1 << 23) + (1 << 7) - 1;
  return (int16_t)(r >> 8);
}

#endif /* MCUFORGE_INTERNAL_MF_SIGMOID16_H */
