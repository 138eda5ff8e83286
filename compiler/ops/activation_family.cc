// SPDX-License-Identifier: Apache-2.0
// The activation family, bit-exact with TFLM's reference kernels (activations.cc, leaky_relu.cc,
// elu.cc, prelu.cc, log_softmax.cc, l2norm.cc, and the int16 forms of logistic.cc / tanh.cc):
//  - element-wise RELU, RELU6, LEAKY_RELU, ELU from one table (kElementwiseOps): float32 through one
//    kernel with a kind, int8 / int16 through one two-slope requantizing kernel (RELU, RELU6,
//    LEAKY_RELU) or a 256-entry table (ELU int8), all in place;
//  - PRELU (alpha broadcast against the input), LOG_SOFTMAX and L2_NORMALIZATION (rows of the last
//    dimension, in place).
// Kernels: runtime/include/mcuforge/mf_act.h.
#include "ops/activation_family.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <variant>
#include <vector>

#include "c99/c_literals.h"
#include "mcuforge/mf_act.h"
#include "ops/arith_util.h"
#include "ops/call_writer.h"
#include "ops/conv_util.h"
#include "ops/elementwise_util.h"
#include "ops/quant_util.h"

namespace mcuforge::ops {
namespace {

// ---------------------------------------------------------------------------------------------------
// element-wise ops: one PreparedOp for every form

enum class ActForm { kF32, kRequantS8, kRequantS16, kLutS8, kSigmoidS16 };

class ElementwiseActOp : public PreparedOp {
 public:
  ElementwiseActOp(int32_t count, const mf_act_f32_params& f32) : form_(ActForm::kF32), count_(count), f32_(f32) {}
  ElementwiseActOp(int32_t count, bool s16, const mf_act_requant_params& q)
      : form_(s16 ? ActForm::kRequantS16 : ActForm::kRequantS8), count_(count), q_(q) {}
  ElementwiseActOp(int32_t count, std::vector<int8_t> table)
      : form_(ActForm::kLutS8), count_(count), table_(std::move(table)) {}
  ElementwiseActOp(int32_t count, const mf_sigmoid_s16_params& s16, SigmoidS16Kernel kernel, const char* name)
      : form_(ActForm::kSigmoidS16), count_(count), s16_(s16), s16_kernel_(kernel), s16_name_(name) {}

  void run(const OpBuffers& b) const override {
    const void* in = b.inputs[0];
    void* out = b.outputs[0];
    switch (form_) {
      case ActForm::kF32:
        check_status(mf_act_f32(&f32_, count_, static_cast<const float*>(in), static_cast<float*>(out)), "mf_act_f32");
        break;
      case ActForm::kRequantS8:
        check_status(mf_act_requant_s8(&q_, count_, static_cast<const int8_t*>(in), static_cast<int8_t*>(out)),
                     "mf_act_requant_s8");
        break;
      case ActForm::kRequantS16:
        check_status(mf_act_requant_s16(&q_, count_, static_cast<const int16_t*>(in), static_cast<int16_t*>(out)),
                     "mf_act_requant_s16");
        break;
      case ActForm::kLutS8: {
        const mf_act_lut_s8_params p{table_.data()};
        check_status(mf_act_lut_s8(&p, count_, static_cast<const int8_t*>(in), static_cast<int8_t*>(out)),
                     "mf_act_lut_s8");
        break;
      }
      case ActForm::kSigmoidS16:
        check_status(s16_kernel_(&s16_, count_, static_cast<const int16_t*>(in), static_cast<int16_t*>(out)),
                     s16_name_);
        break;
    }
  }

  std::string kernel_name() const override {
    switch (form_) {
      case ActForm::kF32: return "mf_act_f32";
      case ActForm::kRequantS8: return "mf_act_requant_s8";
      case ActForm::kRequantS16: return "mf_act_requant_s16";
      case ActForm::kLutS8: return "mf_act_lut_s8";
      default: return s16_name_;
    }
  }

