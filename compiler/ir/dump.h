// SPDX-License-Identifier: Apache-2.0
// A readable listing of a graph for debugging (`mcuforge --print-after PASS`): a header line with the
// graph's inputs and outputs, then one line per op with every operand's index, name, shape, type and
// kind, so that what a pass changed can be read off a diff of two dumps.
#pragma once

#include <string>

#include "ir/graph.h"

namespace mcuforge::ir {

// "activation", "constant" or "state".
const char* tensor_kind_name(TensorKind kind);

// One operand: "t5 'conv1' [1, 24, 24, 8] int8 activation" ("-" for an absent optional input).
std::string describe_tensor(const Graph& g, int32_t index);

// The whole graph, newline-terminated lines:
//   graph: 12 tensors, 3 ops; inputs t0; outputs t11
//   op 0 CONV_2D: t0 'input' [1, 49, 10, 1] int8 activation, t1 ... -> t5 'conv1' [...] int8 activation
std::string dump(const Graph& g);

}  // namespace mcuforge::ir
