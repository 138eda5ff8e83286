// SPDX-License-Identifier: Apache-2.0
// Minimal reader/writer for NumPy .npy files (format 1.0-3.0, little-endian, C order), for CLI I/O.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "ir/dtype.h"

namespace mcuforge::data {

struct NpyArray {
  ir::DType dtype = ir::DType::kFloat32;
  std::vector<int64_t> shape;
  std::vector<uint8_t> data;
};

// Throws mcuforge::Error with the reason when the file is not a readable .npy.
NpyArray read_npy(const std::string& path);
// The same for the file's bytes (`path` names it in messages); the fuzz target's entry point.
NpyArray parse_npy(const std::vector<uint8_t>& bytes, const std::string& path);
std::vector<uint8_t> encode_npy(ir::DType dtype, const std::vector<int32_t>& shape,
                                const std::vector<uint8_t>& data);

}  // namespace mcuforge::data