  // Every form reads element i before it writes element i, and keeps the element size.
  int32_t inplace_input() const override { return 0; }

  void emit(CallWriter& ctx) const override {
    ctx.call(kernel_name(), {address_of(emit_params(ctx)), std::to_string(count_), ctx.input(0), ctx.output(0)});
  }

 private:
  std::string emit_params(CallWriter& ctx) const {
    switch (form_) {
      case ActForm::kF32:
        return ctx.constant("mf_act_f32_params", "params",
                            fmt::format("{{{}, {}}}", kind_name(f32_.kind), c99::float_literal(f32_.alpha)));
      case ActForm::kRequantS8:
      case ActForm::kRequantS16:
        return ctx.constant("mf_act_requant_params", "params",
                            fmt::format("{{{}, {}, {}, {}, {}, {}}}", q_.input_zero_point, q_.output_zero_point,
                                        CallWriter::requant(q_.positive), CallWriter::requant(q_.negative),
                                        q_.negate_negative, CallWriter::act_range(q_.act)));
      case ActForm::kLutS8: {
        std::vector<std::string> el;
        el.reserve(table_.size());
        for (int8_t v : table_) el.push_back(std::to_string(v));
        const std::string table = ctx.array("int8_t", "table", el);
        return ctx.constant("mf_act_lut_s8_params", "params", "{" + table + "}");
      }
      default:
        return ctx.constant("mf_sigmoid_s16_params", "params",
                            fmt::format("{{{}, {}}}", c99::int_literal(s16_.input_multiplier), s16_.input_left_shift));
    }
  }

  static const char* kind_name(mf_act_kind k) {
    switch (k) {
      case MF_ACT_RELU: return "MF_ACT_RELU";
      case MF_ACT_RELU6: return "MF_ACT_RELU6";
      case MF_ACT_LEAKY_RELU: return "MF_ACT_LEAKY_RELU";
      default: return "MF_ACT_ELU";
    }
  }

