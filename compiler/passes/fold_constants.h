// SPDX-License-Identifier: Apache-2.0
// Constant folding: ops whose inputs are all constants (and every SHAPE, since shapes are static) are
// computed once at compile time with their own prepare + runtime kernel, their outputs become constant
// tensors, and the ops are dropped. This is what lets models that build tensors at run time from
// shapes (e.g. SHAPE -> STRIDED_SLICE -> PACK -> FILL for an LSTM's zero state) run, where TFLM
// rejects the non-constant FILL dims.
#pragma once

#include <cstddef>

#include "ir/graph.h"

namespace mcuforge::passes {

// Folds in execution order, so chains of constant ops fold completely. An op that cannot be prepared
// is left in place (running the graph then reports why). Tensor indices are unchanged; the remaining
// ops are renumbered (Op::index = position). Returns the number of ops removed.
size_t fold_constants(ir::Graph& graph);

}  // namespace mcuforge::passes
