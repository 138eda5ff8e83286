// SPDX-License-Identifier: Apache-2.0
#include "ops/sigmoid_util.h"

#include <cmath>

#include "ops/op.h"
#include "ops/quant_util.h"

namespace mcuforge::ops {

mf_sigmoid_s8_params sigmoid_s8_params(const ir::Op& op, const ir::Tensor& input) {
  constexpr int kInputIntegerBits = 4;
  const double real = static_cast<double>(input.quant.scale[0]) * static_cast<double>(1 << (31 - kInputIntegerBits));
  int exponent = 0;
  const double q = std::frexp(real, &exponent);
  // q * 2^31 is exact and below 2^31 for a float scale (24-bit mantissa), so no fix-up is needed.
  const auto multiplier = static_cast<int64_t>(std::round(q * static_cast<double>(int64_t{1} << 31)));
  if (exponent < 0 || exponent > 31 || multiplier >= (int64_t{1} << 31)) {
    op_error(op, "input scale " + std::to_string(input.quant.scale[0]) + " is outside the range TFLM's int8 kernel handles",
             "expected an input scale between about 2^-27 and 16");
  }
  mf_sigmoid_s8_params p{};
  p.input_zero_point = zero_point_of(input);
  p.input_multiplier = static_cast<int32_t>(multiplier);
  p.input_shift = exponent;
  // Largest |x - zp| whose rescaled value still fits Q4.27 (CalculateInputRadius(4, exponent, 31)).
  p.input_range_radius = static_cast<int32_t>(std::floor(((1 << kInputIntegerBits) - 1) *
                                                         static_cast<double>(int64_t{1} << (31 - kInputIntegerBits)) /
                                                         static_cast<double>(int64_t{1} << exponent)));
  return p;
}

}  // namespace mcuforge::ops