  ActForm form_;
  int32_t count_;
  mf_act_f32_params f32_{};
  mf_act_requant_params q_{};
  std::vector<int8_t> table_;
  mf_sigmoid_s16_params s16_{};
  SigmoidS16Kernel s16_kernel_ = nullptr;
  const char* s16_name_ = "";
};

// ---------------------------------------------------------------------------------------------------
// element-wise ops: the quantized forms, each as TFLM's prepare computes it

// QuantizeMultiplier of a positive real; op_error where TFLM's int32 arithmetic would shift by more
// than 31 (which C leaves undefined).
mf_requant checked_multiplier(const ir::Op& op, double m, const char* what) {
  const mf_requant r = quantize_multiplier(m);
  if (r.shift > 31) {
    op_error(op, fmt::format("the {} {} is too large (2^31 or more)", what, m),
             "check the output scale: it is far smaller than the input scale");
  }
  return r;
}

mf_act_range type_range(ir::DType t) {
  return {static_cast<int32_t>(ir::dtype_min(t)), static_cast<int32_t>(ir::dtype_max(t))};
}

// RELU: one multiplier s_in / s_out (in double: the tflite-micro package does so, while older TFLM
// sources divide in float), clamped below at the output zero point. TFLM's int16 RELU needs zero
// points 0.
std::unique_ptr<PreparedOp> relu_quantized(const ir::Op& op, const UnaryOperands& u, float) {
  const bool s16 = u.in.dtype == ir::DType::kInt16;
  check_per_tensor_quant(op, u.in, "input", s16);
  check_per_tensor_quant(op, u.out, "output", s16);
  mf_act_requant_params p{};
  p.input_zero_point = zero_point_of(u.in);
  p.output_zero_point = zero_point_of(u.out);
  p.positive = checked_multiplier(op, scale_of(u.in) / scale_of(u.out), "requantization factor s_in / s_out");
  p.negative = p.positive;
  p.act = type_range(u.out.dtype);
  p.act.min = std::max(p.act.min, p.output_zero_point);
  return std::make_unique<ElementwiseActOp>(u.count, s16, p);
}

// RELU6: TFLM clamps the quantized input to [zp_in, quantize(6)] with the input's parameters and
// copies it unchanged: the output keeps the input's parameters whatever its own say (op facts).
std::unique_ptr<PreparedOp> relu6_quantized(const ir::Op& op, const UnaryOperands& u, float) {
  check_per_tensor_quant(op, u.in, "input");
  const float scale = u.in.quant.scale[0];
  const int32_t zp = zero_point_of(u.in);
  // FloatToQuantizedType(6, s_in, zp_in): round in float, add the zero point, clamp to the type.
  const float six_steps = std::round(6.0f / scale);
  if (!(six_steps < 2147483648.0f - 65536.0f)) {
    op_error(op, fmt::format("input scale {} is too small: 6 is {} quantization steps", scale, six_steps),
             "TFLM's RELU6 converts 6 / scale to int32, which overflows for scales below about 3e-9");
  }
  const mf_act_range range = type_range(u.in.dtype);
  mf_act_requant_params p{};
  p.input_zero_point = zp;
  p.output_zero_point = zp;
  p.positive = {1 << 30, 1};  // exactly 1: the clamp alone decides
  p.negative = p.positive;
  p.act = {zp, std::clamp(static_cast<int32_t>(six_steps) + zp, range.min, range.max)};
  return std::make_unique<ElementwiseActOp>(u.count, u.in.dtype == ir::DType::kInt16, p);
}

// LEAKY_RELU: identity slope s_in / s_out and alpha slope s_in * alpha / s_out, in double as the
// tflite-micro package computes them (the float products of older TFLM sources differ in the last
// bit of some multipliers). A negative alpha gives a negative QuantizeMultiplier; TFLM applies its
// magnitude and negates the product.
std::unique_ptr<PreparedOp> leaky_relu_quantized(const ir::Op& op, const UnaryOperands& u, float alpha) {
  check_per_tensor_quant(op, u.in, "input");
  check_per_tensor_quant(op, u.out, "output");
  const double s_in = scale_of(u.in);
  const double s_out = scale_of(u.out);
  const double alpha_m = s_in * static_cast<double>(alpha) / s_out;
  mf_act_requant_params p{};
  p.input_zero_point = zero_point_of(u.in);
  p.output_zero_point = zero_point_of(u.out);
  p.positive = checked_multiplier(op, s_in / s_out, "requantization factor s_in / s_out");
  p.negative = checked_multiplier(op, std::fabs(alpha_m), "alpha slope s_in * alpha / s_out");
  p.negate_negative = alpha_m < 0 ? 1 : 0;
  p.act = type_range(u.out.dtype);
  return std::make_unique<ElementwiseActOp>(u.count, u.in.dtype == ir::DType::kInt16, p);
}

// ELU int8: TFLM's 256-entry table in float math (exp(x) - 1 below 0), rounded and clamped.
std::unique_ptr<PreparedOp> elu_quantized(const ir::Op& op, const UnaryOperands& u, float) {
  check_per_tensor_quant(op, u.in, "input");
  check_per_tensor_quant(op, u.out, "output");
  const float s_in = u.in.quant.scale[0];
  const float s_out = u.out.quant.scale[0];
  const int32_t zp_in = zero_point_of(u.in);
  const int32_t zp_out = zero_point_of(u.out);
  if (static_cast<double>(s_in) * 256.0 / static_cast<double>(s_out) > 1e9) {
    op_error(op, "the output scale is more than 4e6 times finer than the input scale",
             "TFLM's int8 ELU table overflows int32 there; check the model's output quantization");
  }
  const float inverse_scale = 1.0f / s_out;
  std::vector<int8_t> table(256);
  for (int32_t v = -128; v <= 127; ++v) {
    const float x = s_in * static_cast<float>(v - zp_in);
    const float y = x < 0.0f ? std::exp(x) - 1.0f : x;
    const float steps = std::round(y * inverse_scale);
    const auto q = static_cast<int32_t>(steps + static_cast<float>(zp_out));
    table[static_cast<uint8_t>(static_cast<int8_t>(v))] = static_cast<int8_t>(std::clamp(q, -128, 127));
  }
  return std::make_unique<ElementwiseActOp>(u.count, std::move(table));
}

using QuantizedForm = std::unique_ptr<PreparedOp> (*)(const ir::Op&, const UnaryOperands&, float alpha);

struct ElementwiseAct {
  ir::OpType type;
  const char* name;
  mf_act_kind f32_kind;
  bool int16;               // TFLM has an int16 kernel (all have int8)
  QuantizedForm quantized;  // int8 / int16 with matching input and output dtypes
};

constexpr ElementwiseAct kElementwiseOps[] = {
    {ir::OpType::RELU, "RELU", MF_ACT_RELU, true, &relu_quantized},
    {ir::OpType::RELU6, "RELU6", MF_ACT_RELU6, true, &relu6_quantized},
    {ir::OpType::LEAKY_RELU, "LEAKY_RELU", MF_ACT_LEAKY_RELU, true, &leaky_relu_quantized},
    {ir::OpType::ELU, "ELU", MF_ACT_ELU, false, &elu_quantized},
};

const ElementwiseAct& elementwise_row(ir::OpType type) {
  for (const ElementwiseAct& r : kElementwiseOps) {
    if (r.type == type) return r;
  }
  throw std::logic_error("no activation family row for this op type");
}

float leaky_relu_alpha(const ir::Op& op) {
  const auto* o = std::get_if<ir::LeakyReluOptions>(&op.options);
  const float alpha = o ? o->alpha : 0.0f;
  if (!std::isfinite(alpha)) op_error(op, "alpha is not a finite number");
  return alpha;
}

std::unique_ptr<PreparedOp> prepare_elementwise_act(const ir::Graph& g, const ir::Op& op) {
  const ElementwiseAct& row = elementwise_row(op.type);
  const UnaryOperands u = unary_operands(g, op);
  const float alpha = op.type == ir::OpType::LEAKY_RELU ? leaky_relu_alpha(op) : 0.0f;
  const ir::DType t = u.in.dtype;
  if (t == u.out.dtype && t == ir::DType::kFloat32) {
    return std::make_unique<ElementwiseActOp>(u.count, mf_act_f32_params{row.f32_kind, alpha});
  }
  if (t == u.out.dtype && (t == ir::DType::kInt8 || (t == ir::DType::kInt16 && row.int16))) {
    return row.quantized(op, u, alpha);
  }
  op_error(op, "element type combination " + dtype_signature(g, op) + " is not supported",
           std::string(row.name) + " supports float32, int8" + (row.int16 ? " and int16" : "") +
               ", with the output of the input's type");
}

// ---------------------------------------------------------------------------------------------------
// PRELU

class PreluQuantizedOp : public BinaryArithOp {
 public:
  PreluQuantizedOp(const mf_prelu_q_params& p, bool s16, int32_t inplace)
      : BinaryArithOp(s16 ? "mf_prelu_s16" : "mf_prelu_s8", inplace), p_(p), s16_(s16) {}

