// SPDX-License-Identifier: Apache-2.0
// The IR verifier: the structural invariants that ops' prepare, the planner, the executor and the
// emitter take for granted, checked in one place. The pass pipeline (passes/pass_registry.h) runs it
// after every pass, so a pass that breaks the graph is caught at that pass and not as a wrong output or
// a crash three stages later.
//
// Invariants:
// - every tensor index (op inputs and outputs, graph inputs and outputs) names a tensor; kNoTensor
//   appears only among op inputs (an absent optional input: which inputs are optional is the op's
//   prepare to decide);
// - Op::index == its position in Graph::ops;
// - execution order: every op input is written (by an earlier op or as a graph input) before it is
//   read; constants and state tensors are ready from the start. Custom and unsupported ops are not
//   judged on their inputs (their operand conventions are not ours; nothing can run them anyway);
// - at most one op writes each tensor, except state tensors; no op writes a constant or a graph input;
// - graph inputs are activations; every graph output is computed (or a constant/state tensor);
// - tensor shapes have no negative dimension; constant data has exactly shape x dtype size bytes (and a
//   dtype with a size), a state tensor's initial data that size or none, an activation no data;
// - quantization: as many zero points as scales; per-channel parameters have their axis inside the
//   tensor's rank and one scale per index of that dimension.
#pragma once

#include <string>
#include <vector>

#include "ir/graph.h"

namespace mcuforge::ir {

// Every broken invariant, one sentence each naming the op or tensor (at most `limit`, in graph order);
// empty when the graph is well-formed.
std::vector<std::string> find_problems(const Graph& g, size_t limit = 20);

// Throws std::logic_error "<context>: <first problem> (and N more)" when find_problems reports
// anything. For the pipeline a broken graph is a compiler bug, not bad input: `context` names the pass.
void verify(const Graph& g, const std::string& context);

}  // namespace mcuforge::ir
