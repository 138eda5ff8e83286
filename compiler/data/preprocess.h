// SPDX-License-Identifier: Apache-2.0
// Inside the data stage: element values -> the real values of a model input, as Preprocess says
// (x * scale + offset, then (x - mean) / std per channel, or the dequantization of values that are
// already the input's quantized integers), shared by every source kind.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "data/dataset.h"

namespace mcuforge::data {

// The dtypes sample values may have (.npy arrays, raw .bin samples).
bool is_value_dtype(ir::DType t);
// Throws unless the preprocessing fits the input: mean/std of one value or one per channel (the
// input's last axis), std without zeros, finite scale/offset, a known channel order.
void check_preprocess(const Preprocess& pre, const InputSpec& in);
// Raw integers of a quantized input's own dtype with no scale/offset/mean/std are already quantized
// values: the zero point they dequantize with (the input's scale). uint8 data for an int8 input
// follow TFLite's uint8 -> int8 convention (zero point + 128: the int8 value is p - 128). nullopt:
// the values are mapped by x * scale + offset instead.
std::optional<int64_t> quantized_zero_point(ir::DType raw, const InputSpec& in, const Preprocess& pre);

// `count` little-endian elements of `raw` (an is_value_dtype) at `bytes` -> real values of input `in`.
std::vector<float> raw_to_real(const uint8_t* bytes, size_t count, ir::DType raw, const InputSpec& in,
                               const Preprocess& pre);
// Decoded values (image pixels after resize and channel order) -> real values: scale, offset, mean, std.
std::vector<float> map_values(const std::vector<float>& x, const InputSpec& in, const Preprocess& pre);

// How raw values of `raw` were read, for Dataset::notes ("int8 values taken as the input's quantized
// values (scale 0.5847, zero point 83)", "uint8 values x * 0.00392157").
std::string describe_mapping(ir::DType raw, const InputSpec& in, const Preprocess& pre);

}  // namespace mcuforge::data