 protected:
  mf_status call(const void* x, const void* a, void* out) const override {
    if (s16_) {
      return mf_prelu_s16(&p_, static_cast<const int16_t*>(x), static_cast<const int8_t*>(a), static_cast<int16_t*>(out));
    }
    return mf_prelu_s8(&p_, static_cast<const int8_t*>(x), static_cast<const int8_t*>(a), static_cast<int8_t*>(out));
  }
  std::string emit_params(CallWriter& ctx) const override {
    return ctx.constant("mf_prelu_q_params", "params",
                        fmt::format("{{{}, {}, {}, {}, {}, {}}}", bcast_initializer(p_.shape), p_.input_offset,
                                    p_.alpha_offset, p_.output_offset, CallWriter::requant(p_.positive),
                                    CallWriter::requant(p_.negative)));
  }

 private:
  mf_prelu_q_params p_;
  bool s16_;
};

class PreluF32Op : public BinaryArithOp {
 public:
  PreluF32Op(const mf_prelu_f32_params& p, int32_t inplace) : BinaryArithOp("mf_prelu_f32", inplace), p_(p) {}

 protected:
  mf_status call(const void* x, const void* a, void* out) const override {
    return mf_prelu_f32(&p_, static_cast<const float*>(x), static_cast<const float*>(a), static_cast<float*>(out));
  }
  std::string emit_params(CallWriter& ctx) const override {
    return ctx.constant("mf_prelu_f32_params", "params", fmt::format("{{{}}}", bcast_initializer(p_.shape)));
  }

