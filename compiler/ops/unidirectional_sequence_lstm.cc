// SPDX-License-Identifier: Apache-2.0
// UNIDIRECTIONAL_SEQUENCE_LSTM as TFLM micro prepares it (UnidirectionalSequenceLstmPrepare): only the
// standard cell (all four gates, no CIFG, peephole, projection or layer norm, which TFLM rejects too),
// float32 or int8 activations with an int16 cell state. The integer gates use TFLM's fixed
// intermediate scales: FC outputs in Q3.12 (2^-12), sigmoid/tanh outputs in Q0.15 (2^-15), and a
// power-of-two cell scale. Hidden and cell state are variable inputs updated in place.
#include <cmath>

#include <fmt/format.h>

#include "c99/c_literals.h"
#include "mcuforge/mf_lstm.h"
#include "ops/call_writer.h"
#include "ops/op.h"
#include "ops/quant_util.h"

namespace mcuforge::ops {
namespace {

// TFLite's LSTM input slots.
constexpr size_t kInput = 0, kInputWeights = 1, kRecurrentWeights = 5, kPeephole = 9, kBias = 12,
                 kProjection = 16, kHiddenState = 18, kCellState = 19, kLayerNorm = 20, kNumInputs = 24;
// Our gate order (input, forget, cell, output) is TFLite's slot order within each group.
constexpr double kGateInputScale = 1.0 / 4096.0;  // Q3.12
constexpr double kGateOutputScale = 1.0 / 32768.0;  // Q0.15

class LstmBase : public PreparedOp {
 public:
  LstmBase(const mf_lstm_dims& d, size_t cell_bytes) : d_(d), cell_bytes_(cell_bytes) {}
  size_t scratch_bytes() const override {
    return MF_LSTM_SCRATCH_BYTES(d_.batches, d_.time_major, d_.state_size, cell_bytes_);
  }

 protected:
  std::string dims_constant(CallWriter& ctx) const {
    return ctx.constant("mf_lstm_dims", "dims",
                        fmt::format("{{{}, {}, {}, {}, {}}}", d_.batches, d_.time_steps, d_.input_size,
                                    d_.state_size, d_.time_major));
  }
  // C99 compound literal with the 12 weight and bias pointers, in the struct's order.
  static std::string weights_literal(CallWriter& ctx, const char* type) {
    auto group = [&](size_t first) {
      return fmt::format("{{{}, {}, {}, {}}}", ctx.input(first), ctx.input(first + 1), ctx.input(first + 2),
                         ctx.input(first + 3));
    };
    return fmt::format("&(const {}){{{}, {}, {}}}", type, group(kInputWeights), group(kRecurrentWeights),
                       group(kBias));
  }
  template <typename T, typename W>
  static W weights(const OpBuffers& b) {
    W w{};
    for (size_t g = 0; g < 4; ++g) {
      w.input_weights[g] = static_cast<const T*>(b.inputs[kInputWeights + g]);
      w.recurrent_weights[g] = static_cast<const T*>(b.inputs[kRecurrentWeights + g]);
    }
    return w;
  }

  mf_lstm_dims d_;
  size_t cell_bytes_;
};

class LstmS8 : public LstmBase {
 public:
  LstmS8(const mf_lstm_s8_params& p, const mf_lstm_dims& d) : LstmBase(d, 2), p_(p) {}
  void run(const OpBuffers& b) const override {
    auto w = weights<int8_t, mf_lstm_s8_weights>(b);
    for (size_t g = 0; g < 4; ++g) w.bias[g] = static_cast<const int32_t*>(b.inputs[kBias + g]);
    check_status(mf_lstm_s8(&p_, &d_, static_cast<const int8_t*>(b.inputs[kInput]), &w,
                            static_cast<int8_t*>(b.inputs[kHiddenState]),
                            static_cast<int16_t*>(b.inputs[kCellState]), static_cast<int8_t*>(b.outputs[0]),
                            b.scratch),
                 "mf_lstm_s8");
  }
  std::string kernel_name() const override { return "mf_lstm_s8"; }
  void emit(CallWriter& ctx) const override {
    auto four = [](const mf_requant* r) {
      return fmt::format("{{{}, {}, {}, {}}}", CallWriter::requant(r[0]), CallWriter::requant(r[1]),
                         CallWriter::requant(r[2]), CallWriter::requant(r[3]));
    };
    const std::string params = ctx.constant(
        "mf_lstm_s8_params", "params",
        fmt::format("{{{}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {}}}", four(p_.input_requant),
                    four(p_.recurrent_requant), p_.input_offset, p_.hidden_offset, p_.hidden_zero_point,
                    CallWriter::requant(p_.forget_cell_requant), CallWriter::requant(p_.input_cell_requant),
                    CallWriter::requant(p_.hidden_requant), p_.cell_clip, p_.cell_tanh_multiplier,
                    p_.cell_tanh_shift));
    ctx.call("mf_lstm_s8", {"&" + params, "&" + dims_constant(ctx), ctx.input(kInput),
                            weights_literal(ctx, "mf_lstm_s8_weights"), ctx.input(kHiddenState),
                            ctx.input(kCellState), ctx.output(0), ctx.scratch()});
  }

