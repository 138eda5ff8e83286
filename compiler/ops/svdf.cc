// SPDX-License-Identifier: Apache-2.0
// SVDF, integer path (TFLM micro's PrepareSvdf + EvalIntegerSvdfReference): int8 input/output, int8
// feature weights, int32 bias, and int16 or int8 time weights with a state of the same type. The state
// is a variable input that the kernel updates in place every invocation.
#include <cmath>

#include <fmt/format.h>

#include "mcuforge/mf_svdf.h"
#include "ops/call_writer.h"
#include "ops/op.h"
#include "ops/quant_util.h"

namespace mcuforge::ops {
namespace {

constexpr size_t kInput = 0, kFeature = 1, kTime = 2, kBias = 3, kState = 4;

class Svdf : public PreparedOp {
 public:
  Svdf(const mf_svdf_params& p, const mf_svdf_dims& d, bool state8) : p_(p), d_(d), state8_(state8) {}

  void run(const OpBuffers& b) const override {
    const auto* in = static_cast<const int8_t*>(b.inputs[kInput]);
    const auto* wf = static_cast<const int8_t*>(b.inputs[kFeature]);
    const auto* bias = static_cast<const int32_t*>(b.inputs.size() > kBias ? b.inputs[kBias] : nullptr);
    auto* out = static_cast<int8_t*>(b.outputs[0]);
    if (state8_) {
      check_status(mf_svdf_s8_state8(&p_, &d_, in, wf, static_cast<const int8_t*>(b.inputs[kTime]), bias,
                                     static_cast<int8_t*>(b.inputs[kState]), out, b.scratch),
                   "mf_svdf_s8_state8");
    } else {
      check_status(mf_svdf_s8(&p_, &d_, in, wf, static_cast<const int16_t*>(b.inputs[kTime]), bias,
                              static_cast<int16_t*>(b.inputs[kState]), out, b.scratch),
                   "mf_svdf_s8");
    }
  }
  size_t scratch_bytes() const override {
    return MF_SVDF_SCRATCH_BYTES(d_.batches, d_.num_filters, d_.num_filters / d_.rank);
  }
  std::string kernel_name() const override { return state8_ ? "mf_svdf_s8_state8" : "mf_svdf_s8"; }

  void emit(CallWriter& ctx) const override {
    const std::string params = ctx.constant(
        "mf_svdf_params", "params",
        fmt::format("{{{}, {}, {}, {}, {}}}", p_.input_offset, p_.state_zero_point, p_.output_zero_point,
                    CallWriter::requant(p_.feature_requant),
                    CallWriter::requant(p_.output_requant)));
    const std::string dims = ctx.constant(
        "mf_svdf_dims", "dims",
        fmt::format("{{{}, {}, {}, {}, {}}}", d_.batches, d_.input_size, d_.num_filters, d_.rank, d_.memory_size));
    ctx.call(kernel_name(), {"&" + params, "&" + dims, ctx.input(kInput), ctx.input(kFeature), ctx.input(kTime),
                             ctx.input(kBias), ctx.input(kState), ctx.output(0), ctx.scratch()});
  }

