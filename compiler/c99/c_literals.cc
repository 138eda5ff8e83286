// SPDX-License-Identifier: Apache-2.0
#include "c99/c_literals.h"

#include <fmt/format.h>

#include <cmath>
#include <cstring>
#include <limits>

namespace mcuforge::c99 {

std::string int_literal(int64_t v) {
  if (v == std::numeric_limits<int64_t>::min()) return "(-INT64_C(9223372036854775807) - 1)";
  if (v > std::numeric_limits<int32_t>::max() || v < std::numeric_limits<int32_t>::min()) {
    return fmt::format("INT64_C({})", v);
  }
  if (v == std::numeric_limits<int32_t>::min()) return "(-2147483647 - 1)";
  return std::to_string(v);
}

std::string float_literal(float v) {
  // NAN and HUGE_VALF come from <math.h>, which generated sources include.
  if (std::isnan(v)) return "NAN";
  if (std::isinf(v)) return v > 0 ? "HUGE_VALF" : "(-HUGE_VALF)";
  // Hexadecimal float: exact and locale-independent. %a prints a double; the float widens exactly.
  return fmt::format("{:a}f", static_cast<double>(v));
}

std::string c_type(ir::DType t) {
  switch (t) {
    case ir::DType::kFloat32: return "float";
    case ir::DType::kInt8: return "int8_t";
    case ir::DType::kUInt8: return "uint8_t";
    case ir::DType::kInt16: return "int16_t";
    case ir::DType::kUInt16: return "uint16_t";
    case ir::DType::kInt32: return "int32_t";
    case ir::DType::kUInt32: return "uint32_t";
    case ir::DType::kInt64: return "int64_t";
    case ir::DType::kUInt64: return "uint64_t";
    case ir::DType::kBool: return "uint8_t";
    default: return "uint8_t";
  }
}

namespace {
template <typename T>
T load(const uint8_t* p) {
  T v;
  std::memcpy(&v, p, sizeof(T));
  return v;
}
}  // namespace

std::string array_initializer(ir::DType t, std::span<const uint8_t> bytes, int per_line) {
  const size_t esize = std::max<size_t>(ir::dtype_size(t), 1);
  const size_t n = bytes.size() / esize;
  std::string out = "{";
  for (size_t i = 0; i < n; ++i) {
    if (i % static_cast<size_t>(per_line) == 0) out += "\n  ";
    const uint8_t* p = bytes.data() + i * esize;
    switch (t) {
      case ir::DType::kFloat32: out += float_literal(load<float>(p)); break;
      case ir::DType::kInt8: out += std::to_string(load<int8_t>(p)); break;
      case ir::DType::kInt16: out += std::to_string(load<int16_t>(p)); break;
      case ir::DType::kUInt16: out += std::to_string(load<uint16_t>(p)); break;
      case ir::DType::kInt32: out += int_literal(load<int32_t>(p)); break;
      case ir::DType::kUInt32: out += fmt::format("{}u", load<uint32_t>(p)); break;
      case ir::DType::kInt64: out += int_literal(load<int64_t>(p)); break;
      case ir::DType::kUInt64: out += fmt::format("UINT64_C({})", load<uint64_t>(p)); break;
      default: out += std::to_string(load<uint8_t>(p)); break;
    }
    out += ",";
  }
  if (n == 0) out += "0";
  out += "\n}";
  return out;
}

}  // namespace mcuforge::c99
