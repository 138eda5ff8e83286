// SPDX-License-Identifier: Apache-2.0
#include "ops/lut_util.h"

#include <algorithm>
#include <cmath>

namespace mcuforge::ops {

std::vector<int16_t> lut_int16(float input_scale, int32_t input_zero_point, float output_scale,
                               int32_t output_zero_point, const std::function<float(float)>& f) {
  // All in float, in this order: the table's last bits depend on it.
  const float input_min = input_scale * static_cast<float>(-32768 - input_zero_point);
  const float input_max = input_scale * static_cast<float>(32767 - input_zero_point);
  const float output_min = output_scale * static_cast<float>(-32768 - output_zero_point);
  const float output_max = output_scale * static_cast<float>(32767 - output_zero_point);
  constexpr int kSteps = 512;
  const float step = (input_max - input_min) / kSteps;
  const float half_step = step / 2;
  const float inv = 65536.0f / (output_max - output_min);
  auto clamp16 = [](float v) { return static_cast<int16_t>(std::min(std::max(v, -32768.0f), 32767.0f)); };
  std::vector<int16_t> lut(kSteps + 1);
  for (int i = 0; i < kSteps; ++i) {
    const float v = f(input_min + static_cast<float>(i) * step);
    const float v_mid = f(input_min + static_cast<float>(i) * step + half_step);
    const float v_next = f(input_min + static_cast<float>(i + 1) * step);
    const float sample = std::round(v * inv);
    // Bias each entry by half the error that linear interpolation makes at the segment midpoint.
    const float interp_mid = std::round((v_next * inv + std::round(v * inv)) / 2);
    const float mid = std::round(v_mid * inv);
    const float bias = std::round((interp_mid - mid) / 2);
    lut[static_cast<size_t>(i)] = clamp16(sample - bias);
  }
  lut[kSteps] = clamp16(std::round(f(input_max) * inv));
  return lut;
}

}  // namespace mcuforge::ops
