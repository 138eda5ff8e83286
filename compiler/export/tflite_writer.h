// SPDX-License-Identifier: Apache-2.0
// Writes an IR graph as a .tflite flatbuffer (schema version 3, our own import/tflite/schema.fbs) that
// TensorFlow Lite Micro and TensorFlow Lite's interpreter load: buffer 0 empty, constant data 16-byte
// aligned, one operator code per (op, version), typed options through the generated builders and every
// other options table generically (import/tflite/options_table.h), affine quantization with its
// per-channel axis, state tensors as variables. One subgraph (mcuforge reads subgraph 0 only).
#pragma once

#include <cstdint>
#include <vector>

#include "ir/graph.h"

namespace mcuforge::exporter {

// Throws mcuforge::Error for a graph the format cannot hold (an import-only op not lowered yet).
std::vector<uint8_t> write_tflite(const ir::Graph& g);

}  // namespace mcuforge::exporter