 private:
  mf_prelu_f32_params p_;
};

}  // namespace

std::unique_ptr<PreparedOp> prepare_relu(const ir::Graph& g, const ir::Op& op) { return prepare_elementwise_act(g, op); }
std::unique_ptr<PreparedOp> prepare_relu6(const ir::Graph& g, const ir::Op& op) { return prepare_elementwise_act(g, op); }
std::unique_ptr<PreparedOp> prepare_leaky_relu(const ir::Graph& g, const ir::Op& op) {
  return prepare_elementwise_act(g, op);
}
std::unique_ptr<PreparedOp> prepare_elu(const ir::Graph& g, const ir::Op& op) { return prepare_elementwise_act(g, op); }

std::unique_ptr<PreparedOp> prepare_prelu(const ir::Graph& g, const ir::Op& op) {
  ew_require_operands(op, 2, 1);
  const ir::Tensor& in = ew_input(g, op, 0);
  const ir::Tensor& alpha = ew_input(g, op, 1);
  const ir::Tensor& out = g.op_output(op, 0);
  const mf_bcast shape = make_bcast(op, in, alpha, out);
  // The kernel may overwrite an input of the output's element size that is not broadcast.
  int32_t inplace = bcast_inplace_input(shape, in, alpha, out);
  if (inplace == 1 && alpha.dtype != out.dtype) inplace = -1;
  if (in.dtype == ir::DType::kFloat32 && alpha.dtype == ir::DType::kFloat32 && out.dtype == ir::DType::kFloat32) {
    if (out.rank() > 4 || in.rank() > 4 || alpha.rank() > 4) {
      op_error(op, "float32 PRELU with more than 4 dimensions is not supported",
               "TFLM's float PRELU broadcasts over at most 4 dimensions");
    }
    return std::make_unique<PreluF32Op>(mf_prelu_f32_params{shape}, inplace);
  }
  const bool s8 = in.dtype == ir::DType::kInt8 && out.dtype == ir::DType::kInt8;
  const bool s16 = in.dtype == ir::DType::kInt16 && out.dtype == ir::DType::kInt16;
  if (!(s8 || s16) || alpha.dtype != ir::DType::kInt8) {
    op_error(op, "element type combination " + dtype_signature(g, op) + " is not supported",
             "PRELU supports float32 (all operands), int8 (all operands) and int16 input and output with "
             "int8 alpha");
  }
  check_per_tensor_quant(op, in, "input");
  check_per_tensor_quant(op, alpha, "alpha");
  check_per_tensor_quant(op, out, "output");
  const double s_in = in.quant.scale[0];
  const double s_alpha = alpha.quant.scale[0];
  const double s_out = out.quant.scale[0];
  mf_prelu_q_params p{};
  p.shape = shape;
  p.input_offset = -zero_point_of(in);
  p.alpha_offset = -zero_point_of(alpha);
  p.output_offset = zero_point_of(out);
  p.positive = checked_multiplier(op, s_in / s_out, "requantization factor s_in / s_out");
  p.negative = checked_multiplier(op, s_in * s_alpha / s_out, "alpha slope s_in * s_alpha / s_out");
  return std::make_unique<PreluQuantizedOp>(p, s16, inplace);
}

// ---------------------------------------------------------------------------------------------------
// LOG_SOFTMAX and L2_NORMALIZATION: rows of the last dimension

namespace {

enum class RowForm { kLogSoftmaxS8, kLogSoftmaxF32, kL2NormS8, kL2NormF32 };

class RowActOp : public PreparedOp {
 public:
  RowActOp(RowForm form, const mf_rows_params& rows) : form_(form), rows_(rows) {}
  RowActOp(const mf_log_softmax_s8_params& p) : form_(RowForm::kLogSoftmaxS8), log_softmax_(p) {}
  RowActOp(const mf_l2norm_s8_params& p) : form_(RowForm::kL2NormS8), l2norm_(p) {}