 private:
  mf_lstm_s8_params p_;
};

class LstmF32 : public LstmBase {
 public:
  LstmF32(const mf_lstm_f32_params& p, const mf_lstm_dims& d) : LstmBase(d, 4), p_(p) {}
  void run(const OpBuffers& b) const override {
    auto w = weights<float, mf_lstm_f32_weights>(b);
    for (size_t g = 0; g < 4; ++g) w.bias[g] = static_cast<const float*>(b.inputs[kBias + g]);
    check_status(mf_lstm_f32(&p_, &d_, static_cast<const float*>(b.inputs[kInput]), &w,
                             static_cast<float*>(b.inputs[kHiddenState]), static_cast<float*>(b.inputs[kCellState]),
                             static_cast<float*>(b.outputs[0]), b.scratch),
                 "mf_lstm_f32");
  }
  std::string kernel_name() const override { return "mf_lstm_f32"; }
  void emit(CallWriter& ctx) const override {
    const std::string params =
        ctx.constant("mf_lstm_f32_params", "params", "{" + c99::float_literal(p_.cell_clip) + "}");
    ctx.call("mf_lstm_f32", {"&" + params, "&" + dims_constant(ctx), ctx.input(kInput),
                             weights_literal(ctx, "mf_lstm_f32_weights"), ctx.input(kHiddenState),
                             ctx.input(kCellState), ctx.output(0), ctx.scratch()});
  }

