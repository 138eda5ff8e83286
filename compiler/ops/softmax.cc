// SPDX-License-Identifier: Apache-2.0
// SOFTMAX over the last dimension: int8 -> int8 / int16 (gemmlowp fixed-point exp), int16 -> int16
// (interpolated exp and 1/(1+x) LUTs built here with TFLM's float math) and float32
// (tflm-arithmetic.md section 9).
#include <fmt/format.h>

#include <cmath>
#include <limits>
#include <variant>
#include <vector>

#include "c99/c_literals.h"
#include "mcuforge/mf_softmax.h"
#include "ops/call_writer.h"
#include "ops/conv_util.h"
#include "ops/elementwise_util.h"
#include "ops/lut_util.h"
#include "ops/op.h"
#include "ops/quant_util.h"

namespace mcuforge::ops {
namespace {

enum class SoftmaxKind { kS8, kS8S16, kS16, kF32 };

class Softmax : public PreparedOp {
 public:
  Softmax(SoftmaxKind kind, const mf_softmax_s8_params& s8, const mf_softmax_f32_params& f32)
      : kind_(kind), s8_(s8), f32_(f32) {}
  Softmax(const mf_softmax_s16_params& s16, std::vector<int16_t> exp_lut, std::vector<int16_t> recip_lut)
      : kind_(SoftmaxKind::kS16), s16_(s16), exp_lut_(std::move(exp_lut)), recip_lut_(std::move(recip_lut)) {
    s16_.exp_lut = exp_lut_.data();
    s16_.one_over_one_plus_x_lut = recip_lut_.data();
  }
  void run(const OpBuffers& b) const override {
    switch (kind_) {
      case SoftmaxKind::kS8:
        check_status(mf_softmax_s8(&s8_, static_cast<const int8_t*>(b.inputs[0]),
                                   static_cast<int8_t*>(b.outputs[0])), "mf_softmax_s8");
        break;
      case SoftmaxKind::kS8S16:
        check_status(mf_softmax_s8_s16(&s8_, static_cast<const int8_t*>(b.inputs[0]),
                                       static_cast<int16_t*>(b.outputs[0])), "mf_softmax_s8_s16");
        break;
      case SoftmaxKind::kS16:
        check_status(mf_softmax_s16(&s16_, static_cast<const int16_t*>(b.inputs[0]),
                                    static_cast<int16_t*>(b.outputs[0])), "mf_softmax_s16");
        break;
      case SoftmaxKind::kF32:
        check_status(mf_softmax_f32(&f32_, static_cast<const float*>(b.inputs[0]),
                                    static_cast<float*>(b.outputs[0])), "mf_softmax_f32");
        break;
    }
  }
  std::string kernel_name() const override {
    switch (kind_) {
      case SoftmaxKind::kS8: return "mf_softmax_s8";
      case SoftmaxKind::kS8S16: return "mf_softmax_s8_s16";
      case SoftmaxKind::kS16: return "mf_softmax_s16";
      default: return "mf_softmax_f32";
    }
  }
  void emit(CallWriter& ctx) const override {
    std::string params;
    switch (kind_) {
      case SoftmaxKind::kS8:
      case SoftmaxKind::kS8S16:
        params = ctx.constant("mf_softmax_s8_params", "params",
                              fmt::format("{{{}, {}, {}, {}, {}}}", s8_.rows, s8_.depth,
                                          c99::int_literal(s8_.input_multiplier), s8_.input_left_shift,
                                          c99::int_literal(s8_.diff_min)));
        break;
      case SoftmaxKind::kS16: {
        const std::string exp_lut = ctx.array("int16_t", "exp_lut", lut_elements(exp_lut_));
        const std::string recip_lut = ctx.array("int16_t", "one_over_one_plus_x_lut", lut_elements(recip_lut_));
        params = ctx.constant("mf_softmax_s16_params", "params",
                              fmt::format("{{{}, {}, {}, {}, {}, {}}}", s16_.rows, s16_.depth,
                                          c99::int_literal(s16_.input_multiplier), s16_.input_shift, exp_lut,
                                          recip_lut));
        break;
      }
      case SoftmaxKind::kF32:
        params = ctx.constant("mf_softmax_f32_params", "params",
                              fmt::format("{{{}, {}, {}}}", f32_.rows, f32_.depth, c99::float_literal(f32_.beta)));
        break;
    }
    ctx.call(kernel_name(), {address_of(params), ctx.input(0), ctx.output(0)});
  }

 private:
  SoftmaxKind kind_;
  mf_softmax_s8_params s8_{};
  mf_softmax_f32_params f32_{};
  mf_softmax_s16_params s16_{};
  std::vector<int16_t> exp_lut_, recip_lut_;