  void run(const OpBuffers& b) const override {
    const void* in = b.inputs[0];
    void* out = b.outputs[0];
    const auto* in8 = static_cast<const int8_t*>(in);
    auto* out8 = static_cast<int8_t*>(out);
    const auto* inf = static_cast<const float*>(in);
    auto* outf = static_cast<float*>(out);
    switch (form_) {
      case RowForm::kLogSoftmaxS8: check_status(mf_log_softmax_s8(&log_softmax_, in8, out8), "mf_log_softmax_s8"); break;
      case RowForm::kLogSoftmaxF32: check_status(mf_log_softmax_f32(&rows_, inf, outf), "mf_log_softmax_f32"); break;
      case RowForm::kL2NormS8: check_status(mf_l2norm_s8(&l2norm_, in8, out8), "mf_l2norm_s8"); break;
      case RowForm::kL2NormF32: check_status(mf_l2norm_f32(&rows_, inf, outf), "mf_l2norm_f32"); break;
    }
  }

  std::string kernel_name() const override {
    switch (form_) {
      case RowForm::kLogSoftmaxS8: return "mf_log_softmax_s8";
      case RowForm::kLogSoftmaxF32: return "mf_log_softmax_f32";
      case RowForm::kL2NormS8: return "mf_l2norm_s8";
      default: return "mf_l2norm_f32";
    }
  }

  // A row is read completely (maximum, sums) before any of it is written, then element by element.
  int32_t inplace_input() const override { return 0; }

  void emit(CallWriter& ctx) const override {
    std::string params;
    switch (form_) {
      case RowForm::kLogSoftmaxS8: {
        const mf_log_softmax_s8_params& p = log_softmax_;
        params = ctx.constant("mf_log_softmax_s8_params", "params",
                              fmt::format("{{{}, {}, {}, {}, {}, {}, {}}}", p.rows, p.depth,
                                          c99::int_literal(p.input_multiplier), p.input_left_shift,
                                          c99::int_literal(p.reverse_scaling_divisor), p.reverse_scaling_right_shift,
                                          c99::int_literal(p.diff_min)));
        break;
      }
      case RowForm::kL2NormS8:
        params = ctx.constant("mf_l2norm_s8_params", "params",
                              fmt::format("{{{}, {}, {}}}", l2norm_.rows, l2norm_.depth, l2norm_.input_zero_point));
        break;
      default:
        params = ctx.constant("mf_rows_params", "params", fmt::format("{{{}, {}}}", rows_.rows, rows_.depth));
        break;
    }
    ctx.call(kernel_name(), {address_of(params), ctx.input(0), ctx.output(0)});
  }

