// SPDX-License-Identifier: Apache-2.0
// Test inputs for `verify` and `deploy`: read from .npy / raw files (checked against the model's
// input), or generated deterministically (SplitMix64: golden input set seed-1 of ../shared/golden).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "ir/graph.h"

namespace mcuforge::api {

std::vector<std::vector<uint8_t>> generated_inputs(const ir::Graph& g, uint64_t seed);

// Input k of the model from `path`: a .npy of the tensor's dtype and shape, or raw bytes of exactly
// its size. For a quantized int8/int16 input a .npy may also hold real values (float32), quantized
// here as TFLM's QUANTIZE does (q = clamp(round(x / scale) + zero_point)), or, for int8, uint8 data
// (pixels): TFLite's uint8 -> int8 convention, q = p - 128 (same scale, zero point + 128), which is
// what MLPerf Tiny's int8 models expect of raw pixels. `note` (if given) then says what was done.
std::vector<uint8_t> read_input(const std::string& path, const ir::Tensor& t, size_t k, std::string* note = nullptr);

}  // namespace mcuforge::api
