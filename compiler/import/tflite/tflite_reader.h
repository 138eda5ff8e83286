// SPDX-License-Identifier: Apache-2.0
// Reads a .tflite flatbuffer into the IR. Model files are untrusted: the flatbuffers verifier runs
// first, then every index, shape, buffer and quantization parameter is checked, so that a corrupt or
// impossible model gives one Error naming the problem instead of a crash.
#pragma once

#include <cstdint>
#include <span>
#include <string>

#include "ir/graph.h"

namespace mcuforge::tflite {

// Limits that keep a hostile file from causing huge allocations. Real MCU models are far below them.
constexpr int64_t kMaxTensorBytes = int64_t{256} << 20;
constexpr int64_t kMaxActivationBytes = int64_t{1} << 30;
constexpr int64_t kMaxConstantBytes = int64_t{512} << 20;  // all constant tensors together (copied)
constexpr int64_t kMaxFileBytes = int64_t{1} << 31;

ir::Graph read_tflite(std::span<const uint8_t> bytes);
ir::Graph read_tflite_file(const std::string& path);

}  // namespace mcuforge::tflite