 private:
  RowForm form_;
  mf_rows_params rows_{};
  mf_log_softmax_s8_params log_softmax_{};
  mf_l2norm_s8_params l2norm_{};
};

// One input and one output of the same shape and element type, with at least one dimension; the
// rows of its last dimension.
mf_rows_params row_operands(const ir::Graph& g, const ir::Op& op, const UnaryOperands& u) {
  if (u.in.dtype != u.out.dtype) {
    op_error(op, "input and output types differ (" + dtype_signature(g, op) + ")");
  }
  if (u.in.rank() < 1) op_error(op, "the input must have at least one dimension");
  const int32_t depth = u.in.dim(u.in.rank() - 1);
  if (depth < 1) op_error(op, "the last dimension is empty");
  return {u.count / depth, depth};
}

// TFLite's PreprocessLogSoftmaxScalingExp with beta 1: the input scale on Q5.26 (capped at 2^31 - 1),
// the reverse scaling of the output's minimum back to input units, and the smallest difference that
// counts (CalculateInputRadius).
mf_log_softmax_s8_params log_softmax_s8_params(const ir::Op& op, double input_scale, const mf_rows_params& rows) {
  constexpr int kScaledDiffIntegerBits = 5;
  const double real = std::min(input_scale * static_cast<double>(1 << (31 - kScaledDiffIntegerBits)),
                               static_cast<double>((int64_t{1} << 31) - 1));
  if (!(real > 1.0)) {
    op_error(op, fmt::format("input scale {} is too small for TFLM's int8 LOG_SOFTMAX", input_scale),
             "it needs an input scale above 2^-26");
  }
  const mf_requant m = quantize_multiplier(real);
  const double reverse = static_cast<double>(int64_t{1} << (31 - m.shift)) / static_cast<double>(m.multiplier);
  const mf_requant r = quantize_multiplier(reverse);  // < 1: shift <= 0
  mf_log_softmax_s8_params p{};
  p.rows = rows.rows;
  p.depth = rows.depth;
  p.input_multiplier = m.multiplier;
  p.input_left_shift = m.shift;
  p.reverse_scaling_divisor = r.multiplier;
  p.reverse_scaling_right_shift = -r.shift;
  p.diff_min = -static_cast<int32_t>(std::floor(((1 << kScaledDiffIntegerBits) - 1) *
                                                static_cast<double>(int64_t{1} << (31 - kScaledDiffIntegerBits)) /
                                                static_cast<double>(int64_t{1} << m.shift)));
  return p;
}

}  // namespace

std::unique_ptr<PreparedOp> prepare_log_softmax(const ir::Graph& g, const ir::Op& op) {
  const UnaryOperands u = unary_operands(g, op);
  const mf_rows_params rows = row_operands(g, op, u);
  if (u.in.dtype == ir::DType::kFloat32) return std::make_unique<RowActOp>(RowForm::kLogSoftmaxF32, rows);
  if (u.in.dtype != ir::DType::kInt8) {
    op_error(op, "element type combination " + dtype_signature(g, op) + " is not supported",
             "LOG_SOFTMAX supports float32 and int8");
  }
  check_per_tensor_quant(op, u.in, "input");
  check_per_tensor_quant(op, u.out, "output");
  check_fixed_output_quant(op, u.in, u.out, false, "TFLM's int8 LOG_SOFTMAX produces only this quantization");
  if (rows.depth > 4095) {
    op_error(op, fmt::format("rows of {} elements are too long for the int8 LOG_SOFTMAX", rows.depth),
             "at most 4095 (the fixed-point sum of exponentials would overflow)");
  }
  return std::make_unique<RowActOp>(log_softmax_s8_params(op, u.in.quant.scale[0], rows));
}

std::unique_ptr<PreparedOp> prepare_l2_normalization(const ir::Graph& g, const ir::Op& op) {
  const UnaryOperands u = unary_operands(g, op);
  const mf_rows_params rows = row_operands(g, op, u);
  if (u.in.rank() > 4) op_error(op, "TFLM's L2_NORMALIZATION takes at most 4 dimensions");
  if (const auto* o = std::get_if<ir::GenericOptions>(&op.options)) {
    const ir::Attribute* act = o->find("fused_activation_function");
    const auto* code = act ? std::get_if<int64_t>(&act->value) : nullptr;
    if (code && *code != 0) {
      op_error(op, "a fused activation is not supported", "TFLM's L2_NORMALIZATION requires NONE");
    }
  }
  if (u.in.dtype == ir::DType::kFloat32) return std::make_unique<RowActOp>(RowForm::kL2NormF32, rows);
  if (u.in.dtype != ir::DType::kInt8) {
    op_error(op, "element type combination " + dtype_signature(g, op) + " is not supported",
             "L2_NORMALIZATION supports float32 and int8");
  }
  check_per_tensor_quant(op, u.in, "input");
  check_per_tensor_quant(op, u.out, "output");
  check_fixed_output_quant(op, u.in, u.out, false, "the int8 kernel writes in steps of 1/128 around 0");
  if (rows.depth > 33025) {
    op_error(op, fmt::format("rows of {} elements are too long for the int8 L2_NORMALIZATION", rows.depth),
             "at most 33025 (the int32 sum of squares would overflow)");
  }
  return std::make_unique<RowActOp>(mf_l2norm_s8_params{rows.rows, rows.depth, zero_point_of(u.in)});
}

// ---------------------------------------------------------------------------------------------------
// LOGISTIC / TANH int16

namespace {

// TFLite's CheckedLog2 in float: the rounded log2 of x, and whether x is within 1e-3 (in log2) of it.
bool checked_log2(float x, int32_t* log2_rounded) {
  const float x_log2 = std::log(x) * (1.0f / std::log(2.0f));
  const float rounded = std::round(x_log2);
  *log2_rounded = static_cast<int32_t>(rounded);
  return std::fabs(x_log2 - rounded) < 1e-3f;
}

}  // namespace

std::unique_ptr<PreparedOp> prepare_sigmoid_s16(const ir::Op& op, const UnaryOperands& u, SigmoidS16Kernel kernel,
                                                const char* kernel_name, int32_t max_pot_shift) {
  constexpr int32_t kInputIntegerBits = 3;
  check_per_tensor_quant(op, u.in, "input", true);
  check_per_tensor_quant(op, u.out, "output", true);
  check_fixed_output_quant(op, u.in, u.out, false, "TFLM's int16 " + op.name + " produces only this quantization");
  int32_t out_log2 = 0;
  if (!checked_log2(u.out.quant.scale[0], &out_log2) || out_log2 != -15) {
    op_error(op, "the int16 output scale must be 2^-15", "TFLM's int16 " + op.name + " produces only this scale");
  }
  mf_sigmoid_s16_params p{};
  int32_t in_log2 = 0;
  const bool pot = checked_log2(u.in.quant.scale[0], &in_log2);
  p.input_left_shift = (15 - kInputIntegerBits) + in_log2;
  if (pot && p.input_left_shift >= 0 && p.input_left_shift <= max_pot_shift) {
    p.input_multiplier = 0;  // the kernel takes 3 << shift: the table's grid is a power of two away
  } else {
    // Rescale the input to the table's grid, 1/(3 * 4096), with the multiplier on 15 bits.
    double multiplier = static_cast<double>(u.in.quant.scale[0]) * 4096.0 * 3.0;
    p.input_left_shift = 0;
    while (multiplier <= 32767.0 / 2.0 && p.input_left_shift <= 30) {
      ++p.input_left_shift;
      multiplier *= 2.0;
    }
    if (!(multiplier < 2147483648.0)) {
      op_error(op, fmt::format("input scale {} is too large for TFLM's int16 {}", u.in.quant.scale[0], op.name));
    }
    p.input_multiplier = static_cast<int32_t>(multiplier);
  }
  return std::make_unique<ElementwiseActOp>(u.count, p, kernel, kernel_name);
}

}  // namespace mcuforge::ops
