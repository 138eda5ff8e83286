// SPDX-License-Identifier: Apache-2.0
// Resize family, target pipeline: a BATCH_MATMUL whose RHS is a constant stored [..., depth, cols]
// (adj_y false) makes the kernel transpose it into scratch on every invocation, as TFLM does. This
// pass transposes the constant's last two axes once at compile time and sets adj_y, so the kernel
// reads it as it is: no RHS scratch, no per-call copy, the same products summed in the same order
// (bit-identical outputs). Only constants that nothing else reads and that are quantized per tensor
// (or not at all) are rewritten. Run by `compile` on its own copy of the graph.
#pragma once

#include "ir/graph.h"

namespace mcuforge::passes {

// Returns the number of ops rewritten.
int pack_matmul_rhs(ir::Graph& g);

}  // namespace mcuforge::passes
