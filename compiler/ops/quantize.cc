// SPDX-License-Identifier: Apache-2.0
// QUANTIZE: float32 -> int8 / int16 (round(x / scale) + zp in float), and requantization between
// integer types with one multiplier s_in / s_out (tflm-arithmetic.md section 13). The combinations
// are TFLM's.
#include <fmt/format.h>

#include <utility>

#include "c99/c_literals.h"
#include "mcuforge/mf_convert.h"
#include "ops/call_writer.h"
#include "ops/conv_util.h"
#include "ops/elementwise_util.h"
#include "ops/op.h"
#include "ops/quant_util.h"

namespace mcuforge::ops {
namespace {

class QuantizeF32 : public PreparedOp {
 public:
  QuantizeF32(const mf_quantize_params& p, int32_t count) : p_(p), count_(count) {}
  void run(const OpBuffers& b) const override {
    check_status(mf_quantize_f32(&p_, count_, static_cast<const float*>(b.inputs[0]), b.outputs[0]),
                 "mf_quantize_f32");
  }
  std::string kernel_name() const override { return "mf_quantize_f32"; }
  // The output (int8 / int16) is narrower than the float input; the kernel reads element i before
  // writing it.
  int32_t inplace_input() const override { return 0; }
  void emit(CallWriter& ctx) const override {
    const std::string params =
        ctx.constant("mf_quantize_params", "params",
                     fmt::format("{{{}, {}, {}}}", elem_type_name(p_.output_type), c99::float_literal(p_.scale),
                                 c99::int_literal(p_.zero_point)));
    ctx.call(kernel_name(), {address_of(params), std::to_string(count_), ctx.input(0), ctx.output(0)});
  }

 private:
  mf_quantize_params p_;
  int32_t count_;
};

class Requantize : public PreparedOp {
 public:
  Requantize(const mf_requantize_params& p, int32_t count) : p_(p), count_(count) {}
  void run(const OpBuffers& b) const override {
    check_status(mf_requantize(&p_, count_, b.inputs[0], b.outputs[0]), "mf_requantize");
  }
  std::string kernel_name() const override { return "mf_requantize"; }
  // In place only when the output element is not wider than the input's (mf_convert.h).
  int32_t inplace_input() const override {
    return elem_size(p_.output_type) <= elem_size(p_.input_type) ? 0 : -1;
  }
  void emit(CallWriter& ctx) const override {
    const std::string params = ctx.constant(
        "mf_requantize_params", "params",
        fmt::format("{{{}, {}, {}, {}, {}}}", elem_type_name(p_.input_type), elem_type_name(p_.output_type),
                    c99::int_literal(p_.input_zero_point), c99::int_literal(p_.output_zero_point),
                    CallWriter::requant(p_.requant)));
    ctx.call(kernel_name(), {address_of(params), std::to_string(count_), ctx.input(0), ctx.output(0)});
  }

 private:
  mf_requantize_params p_;
  int32_t count_;
};

bool requantize_supported(ir::DType in, ir::DType out) {
  using D = ir::DType;
  static const std::pair<D, D> kPairs[] = {
      {D::kInt16, D::kInt8}, {D::kInt8, D::kInt8},   {D::kInt8, D::kUInt8},  {D::kUInt8, D::kInt8},
      {D::kInt8, D::kInt16}, {D::kInt8, D::kInt32},  {D::kInt16, D::kInt16}, {D::kInt16, D::kInt32},
      {D::kInt32, D::kInt8}, {D::kInt32, D::kInt16}};
  for (const auto& [a, b] : kPairs) {
    if (a == in && b == out) return true;
  }
  return false;
}

}  // namespace

std::unique_ptr<PreparedOp> prepare_quantize(const ir::Graph& g, const ir::Op& op) {
  ew_require_operands(op, 1, 1);
  const ir::Tensor& in = ew_input(g, op, 0);
  const ir::Tensor& out = g.op_output(op, 0);
  if (in.num_elements() != out.num_elements()) {
    op_error(op, "input shape " + ir::shape_to_string(in.shape) + " and output shape " +
                     ir::shape_to_string(out.shape) + " have different element counts");
  }
  const int32_t count = ew_count(op, in);
  if (in.dtype == ir::DType::kFloat32 && (out.dtype == ir::DType::kInt8 || out.dtype == ir::DType::kInt16)) {
    check_per_tensor_quant(op, out, "output");
    mf_quantize_params p{};
    p.output_type = elem_type(op, out.dtype);
    p.scale = out.quant.scale[0];
    p.zero_point = zero_point_of(out);
    return std::make_unique<QuantizeF32>(p, count);
  }
  if (!requantize_supported(in.dtype, out.dtype)) {
    op_error(op, "element type combination " + dtype_signature(g, op) + " is not supported",
             "QUANTIZE supports float32 -> int8/int16 and the integer requantizations TFLM has "
             "(int8/int16 -> int8/int16/int32, int32 -> int8/int16, int8 <-> uint8)");
  }
  check_per_tensor_quant(op, in, "input");
  check_per_tensor_quant(op, out, "output");
  mf_requantize_params p{};
  p.input_type = elem_type(op, in.dtype);
  p.output_type = elem_type(op, out.dtype);
  p.input_zero_point = zero_point_of(in);
  p.output_zero_point = zero_point_of(out);
  p.requant = quantize_multiplier(static_cast<double>(in.quant.scale[0]) / static_cast<double>(out.quant.scale[0]));
  if (p.requant.shift > 31) {
    op_error(op, "the requantization factor s_in / s_out is too large (more than 2^31)");
  }
  if (p.requant.shift < -31) p.requant = {0, 0};
  return std::make_unique<Requantize>(p, count);
}

}  // namespace mcuforge::ops