  static std::vector<std::string> lut_elements(const std::vector<int16_t>& lut) {
    std::vector<std::string> el;
    el.reserve(lut.size());
    for (int16_t v : lut) el.push_back(std::to_string(v));
    return el;
  }
};

// int8 input: beta * s_in scaled to Q5.26 (TFLite PreprocessSoftmaxScaling) and the smallest input
// difference whose exponential still counts (CalculateInputRadius).
mf_softmax_s8_params s8_params(const ir::Op& op, double beta, double input_scale, int32_t rows,
                               int32_t depth) {
  constexpr int kScaledDiffIntegerBits = 5;
  const double real = std::min(beta * input_scale * static_cast<double>(1 << (31 - kScaledDiffIntegerBits)),
                               static_cast<double>((int64_t{1} << 31) - 1));
  if (!(real > 1.0)) {
    op_error(op, "beta * input scale = " + std::to_string(beta * input_scale) +
                     " is too small for TFLM's int8 softmax (it needs beta * s_in * 2^26 > 1)");
  }
  const mf_requant m = quantize_multiplier(real);
  if (m.shift < 0 || m.shift > 31) op_error(op, "input scale out of the supported range");
  const double radius = std::floor(((1 << kScaledDiffIntegerBits) - 1) *
                                   static_cast<double>(int64_t{1} << (31 - kScaledDiffIntegerBits)) /
                                   static_cast<double>(int64_t{1} << m.shift));
  mf_softmax_s8_params p{};
  p.rows = rows;
  p.depth = depth;
  p.input_multiplier = m.multiplier;
  p.input_left_shift = m.shift;
  p.diff_min = -static_cast<int32_t>(radius);
  return p;
}

}  // namespace

std::unique_ptr<PreparedOp> prepare_softmax(const ir::Graph& g, const ir::Op& op) {
  ew_require_operands(op, 1, 1);
  const ir::Tensor& in = ew_input(g, op, 0);
  const ir::Tensor& out = g.op_output(op, 0);
  const auto* opts = std::get_if<ir::SoftmaxOptions>(&op.options);
  const float beta = opts ? opts->beta : 1.0f;
  if (in.rank() < 1) op_error(op, "input must have at least one dimension");
  if (in.shape != out.shape) {
    op_error(op, "input shape " + ir::shape_to_string(in.shape) + " and output shape " +
                     ir::shape_to_string(out.shape) + " differ");
  }
  const int32_t count = ew_count(op, in);
  const int32_t depth = in.dim(in.rank() - 1);
  const int32_t rows = depth == 0 ? 0 : count / depth;
  if (depth < 1) op_error(op, "the last dimension is empty");
  if (!std::isfinite(beta) || beta <= 0.0f) op_error(op, "beta must be a finite positive number");
  const std::string sig = dtype_signature(g, op);

  if (in.dtype == ir::DType::kFloat32 && out.dtype == ir::DType::kFloat32) {
    return std::make_unique<Softmax>(SoftmaxKind::kF32, mf_softmax_s8_params{},
                                     mf_softmax_f32_params{rows, depth, beta});
  }
  if (in.dtype == ir::DType::kInt8 && (out.dtype == ir::DType::kInt8 || out.dtype == ir::DType::kInt16)) {
    check_per_tensor_quant(op, in, "input");
    check_per_tensor_quant(op, out, "output");
    if (depth > 4095) {
      op_error(op, "rows of " + std::to_string(depth) + " elements are too long for the int8 softmax",
               "at most 4095 (the fixed-point sum of exponentials would overflow)");
    }
    // TFLM demands exactly 1/256 for int8 (op facts: opdefs/op_defs.cc).
    check_fixed_output_quant(op, in, out, false,
                             "requantize the model's softmax output to the standard softmax quantization");
    return std::make_unique<Softmax>(out.dtype == ir::DType::kInt8 ? SoftmaxKind::kS8 : SoftmaxKind::kS8S16,
                                     s8_params(op, beta, in.quant.scale[0], rows, depth),
                                     mf_softmax_f32_params{});
  }
  if (in.dtype == ir::DType::kInt16 && out.dtype == ir::DType::kInt16) {
    check_per_tensor_quant(op, in, "input");
    check_per_tensor_quant(op, out, "output", /*zero_point_must_be_zero=*/true);
    check_fixed_output_quant(op, in, out, false,
                             "requantize the model's softmax output to the standard softmax quantization");
    if (depth > 65535) op_error(op, "rows longer than 65535 elements are not supported for int16");
    mf_softmax_s16_params p{};
    p.rows = rows;
    p.depth = depth;
    // Scales input differences so that [-65535, 0] covers [-10, 0], the exp LUT's domain.
    const mf_requant m = quantize_multiplier(static_cast<double>(in.quant.scale[0]) *
                                             static_cast<double>(beta) / (10.0 / 65535.0));
    if (m.shift > 31 - 17) {
      op_error(op, "input scale * beta is too large for the int16 softmax",
               "input differences (17 bits) would overflow the 32-bit rescaling");
    }
    p.input_multiplier = m.multiplier;
    p.input_shift = m.shift < -31 ? -31 : m.shift;
    constexpr float kRange = 65535.0f;  // int16 max - min
    std::vector<int16_t> exp_lut = lut_int16(10.0f / kRange, 32767, 2.0f / kRange, 0,
                                             [](float x) { return std::exp(x); });
    std::vector<int16_t> recip_lut = lut_int16(1.0f / kRange, -32768, 2.0f / kRange, 0,
                                               [](float x) { return 1.0f / (1.0f + x); });
    return std::make_unique<Softmax>(p, std::move(exp_lut), std::move(recip_lut));
  }
  op_error(op, "element type combination " + sig + " is not supported",
           "SOFTMAX supports float32, int8 -> int8, int8 -> int16 and int16 -> int16");
}

}  // namespace mcuforge::ops
