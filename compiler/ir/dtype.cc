// SPDX-License-Identifier: Apache-2.0
#include "ir/dtype.h"

#include <limits>

namespace mcuforge::ir {

size_t dtype_size(DType t) {
  switch (t) {
    case DType::kFloat32: return 4;
    case DType::kFloat16: return 2;
    case DType::kFloat64: return 8;
    case DType::kInt8: return 1;
    case DType::kUInt8: return 1;
    case DType::kInt16: return 2;
    case DType::kUInt16: return 2;
    case DType::kInt32: return 4;
    case DType::kUInt32: return 4;
    case DType::kInt64: return 8;
    case DType::kUInt64: return 8;
    case DType::kBool: return 1;
    case DType::kComplex64: return 8;
    case DType::kComplex128: return 16;
    case DType::kBFloat16: return 2;
    default: return 0;
  }
}

std::string_view dtype_name(DType t) {
  switch (t) {
    case DType::kFloat32: return "float32";
    case DType::kFloat16: return "float16";
    case DType::kFloat64: return "float64";
    case DType::kInt8: return "int8";
    case DType::kUInt8: return "uint8";
    case DType::kInt16: return "int16";
    case DType::kUInt16: return "uint16";
    case DType::kInt32: return "int32";
    case DType::kUInt32: return "uint32";
    case DType::kInt64: return "int64";
    case DType::kUInt64: return "uint64";
    case DType::kBool: return "bool";
    case DType::kInt4: return "int4";
    case DType::kString: return "string";
    case DType::kComplex64: return "complex64";
    case DType::kComplex128: return "complex128";
    case DType::kResource: return "resource";
    case DType::kVariant: return "variant";
    case DType::kBFloat16: return "bfloat16";
  }
  return "unknown";
}

int64_t dtype_min(DType t) {
  switch (t) {
    case DType::kInt8: return std::numeric_limits<int8_t>::min();
    case DType::kInt16: return std::numeric_limits<int16_t>::min();
    case DType::kInt32: return std::numeric_limits<int32_t>::min();
    case DType::kInt64: return std::numeric_limits<int64_t>::min();
    case DType::kInt4: return -8;
    default: return 0;
  }
}

int64_t dtype_max(DType t) {
  switch (t) {
    case DType::kInt8: return std::numeric_limits<int8_t>::max();
    case DType::kUInt8: return std::numeric_limits<uint8_t>::max();
    case DType::kInt16: return std::numeric_limits<int16_t>::max();
    case DType::kUInt16: return std::numeric_limits<uint16_t>::max();
    case DType::kInt32: return std::numeric_limits<int32_t>::max();
    case DType::kUInt32: return std::numeric_limits<uint32_t>::max();
    case DType::kInt64: return std::numeric_limits<int64_t>::max();
    case DType::kUInt64: return std::numeric_limits<int64_t>::max();
    case DType::kInt4: return 7;
    case DType::kBool: return 1;
    default: return 0;
  }
}

bool dtype_is_integer(DType t) {
  switch (t) {
    case DType::kInt8:
    case DType::kUInt8:
    case DType::kInt16:
    case DType::kUInt16:
    case DType::kInt32:
    case DType::kUInt32:
    case DType::kInt64:
    case DType::kUInt64:
    case DType::kInt4:
      return true;
    default:
      return false;
  }
}

}  // namespace mcuforge::ir
