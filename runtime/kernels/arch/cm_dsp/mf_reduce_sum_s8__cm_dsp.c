/* SPDX-License-Identifier: Apache-2.0 */
/* mf_reduce_sum_s8 for cores with the DSP extension. Two block forms get SIMD sums, the rest takes
 * the reference path (same output, bit for bit: integer sums do not depend on the order):
 *  - global average pooling, a block of [rows reduced, channels kept]: four channels at a time, down
 *    the rows, with SXTAB16 adding bytes 0/2 and 1/3 into 16-bit lanes;
 *  - one reduced run (MEAN / SUM over trailing axes): four bytes per word the same way.
 * A 16-bit lane holds the exact sum of up to 256 int8 values (-32768..32512), so lanes are moved into
 * the int32 sums every 256 words. Outputs are written after their whole block is read, as in the
 * reference, so the output may overlap the input. */
#include "mcuforge/mf_reduce.h"

#include "mf_dsp.h"
#include "mf_reduce_sum_s8_block.h"

#define LANE_WORDS 256

/* The signed 16-bit lanes of a SXTAB16 accumulator. */
static int32_t lane_lo(int32_t v) { return (int32_t)(int16_t)(uint16_t)((uint32_t)v & 0xFFFFu); }
static int32_t lane_hi(int32_t v) { return (int32_t)(int16_t)(uint16_t)((uint32_t)v >> 16); }

/* Channels c..c+3 summed down `rows` rows `stride` bytes apart, added to acc[0..3]. */
static void column_sums4(const int8_t* x, int32_t rows, int32_t stride, uint32_t* acc) {
  uint32_t s0 = 0, s1 = 0, s2 = 0, s3 = 0;
  while (rows > 0) {
    const int32_t n = rows < LANE_WORDS ? rows : LANE_WORDS;
    int32_t even = 0, odd = 0, k;
    for (k = 0; k < n; ++k, x += stride) {
      const int32_t w = mf_read_s8x4(x);
      even = mf_sxtab16(even, w);
      odd = mf_sxtab16_ror8(odd, w);
    }
    s0 += (uint32_t)lane_lo(even);
    s1 += (uint32_t)lane_lo(odd);
    s2 += (uint32_t)lane_hi(even);
    s3 += (uint32_t)lane_hi(odd);
    rows -= n;
  }
  acc[0] = s0;
  acc[1] = s1;
  acc[2] = s2;
  acc[3] = s3;
}

static void gap_block(const int8_t* x, int32_t rows, int32_t channels, uint32_t* acc) {
  int32_t c = 0, r;
  for (; c + 4 <= channels; c += 4) column_sums4(x + c, rows, channels, acc + c);
  for (; c < channels; ++c) {
    uint32_t s = 0;
    const int8_t* p = x + c;
    for (r = 0; r < rows; ++r, p += channels) s += (uint32_t)(int32_t)*p;
    acc[c] = s;
  }
}

static uint32_t row_sum(const int8_t* x, int32_t n) {
  uint32_t s = 0;
  while (n >= 4) {
    const int32_t words = n / 4 < LANE_WORDS ? n / 4 : LANE_WORDS;
    int32_t even = 0, odd = 0, k;
    for (k = 0; k < words; ++k, x += 4) {
      const int32_t w = mf_read_s8x4(x);
      even = mf_sxtab16(even, w);
      odd = mf_sxtab16_ror8(odd, w);
    }
    s += (uint32_t)(lane_lo(even) + lane_hi(even) + lane_lo(odd) + lane_hi(odd));
    n -= 4 * words;
  }
  for (; n > 0; --n) s += (uint32_t)(int32_t)*x++;
  return s;
}

mf_status mf_reduce_sum_s8__cm_dsp(const mf_reduce_sum_q_params* p, const int8_t* input, int8_t* output,
                                   int32_t* scratch) {
  const mf_reduce_shape* s;
  uint32_t single;
  uint32_t* acc;
  int32_t b;
  MF_REQUIRE(p != 0 && input != 0 && output != 0);
  s = &p->shape;
  MF_REQUIRE(mf_reduce_shape_ok(s) && mf_reduce_requant_ok(&p->requant));
  MF_REQUIRE(s->block_out == 1 || scratch != 0);
  acc = s->block_out == 1 ? &single : (uint32_t*)scratch;
  for (b = 0; b < s->outer; ++b) {
    const int8_t* x = input + (int64_t)b * s->block_in;
    if (s->runs == 2) {
      gap_block(x, s->dims[0], s->dims[1], acc);
    } else if (s->runs == 1) {
      single = row_sum(x, s->dims[0]);
    } else {
      mf_reduce_sum_block_s8(s, x, acc);
    }
    mf_reduce_finish_s8(p, acc, output + (int64_t)b * s->block_out);
  }
  return MF_STATUS_OK;
}