 private:
  mf_svdf_params p_;
  mf_svdf_dims d_;
  bool state8_;
};

const ir::Tensor& required(const ir::Graph& g, const ir::Op& op, size_t k, const char* what) {
  const ir::Tensor* t = g.op_input(op, k);
  if (!t) op_error(op, std::string("the ") + what + " (input " + std::to_string(k) + ") is missing");
  return *t;
}

void expect_rank2(const ir::Op& op, const ir::Tensor& t, const char* what) {
  if (t.rank() != 2) {
    op_error(op, std::string("the ") + what + " must have rank 2 but has shape " + ir::shape_to_string(t.shape));
  }
}

void expect_per_tensor(const ir::Op& op, const ir::Tensor& t, const char* what) {
  if (t.quant.empty()) op_error(op, std::string("the ") + what + " is not quantized", "quantize the whole model");
  if (t.quant.per_channel()) {
    op_error(op, std::string("the ") + what + " is quantized per channel, which TFLM's SVDF does not support",
             "quantize SVDF tensors per tensor");
  }
}

// QuantizeMultiplier of a scale ratio, with a shift the kernel's requantization can apply.
mf_requant checked_requant(const ir::Op& op, double m, const char* what) {
  const mf_requant r = quantize_multiplier(m);
  if (r.shift > 30 || r.shift < -31) {
    op_error(op, fmt::format("the {} scale ratio {} is out of range", what, m), "check the model's quantization");
  }
  return r;
}

}  // namespace

std::unique_ptr<PreparedOp> prepare_svdf(const ir::Graph& g, const ir::Op& op) {
  if (op.inputs.size() != 5 || op.outputs.size() != 1) {
    op_error(op, "expects 5 inputs (input, feature weights, time weights, bias, state) and 1 output");
  }
  const auto* opts = std::get_if<ir::SVDFOptions>(&op.options);
  if (!opts || opts->rank <= 0) op_error(op, "has no SVDF options or a rank <= 0");
  const ir::Tensor& in = required(g, op, kInput, "input");
  const ir::Tensor& wf = required(g, op, kFeature, "feature weights");
  const ir::Tensor& wt = required(g, op, kTime, "time weights");
  const ir::Tensor* bias = g.op_input(op, kBias);
  const ir::Tensor& state = required(g, op, kState, "activation state");
  const ir::Tensor& out = g.op_output(op, 0);

  if (in.dtype == ir::DType::kFloat32) {
    op_error(op, "float32 SVDF is not supported by mcuforge yet", "quantize the model to int8");
  }
  if (in.dtype != ir::DType::kInt8 || wf.dtype != ir::DType::kInt8 || out.dtype != ir::DType::kInt8) {
    op_error(op, "integer SVDF needs int8 input, feature weights and output (TFLM's only integer variant)");
  }
  const bool state8 = wt.dtype == ir::DType::kInt8;
  if ((wt.dtype != ir::DType::kInt16 && !state8) || state.dtype != wt.dtype) {
    op_error(op, fmt::format("time weights ({}) and activation state ({}) must both be int16 or both int8",
                             ir::dtype_name(wt.dtype), ir::dtype_name(state.dtype)));
  }
  if (bias && bias->dtype != ir::DType::kInt32) op_error(op, "the bias must be int32");
  if (!state.is_state()) {
    op_error(op, "the activation state (input 4) is not a variable tensor",
             "the SVDF state must be marked is_variable so it persists across invocations");
  }

  expect_rank2(op, in, "input");
  expect_rank2(op, wf, "feature weights");
  expect_rank2(op, wt, "time weights");
  expect_rank2(op, state, "activation state");
  expect_rank2(op, out, "output");
  const int32_t batches = in.dim(0), input_size = in.dim(1), filters = wf.dim(0), memory = wt.dim(1);
  const int32_t rank = opts->rank;
  if (batches <= 0 || input_size <= 0 || filters <= 0 || memory <= 0) op_error(op, "has an empty dimension");
  if (filters % rank != 0) op_error(op, fmt::format("{} filters are not a multiple of rank {}", filters, rank));
  const int32_t units = filters / rank;
  if (wf.dim(1) != input_size || wt.dim(0) != filters) {
    op_error(op, "weight shapes " + ir::shape_to_string(wf.shape) + " / " + ir::shape_to_string(wt.shape) +
                     " do not match the input " + ir::shape_to_string(in.shape));
  }
  if (bias && (bias->rank() != 1 || bias->dim(0) != units)) {
    op_error(op, fmt::format("the bias must have shape [{}] but has {}", units, ir::shape_to_string(bias->shape)));
  }
  if (state.dim(0) != batches || int64_t{state.dim(1)} != int64_t{memory} * filters) {
    op_error(op, fmt::format("the activation state must have shape [{}, {}] but has {}", batches,
                             int64_t{memory} * filters, ir::shape_to_string(state.shape)));
  }
  if (out.dim(0) != batches || out.dim(1) != units) {
    op_error(op, fmt::format("the output must have shape [{}, {}] but has {}", batches, units,
                             ir::shape_to_string(out.shape)));
  }

  expect_per_tensor(op, in, "input");
  expect_per_tensor(op, wf, "feature weights");
  expect_per_tensor(op, wt, "time weights");
  expect_per_tensor(op, state, "activation state");
  expect_per_tensor(op, out, "output");
  const float s_in = static_cast<float>(scale_of(in)), s_wf = static_cast<float>(scale_of(wf));
  const float s_wt = static_cast<float>(scale_of(wt)), s_state = static_cast<float>(scale_of(state));
  const float s_out = static_cast<float>(scale_of(out));
  // TFLM checks the bias scale against state * time scale (float product) with an absolute 1e-5.
  if (bias) {
    if (bias->quant.empty()) op_error(op, "the bias is not quantized");
    const float expected = s_state * s_wt;
    if (std::abs(static_cast<double>(bias->quant.scale[0]) - static_cast<double>(expected)) >= 1e-5) {
      op_error(op, fmt::format("bias scale {} differs from state scale x time-weight scale {}",
                               bias->quant.scale[0], expected),
               "requantize the bias with scale = state scale * time weight scale");
    }
  }

  mf_svdf_params p{};
  p.input_offset = -zero_point_of(in);
  p.state_zero_point = zero_point_of(state);
  p.output_zero_point = zero_point_of(out);
  // TFLM forms both ratios in float arithmetic and only then widens them to double.
  p.feature_requant = checked_requant(op, static_cast<double>(s_in * s_wf / s_state), "input-to-state");
  p.output_requant = checked_requant(op, static_cast<double>(s_state * s_wt / s_out), "state-to-output");
  if (static_cast<int64_t>(batches) * (int64_t{filters} + units) * 4 > (int64_t{1} << 31)) {
    op_error(op, "needs more scratch memory than mcuforge supports");
  }
  const mf_svdf_dims d{batches, input_size, filters, rank, memory};
  return std::make_unique<Svdf>(p, d, state8);
}

}  // namespace mcuforge::ops
