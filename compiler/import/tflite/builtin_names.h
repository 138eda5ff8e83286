// SPDX-License-Identifier: Apache-2.0
// TFLite builtin operator code -> name.
#pragma once

#include <cstdint>
#include <string>

namespace mcuforge::tflite {

constexpr int32_t kBuiltinCustom = 32;  // the CUSTOM code: the op is named by its custom_code string

std::string builtin_name(int32_t code);

}  // namespace mcuforge::tflite
