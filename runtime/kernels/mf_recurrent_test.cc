// SPDX-License-Identifier: Apache-2.0
// Unit tests for the recurrent kernels (SVDF, LSTM) and the int16 sigmoid/tanh they use: the real-valued
// meaning of the LUT functions, that time-major and batch-major LSTM layouts walk the same recurrence,
// TFLM's wrapping int8 SVDF state update, and precondition checks. Bit-exactness with TFLM is covered
// by the per-layer and whole-model golden tests.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <random>
#include <vector>

#include "mcuforge/mf_lstm.h"
#include "mcuforge/mf_svdf.h"
#include "mf_sigmoid16.h"

namespace {

TEST(Sigmoid16, TracksRealFunctions) {
  int16_t prev_s = 0, prev_t = -32768;
  for (int32_t x = -32768; x <= 32767; x += 7) {
    const double real = x / 4096.0;  // Q3.12, as the LSTM gates feed it
    const int16_t s = mf_logistic16(static_cast<int16_t>(x), 0, 0);
    const int16_t t = mf_tanh16(static_cast<int16_t>(x), 0, 0);
    EXPECT_NEAR(s / 32768.0, 1.0 / (1.0 + std::exp(-real)), 2e-4) << x;
    EXPECT_NEAR(t / 32768.0, std::tanh(real), 4e-4) << x;
    EXPECT_GE(s, prev_s);
    EXPECT_GE(t, prev_t);
    prev_s = s;
    prev_t = t;
  }
  EXPECT_EQ(mf_logistic16(0, 0, 0), 16384);
  EXPECT_EQ(mf_tanh16(0, 0, 0), 0);
}

TEST(Sigmoid16, TanhOfCellStatesAtOtherScales) {
  // The LSTM prepares (multiplier, shift) from the cell scale 2^p: left shift 15 + p - 3 >= 0 gives
  // (0, shift) (= x * (3 << shift)), a negative one gives (3, -shift) (= (3x + round) >> -shift).
  struct Case {
    int p;
    int32_t multiplier, shift;
  };
  for (const Case c : {Case{-11, 0, 1}, Case{-12, 0, 0}, Case{-14, 3, 2}, Case{-9, 0, 3}}) {
    for (int32_t x = -32768; x <= 32767; x += 11) {
      const double real = std::ldexp(static_cast<double>(x), c.p);
      EXPECT_NEAR(mf_tanh16(static_cast<int16_t>(x), c.multiplier, c.shift) / 32768.0, std::tanh(real), 4e-4)
          << "p " << c.p << " x " << x;
    }
  }
}

// A small random LSTM, run batch-major on [B, T, I] and time-major on the transposed [T, B, I].
struct LstmCase {
  static constexpr int B = 2, T = 3, I = 5, S = 4;
  std::vector<int8_t> w[8];
  std::vector<int32_t> bias[4];
  mf_lstm_s8_params p{};
  std::vector<int8_t> x;  // batch-major