 private:
  mf_lstm_f32_params p_;
};

// Shapes, presence and types shared by both paths; returns the dims.
mf_lstm_dims check_structure(const ir::Graph& g, const ir::Op& op, const ir::SequenceLSTMOptions& o) {
  auto missing = [&](size_t k, const char* what) {
    op_error(op, fmt::format("the {} (input {}) is missing", what, k),
             "TFLM's LSTM needs all four gates (no CIFG): export the layer as a standard Keras LSTM");
  };
  for (size_t k : {kInput, kHiddenState, kCellState}) {
    if (!g.op_input(op, k)) missing(k, k == kInput ? "input" : k == kHiddenState ? "hidden state" : "cell state");
  }
  for (size_t k = kInputWeights; k < kPeephole; ++k) {
    if (!g.op_input(op, k)) missing(k, k < kRecurrentWeights ? "input weights" : "recurrent weights");
  }
  for (size_t k = kBias; k < kBias + 4; ++k) {
    if (!g.op_input(op, k)) missing(k, "gate bias");
  }
  auto reject = [&](size_t first, size_t last, const char* variant) {
    for (size_t k = first; k < last; ++k) {
      if (g.op_input(op, k)) {
        op_error(op, fmt::format("uses {} (input {}), which TFLM's LSTM does not support", variant, k),
                 "export a standard LSTM without this variant");
      }
    }
  };
  reject(kPeephole, kBias, "peephole connections");
  reject(kProjection, kHiddenState, "a projection layer");
  reject(kLayerNorm, kNumInputs, "layer normalization");

  const ir::Tensor& in = *g.op_input(op, kInput);
  const ir::Tensor& h = *g.op_input(op, kHiddenState);
  const ir::Tensor& c = *g.op_input(op, kCellState);
  const ir::Tensor& out = g.op_output(op, 0);
  if (!h.is_state() || !c.is_state()) {
    op_error(op, "the hidden and cell state (inputs 18, 19) must be variable tensors",
             "mark the LSTM state tensors is_variable so they persist across invocations");
  }
  if (h.dtype != in.dtype || out.dtype != in.dtype) {
    op_error(op, "input, hidden state and output must have the same type");
  }
  const ir::DType wt = g.op_input(op, kInputWeights)->dtype, bt = g.op_input(op, kBias)->dtype;
  for (size_t k = kInputWeights; k < kPeephole; ++k) {
    if (g.op_input(op, k)->dtype != wt) op_error(op, "the eight weight tensors have different types");
  }
  for (size_t k = kBias; k < kBias + 4; ++k) {
    if (g.op_input(op, k)->dtype != bt) op_error(op, "the four bias tensors have different types");
  }

  if (in.rank() != 3) op_error(op, "the input must have rank 3 but has shape " + ir::shape_to_string(in.shape));
  if (h.rank() != 2) op_error(op, "the hidden state must have rank 2 but has shape " + ir::shape_to_string(h.shape));
  mf_lstm_dims d{};
  d.time_major = o.time_major ? 1 : 0;
  d.batches = o.time_major ? in.dim(1) : in.dim(0);
  d.time_steps = o.time_major ? in.dim(0) : in.dim(1);
  d.input_size = in.dim(2);
  d.state_size = h.dim(1);
  if (d.batches <= 0 || d.time_steps <= 0 || d.input_size <= 0 || d.state_size <= 0) {
    op_error(op, "has an empty dimension: input " + ir::shape_to_string(in.shape) + ", hidden state " +
                     ir::shape_to_string(h.shape));
  }
  for (size_t k = kInputWeights; k < kPeephole; ++k) {
    const ir::Tensor& w = *g.op_input(op, k);
    const int32_t cols = k < kRecurrentWeights ? d.input_size : d.state_size;
    if (w.rank() != 2 || w.dim(0) != d.state_size || w.dim(1) != cols) {
      op_error(op, fmt::format("weights (input {}) must have shape [{}, {}] but have {}", k, d.state_size, cols,
                               ir::shape_to_string(w.shape)));
    }
  }
  for (size_t k = kBias; k < kBias + 4; ++k) {
    const ir::Tensor& b = *g.op_input(op, k);
    if (b.rank() != 1 || b.dim(0) != d.state_size) {
      op_error(op, fmt::format("bias (input {}) must have shape [{}] but has {}", k, d.state_size,
                               ir::shape_to_string(b.shape)));
    }
  }
  const int64_t state_elems = int64_t{d.batches} * d.state_size;
  if (h.num_elements() != state_elems || c.num_elements() != state_elems) {
    op_error(op, fmt::format("hidden and cell state must hold batches x state = {} elements", state_elems));
  }
  if (out.rank() != 3 || out.dim(0) != in.dim(0) || out.dim(1) != in.dim(1) || out.dim(2) != d.state_size) {
    op_error(op, "the output shape " + ir::shape_to_string(out.shape) + " does not match input " +
                     ir::shape_to_string(in.shape) + " and state size " + std::to_string(d.state_size));
  }
  const int64_t seq = int64_t{d.batches} * d.time_steps;
  if (seq * std::max(d.input_size, d.state_size) > INT32_MAX ||
      int64_t{d.state_size} * std::max(d.input_size, d.state_size) > INT32_MAX) {
    op_error(op, "is too large for mcuforge's 32-bit indexing");
  }
  return d;
}

void expect_per_tensor(const ir::Op& op, const ir::Tensor& t, size_t k) {
  if (t.quant.empty()) op_error(op, fmt::format("input {} is not quantized", k), "quantize the whole model");
  if (t.quant.per_channel()) {
    op_error(op, fmt::format("input {} is quantized per channel, which TFLM's LSTM does not support", k),
             "quantize the LSTM weights per tensor");
  }
}

mf_requant checked_requant(const ir::Op& op, double m, const std::string& what) {
  const mf_requant r = quantize_multiplier(m);
  if (r.shift > 30 || r.shift < -31) {
    op_error(op, fmt::format("the {} scale ratio {} is out of range", what, m), "check the model's quantization");
  }
  return r;
}

std::unique_ptr<PreparedOp> prepare_int8(const ir::Graph& g, const ir::Op& op, const ir::SequenceLSTMOptions& o,
                                         const mf_lstm_dims& d) {
  const ir::Tensor& in = *g.op_input(op, kInput);
  const ir::Tensor& h = *g.op_input(op, kHiddenState);
  const ir::Tensor& c = *g.op_input(op, kCellState);
  if (in.dtype != ir::DType::kInt8) {
    op_error(op, fmt::format("{} activations with an int16 cell state are not supported yet",
                             ir::dtype_name(in.dtype)),
             "use int8 activations (16x8 LSTMs are not implemented)");
  }
  if (g.op_input(op, kInputWeights)->dtype != ir::DType::kInt8 || g.op_input(op, kBias)->dtype != ir::DType::kInt32) {
    op_error(op, "an int8 LSTM needs int8 weights and int32 biases");
  }
  expect_per_tensor(op, in, kInput);
  expect_per_tensor(op, h, kHiddenState);
  expect_per_tensor(op, c, kCellState);
  expect_per_tensor(op, g.op_output(op, 0), kNumInputs);
  if (zero_point_of(c) != 0) op_error(op, "the cell state must have zero point 0");

  // TFLM rounds log2 of the cell scale; the int16 tanh is only right for a power of two.
  const double log2_cell = std::log2(scale_of(c));
  const double p_rounded = std::round(log2_cell);
  if (std::abs(log2_cell - p_rounded) >= 1e-3) {
    op_error(op, fmt::format("the cell state scale {} is not a power of two", scale_of(c)),
             "TFLM's integer LSTM needs a power-of-two cell scale; re-quantize with the TFLite converter");
  }
  const int cell_power = static_cast<int>(p_rounded);
  if (cell_power < -30 || cell_power > 2) {
    op_error(op, fmt::format("the cell state scale 2^{} is outside 2^-30 .. 2^2", cell_power));
  }

  mf_lstm_s8_params p{};
  const double s_x = scale_of(in), s_h = scale_of(h), s_c = static_cast<float>(scale_of(c));
  for (size_t gate = 0; gate < 4; ++gate) {
    const ir::Tensor& w = *g.op_input(op, kInputWeights + gate);
    const ir::Tensor& r = *g.op_input(op, kRecurrentWeights + gate);
    expect_per_tensor(op, w, kInputWeights + gate);
    expect_per_tensor(op, r, kRecurrentWeights + gate);
    if (zero_point_of(w) != 0 || zero_point_of(r) != 0) {
      op_error(op, "LSTM weights must be symmetric (zero point 0)", "quantize weights symmetrically");
    }
    p.input_requant[gate] = checked_requant(op, s_x * scale_of(w) / kGateInputScale, "input-to-gate");
    p.recurrent_requant[gate] = checked_requant(op, s_h * scale_of(r) / kGateInputScale, "recurrent-to-gate");
  }
  p.input_offset = -zero_point_of(in);
  p.hidden_offset = -zero_point_of(h);
  p.hidden_zero_point = zero_point_of(h);
  p.forget_cell_requant = checked_requant(op, kGateOutputScale * s_c / s_c, "forget-gate-to-cell");
  p.input_cell_requant = checked_requant(op, kGateOutputScale * kGateOutputScale / s_c, "input-gate-to-cell");
  p.hidden_requant = checked_requant(op, kGateOutputScale * kGateOutputScale / s_h, "cell-to-hidden");
  // Truncating conversion, as TFLM's static_cast<int16_t>; TFLM clips whenever the float clip is > 0,
  // even if the quantized bound truncates to 0.
  p.cell_clip = o.cell_clip > 0.0f
                    ? static_cast<int16_t>(std::min(std::max(double{o.cell_clip} / s_c, -32768.0), 32767.0))
                    : -1;
  const int tanh_shift = 15 + cell_power - 3;
  p.cell_tanh_multiplier = tanh_shift < 0 ? 3 : 0;
  p.cell_tanh_shift = tanh_shift < 0 ? -tanh_shift : tanh_shift;
  return std::make_unique<LstmS8>(p, d);
}

}  // namespace

std::unique_ptr<PreparedOp> prepare_unidirectional_sequence_lstm(const ir::Graph& g, const ir::Op& op) {
  if (op.inputs.size() != kNumInputs || op.outputs.size() != 1) {
    op_error(op, fmt::format("expects {} inputs and 1 output but has {} and {}", kNumInputs, op.inputs.size(),
                             op.outputs.size()));
  }
  const auto* o = std::get_if<ir::SequenceLSTMOptions>(&op.options);
  if (!o) op_error(op, "has no UnidirectionalSequenceLSTM options");
  if (o->activation != ir::Activation::kTanh) {
    op_error(op, "only tanh is supported as the cell activation (TFLM supports tanh or sigmoid)",
             "use the default tanh activation in the LSTM layer");
  }
  if (!(o->cell_clip >= 0.0f)) op_error(op, "has a negative cell clip");
  if (o->diagonal_recurrent_tensors) op_error(op, "uses diagonal recurrent weights, which TFLM does not support");
  const mf_lstm_dims d = check_structure(g, op, *o);

  const ir::Tensor& c = *g.op_input(op, kCellState);
  if (c.dtype == ir::DType::kInt16) return prepare_int8(g, op, *o, d);
  if (c.dtype != ir::DType::kFloat32) {
    op_error(op, fmt::format("cell state type {} is not supported", ir::dtype_name(c.dtype)),
             "TFLM's LSTM needs an int16 (quantized) or float32 cell state");
  }
  const ir::Tensor& in = *g.op_input(op, kInput);
  if (in.dtype != ir::DType::kFloat32 || g.op_input(op, kInputWeights)->dtype != ir::DType::kFloat32 ||
      g.op_input(op, kBias)->dtype != ir::DType::kFloat32) {
    op_error(op, "a float32 cell state needs float32 input, weights and biases",
             "hybrid (float activations, int8 weights) LSTMs are not supported by TFLM");
  }
  return std::make_unique<LstmF32>(mf_lstm_f32_params{o->cell_clip}, d);
}

}  // namespace mcuforge::ops
