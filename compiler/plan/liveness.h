// SPDX-License-Identifier: Apache-2.0
// Lifetimes of the buffers a graph needs at run time, from the execution order. A buffer is one or more
// tensors that share memory (a RESHAPE output aliases its input; an element-wise op may write in place
// over an input that dies there) or an op's scratch area. Constants stay in flash and variable (state)
// tensors need their own static memory, so neither is a planned buffer.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "ir/graph.h"

namespace mcuforge::plan {

struct Buffer {
  int64_t size = 0;         // bytes
  int32_t first = 0;        // first op index at which the buffer must hold data (written)
  int32_t last = 0;         // last op index that reads it (inclusive)
  std::vector<int32_t> tensors;  // tensors stored here (empty for scratch)
  int32_t scratch_of = -1;  // op index whose scratch this is, or -1
  std::string label;        // for reports
  // This buffer (an op's output) may share memory with buffer `below_of` (that op's dying input)
  // provided it starts at least `below_distance` bytes below it: the kernel writes in increasing
  // address order and never overwrites input bytes it has still to read (in place when 0).
  int32_t below_of = -1;
  int64_t below_distance = 0;
};

// What the planner needs to know about each op beyond the graph.
struct OpMemoryInfo {
  int64_t scratch_bytes = 0;
  bool output_aliases_input = false;  // output 0 is input 0's bytes unchanged (RESHAPE-like)
  int32_t overlap_input = -1;         // input whose memory output 0 may overwrite, or -1
  int64_t overlap_distance = 0;       // how far below that input output 0 must start (0 = in place)
};

struct Lifetimes {
  std::vector<Buffer> buffers;
  std::vector<int32_t> tensor_buffer;  // tensor index -> buffer index, -1 for unplanned tensors
};

Lifetimes compute_lifetimes(const ir::Graph& graph, const std::vector<OpMemoryInfo>& ops);

// Peak of the sum of live buffer sizes over all ops. Without overlapping outputs no plan can use less
// memory than this; overlaps (Buffer::below_of) can beat it.
int64_t live_peak(const std::vector<Buffer>& buffers);

}  // namespace mcuforge::plan