  LstmCase() {
    std::mt19937 rng(7);
    std::uniform_int_distribution<int> i8(-128, 127), b32(-3000, 3000);
    for (int k = 0; k < 8; ++k) {
      w[k].resize(static_cast<size_t>(S * (k < 4 ? I : S)));
      for (auto& v : w[k]) v = static_cast<int8_t>(i8(rng));
    }
    for (auto& b : bias) {
      b.resize(S);
      for (auto& v : b) v = b32(rng);
    }
    x.resize(B * T * I);
    for (auto& v : x) v = static_cast<int8_t>(i8(rng));
    for (int g = 0; g < 4; ++g) {
      p.input_requant[g] = {1518500250, -2};
      p.recurrent_requant[g] = {1518500250, -3};
    }
    p.input_offset = 5;
    p.hidden_offset = 3;
    p.hidden_zero_point = -3;
    p.forget_cell_requant = {1 << 30, -14};    // 2^-15
    p.input_cell_requant = {1 << 30, -18};     // 2^-30 / 2^-11
    p.hidden_requant = {1518500250, -22};
    p.cell_clip = 20000;
    p.cell_tanh_multiplier = 0;
    p.cell_tanh_shift = 1;  // cell scale 2^-11
  }
  mf_lstm_s8_weights weights() const {
    mf_lstm_s8_weights ws{};
    for (int g = 0; g < 4; ++g) {
      ws.input_weights[g] = w[g].data();
      ws.recurrent_weights[g] = w[4 + g].data();
      ws.bias[g] = bias[g].data();
    }
    return ws;
  }
};

TEST(LstmS8, TimeMajorEqualsBatchMajor) {
  LstmCase c;
  const mf_lstm_s8_weights ws = c.weights();
  constexpr int B = LstmCase::B, T = LstmCase::T, I = LstmCase::I, S = LstmCase::S;
  std::vector<int16_t> scratch(MF_LSTM_SCRATCH_BYTES(B, 1, S, 2) / 2);

  mf_lstm_dims bm{B, T, I, S, 0};
  std::vector<int8_t> h1(B * S, -3), out1(B * T * S);
  std::vector<int16_t> c1(B * S, 0);
  ASSERT_EQ(mf_lstm_s8(&c.p, &bm, c.x.data(), &ws, h1.data(), c1.data(), out1.data(), scratch.data()),
            MF_STATUS_OK);

  std::vector<int8_t> xt(c.x.size());
  for (int b = 0; b < B; ++b)
    for (int t = 0; t < T; ++t)
      for (int i = 0; i < I; ++i) xt[(t * B + b) * I + i] = c.x[(b * T + t) * I + i];
  mf_lstm_dims tm{B, T, I, S, 1};
  std::vector<int8_t> h2(B * S, -3), out2(B * T * S);
  std::vector<int16_t> c2(B * S, 0);
  ASSERT_EQ(mf_lstm_s8(&c.p, &tm, xt.data(), &ws, h2.data(), c2.data(), out2.data(), scratch.data()),
            MF_STATUS_OK);

  EXPECT_EQ(h1, h2);
  EXPECT_EQ(c1, c2);
  for (int b = 0; b < B; ++b)
    for (int t = 0; t < T; ++t)
      for (int s = 0; s < S; ++s) {
        EXPECT_EQ(out1[(b * T + t) * S + s], out2[(t * B + b) * S + s]) << b << " " << t << " " << s;
      }
  // The last output row of each batch is its final hidden state.
  for (int b = 0; b < B; ++b)
    for (int s = 0; s < S; ++s) EXPECT_EQ(out1[(b * T + T - 1) * S + s], h1[b * S + s]);
  for (int16_t v : c1) EXPECT_LE(std::abs(v), 20000);
}

TEST(LstmS8, RejectsBadParameters) {
  LstmCase c;
  const mf_lstm_s8_weights ws = c.weights();
  std::vector<int16_t> scratch(64);
  std::vector<int8_t> h(8), out(24);
  std::vector<int16_t> cell(8);
  mf_lstm_dims d{2, 3, 5, 4, 0};
  c.p.cell_tanh_shift = 15;  // 3 << 15 would overflow the int32 input scaling
  EXPECT_EQ(mf_lstm_s8(&c.p, &d, c.x.data(), &ws, h.data(), cell.data(), out.data(), scratch.data()),
            MF_STATUS_BAD_PARAM);
  c.p.cell_tanh_shift = 1;
  d.time_major = 2;
  EXPECT_EQ(mf_lstm_s8(&c.p, &d, c.x.data(), &ws, h.data(), cell.data(), out.data(), scratch.data()),
            MF_STATUS_BAD_PARAM);
  d.time_major = 0;
  d.state_size = 0;
  EXPECT_EQ(mf_lstm_s8(&c.p, &d, c.x.data(), &ws, h.data(), cell.data(), out.data(), scratch.data()),
            MF_STATUS_BAD_PARAM);
}

TEST(LstmF32, TimeMajorEqualsBatchMajorAndClips) {
  constexpr int B = 2, T = 2, I = 3, S = 2;
  std::mt19937 rng(3);
  std::uniform_real_distribution<float> u(-2.0f, 2.0f);
  std::vector<float> w[8], bias[4], x(B * T * I);
  mf_lstm_f32_weights ws{};
  for (int k = 0; k < 8; ++k) {
    w[k].resize(static_cast<size_t>(S * (k < 4 ? I : S)));
    for (auto& v : w[k]) v = u(rng);
    (k < 4 ? ws.input_weights[k] : ws.recurrent_weights[k - 4]) = w[k].data();
  }
  for (int g = 0; g < 4; ++g) {
    bias[g] = {u(rng), u(rng)};
    ws.bias[g] = bias[g].data();
  }
  for (auto& v : x) v = u(rng);
  const mf_lstm_f32_params p{0.5f};
  std::vector<float> scratch(MF_LSTM_SCRATCH_BYTES(B, 1, S, 4) / 4);
  mf_lstm_dims bm{B, T, I, S, 0}, tm{B, T, I, S, 1};
  std::vector<float> h1(B * S), c1(B * S), o1(B * T * S), h2(B * S), c2(B * S), o2(B * T * S), xt(x.size());
  for (int b = 0; b < B; ++b)
    for (int t = 0; t < T; ++t)
      for (int i = 0; i < I; ++i) xt[(t * B + b) * I + i] = x[(b * T + t) * I + i];
  ASSERT_EQ(mf_lstm_f32(&p, &bm, x.data(), &ws, h1.data(), c1.data(), o1.data(), scratch.data()), MF_STATUS_OK);
  ASSERT_EQ(mf_lstm_f32(&p, &tm, xt.data(), &ws, h2.data(), c2.data(), o2.data(), scratch.data()), MF_STATUS_OK);
  EXPECT_EQ(h1, h2);
  EXPECT_EQ(c1, c2);
  for (float v : c1) EXPECT_LE(std::fabs(v), 0.5f);
}

TEST(SvdfS8State8, StateWrapsLikeTflm) {
  // One filter, memory 2: the new state value is clamp(127 * 127 * 1.0) = 127, plus zero point 100,
  // narrowed to int8: 227 wraps to -29 (TFLM clamps before adding the zero point).
  const mf_svdf_dims d{1, 1, 1, 1, 2};
  mf_svdf_params p{};
  p.state_zero_point = 100;
  p.feature_requant = {1 << 30, 1};  // 1.0
  p.output_requant = {1 << 30, 0};   // 0.5
  const int8_t x = 127, wf = 127, wt[2] = {1, 1};
  const int32_t bias = 0;
  int8_t state[2] = {100, 7}, out = 0;
  int32_t scratch[2];
  ASSERT_EQ(mf_svdf_s8_state8(&p, &d, &x, &wf, wt, &bias, state, &out, scratch), MF_STATUS_OK);
  EXPECT_EQ(state[0], 7);    // shifted one step
  EXPECT_EQ(state[1], -29);  // wrapped
  EXPECT_EQ(out, ((7 - 100) + (-29 - 100)) / 2);
}

TEST(SvdfS8, ReducesRankAndRejectsBadDims) {
  // Two filters of rank 2 form one unit; memory 1, so each filter contributes its newest value.
  const mf_svdf_dims d{1, 2, 2, 2, 1};
  mf_svdf_params p{};
  p.feature_requant = {1 << 30, 1};
  p.output_requant = {1 << 30, -1};  // 0.25
  const int8_t x[2] = {3, -1}, wf[4] = {2, 1, 1, 4};
  const int16_t wt[2] = {2, 3};
  const int32_t bias = 8;
  int16_t state[2] = {};
  int8_t out = 0;
  int32_t scratch[3];
  ASSERT_EQ(mf_svdf_s8(&p, &d, x, wf, wt, &bias, state, &out, scratch), MF_STATUS_OK);
  EXPECT_EQ(state[0], 5);   // 2*3 + 1*-1
  EXPECT_EQ(state[1], -1);  // 1*3 + 4*-1
  EXPECT_EQ(out, 4);        // (8 + 2*5 + 3*-1) / 4 = 3.75, rounded
  const mf_svdf_dims bad{1, 2, 3, 2, 1};  // 3 filters are not a multiple of rank 2
  EXPECT_EQ(mf_svdf_s8(&p, &bad, x, wf, wt, &bias, state, &out, scratch), MF_STATUS_BAD_PARAM);
}

}  // namespace
