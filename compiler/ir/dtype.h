// SPDX-License-Identifier: Apache-2.0
// Element types of tensors, independent of any model format.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace mcuforge::ir {

enum class DType : uint8_t {
  kFloat32,
  kFloat16,
  kFloat64,
  kInt8,
  kUInt8,
  kInt16,
  kUInt16,
  kInt32,
  kUInt32,
  kInt64,
  kUInt64,
  kBool,
  kInt4,
  kString,
  kComplex64,
  kComplex128,
  kResource,
  kVariant,
  kBFloat16,
};

// Bytes per element; 0 for types that have no fixed size (string, resource, variant, int4).
size_t dtype_size(DType t);
std::string_view dtype_name(DType t);  // numpy-style: "int8", "float32", ...
// Inclusive value range of an integer dtype (for zero points and clamping).
int64_t dtype_min(DType t);
int64_t dtype_max(DType t);
bool dtype_is_integer(DType t);

}  // namespace mcuforge::ir
