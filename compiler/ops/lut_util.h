// SPDX-License-Identifier: Apache-2.0
// Prepare-time construction of the 513-entry int16 interpolation tables TFLite uses for int16
// activations (its LUTPopulate<int16_t> with float math, tflm-arithmetic.md section 2.6). The
// runtime reads them with mf_lut16_lookup.
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

namespace mcuforge::ops {

std::vector<int16_t> lut_int16(float input_scale, int32_t input_zero_point, float output_scale,
                               int32_t output_zero_point, const std::function<float(float)>& f);

}  // namespace mcuforge::ops
