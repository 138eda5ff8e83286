// SPDX-License-Identifier: Apache-2.0
// The arena size TensorFlow Lite Micro needs for a model: what `MicroInterpreter::arena_used_bytes()`
// reports after `AllocateTensors()` with the reference kernels, computed from the IR without running
// TFLM. It is the sum of
//   head: TFLM's GreedyMemoryPlanner over every non-constant, non-variable tensor and every scratch
//         buffer the kernels request in Prepare (sizes rounded up to 16, lifetimes in op scopes), and
//   tail: the persistent allocations, replayed in TFLM's order with TFLM's alignments: the allocator
//         and planner objects, one TfLiteEvalTensor per tensor, one node-and-registration per op, the
//         parsed builtin options, each kernel's OpData and per-channel arrays, scratch buffer handles,
//         variable tensors and the TfLiteTensor copies (with quantization) of the graph inputs/outputs.
// Struct sizes follow the target's pointer size: 4 for Cortex-M (the default), 8 for a 64-bit host.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "ir/graph.h"

namespace mcuforge::exporter {

struct TflmArena {
  int64_t total = 0;  // arena_used_bytes()
  int64_t head = 0;   // planned tensors + scratch buffers
  int64_t tail = 0;   // persistent section
  // Ops whose persistent/scratch use is not modelled exactly (of the custom ops, the Signal* kernels
  // of the audio front end (Window, FftAutoScale, Rfft, Energy, FilterBank*, PCAN) are modelled;
  // other custom ops are not): the figure is then a lower bound.
  std::vector<std::string> approximate_ops;
  bool exact() const { return approximate_ops.empty(); }
};

// pointer_size: 4 (32-bit MCU, e.g. Cortex-M) or 8 (64-bit host build of TFLM).
TflmArena tflm_arena_size(const ir::Graph& g, int pointer_size = 4);

}  // namespace mcuforge::exporter
