// SPDX-License-Identifier: Apache-2.0
// The one way commands load a model: read the file (import/read_model.h, which runs nothing), then run
// the "optimize" pipeline (passes/pass_registry.h: fold constants, remove dead ops) that every later
// stage expects. Keeping the passes out of import lets an importer's own rewrites (e.g. folding ONNX
// quantize/dequantize pairs) run before constant folding.
#pragma once

#include <string>

#include "ir/graph.h"
#include "passes/pass_registry.h"

namespace mcuforge::passes {

// Reads `path` and optimizes it (optimize_model). Throws mcuforge::Error for a file that cannot be read
// or is not a valid model.
ir::Graph load_model(const std::string& path, const PassContext& context = {});

// What load_model does to a graph it has read (also for graphs read from memory: fuzzing, tests).
// Checks the IR invariants first and throws mcuforge::Error naming a broken one (the importer let a
// malformed model through: bad input, not a compiler bug); then runs the "optimize" pipeline.
void optimize_model(ir::Graph& graph, const PassContext& context = {});

}  // namespace mcuforge::passes
