// SPDX-License-Identifier: Apache-2.0
#include "ops/quant_util.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "opdefs/op_def.h"
#include "ops/op.h"

namespace mcuforge::ops {

mf_requant quantize_multiplier(double m) {
  if (m == 0.0) return {0, 0};
  int exponent = 0;
  const double q = std::frexp(m, &exponent);
  auto q_fixed = static_cast<int64_t>(std::round(q * static_cast<double>(int64_t{1} << 31)));
  if (q_fixed == (int64_t{1} << 31)) {
    q_fixed /= 2;
    ++exponent;
  }
  if (exponent < -31) {
    exponent = 0;
    q_fixed = 0;
  }
  return {static_cast<int32_t>(q_fixed), exponent};
}

namespace {
int32_t quantize_value(float f, float scale, int32_t zp) {
  return zp + static_cast<int32_t>(std::round(f / scale));
}
}  // namespace

mf_act_range activation_range_quantized(ir::Activation act, const ir::Tensor& output) {
  const auto qmin = static_cast<int32_t>(ir::dtype_min(output.dtype));
  const auto qmax = static_cast<int32_t>(ir::dtype_max(output.dtype));
  const float scale = output.quant.empty() ? 1.0f : output.quant.scale[0];
  const int32_t zp = zero_point_of(output);
  switch (act) {
    case ir::Activation::kRelu:
      return {std::max(qmin, quantize_value(0.0f, scale, zp)), qmax};
    case ir::Activation::kRelu6:
      return {std::max(qmin, quantize_value(0.0f, scale, zp)),
              std::min(qmax, quantize_value(6.0f, scale, zp))};
    case ir::Activation::kReluN1To1:
      return {std::max(qmin, quantize_value(-1.0f, scale, zp)),
              std::min(qmax, quantize_value(1.0f, scale, zp))};
    default:
      return {qmin, qmax};
  }
}

mf_act_range_f32 activation_range_f32(ir::Activation act) {
  // TFLite's CalculateActivationRange uses the finite limits (lowest/max), not infinities, so an
  // infinite value is clamped to +-FLT_MAX exactly as in TFLM.
  constexpr float kFloatMax = std::numeric_limits<float>::max();
  switch (act) {
    case ir::Activation::kRelu: return {0.0f, kFloatMax};
    case ir::Activation::kRelu6: return {0.0f, 6.0f};
    case ir::Activation::kReluN1To1: return {-1.0f, 1.0f};
    default: return {-kFloatMax, kFloatMax};
  }
}

std::vector<mf_requant> per_channel_requant(const ir::Tensor& input, const ir::Tensor& filter,
                                            const ir::Tensor& output, int32_t channels) {
  std::vector<mf_requant> r(static_cast<size_t>(channels));
  const double s_in = scale_of(input);
  const double s_out = scale_of(output);
  for (int32_t c = 0; c < channels; ++c) {
    const double s_w = filter.quant.per_channel() ? filter.quant.scale[static_cast<size_t>(c)]
                                                  : filter.quant.scale[0];
    r[static_cast<size_t>(c)] = quantize_multiplier((s_in * s_w) / s_out);
  }
  return r;
}

void check_fixed_output_quant(const ir::Op& op, const ir::Tensor& in, const ir::Tensor& out, bool zero_point_only,
                              const std::string& hint) {
  const auto fixed = opdefs::fixed_output_quant(op.type, 0, out.dtype, in.dtype);
  if (!fixed || out.quant.empty()) return;
  const int64_t zero_point = out.quant.zero_point[0];
  const bool ok = zero_point_only ? zero_point == fixed->zero_point : fixed->accepts(out.quant.scale[0], zero_point);
  if (ok) return;
  const std::string what = std::string(ir::dtype_name(out.dtype)) + " output" +
                           (out.dtype != in.dtype ? " of an " + std::string(ir::dtype_name(in.dtype)) + " " + op.name : "");
  op_error(op,
           fmt::format("{} must have {}zero point {}{}", what,
                       zero_point_only ? "" : fmt::format("scale 1/{:.0f} and ", 1.0 / fixed->scale), fixed->zero_point,
                       zero_point_only ? fmt::format(" (scale 1/{:.0f})", 1.0 / fixed->scale) : ""),
           hint);
}

}  // namespace mcuforge::ops
