// SPDX-License-Identifier: Apache-2.0
// Ahead-of-time compilation of a graph into C99: prepares every op, plans the arena exactly, and
// writes the model header/source/weights, the runtime files it needs and report.json.
// Output is deterministic: the same model and options give the same bytes.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "ir/graph.h"
#include "ops/op.h"

namespace mcuforge::emit {

struct CompileOptions {
  std::string name = "model";   // C identifier prefix of every generated symbol
  std::string source_file;      // for the banner
  std::string source_sha256;    // for the banner
  int64_t alignment = 8;        // arena alignment of every buffer
  // Target core, as resolved by target::compile_target() from the table of cores (boards/cores):
  // `features` picks the kernel variants (none: the portable reference kernels everywhere; Arm DSP:
  // the *__cm_dsp variants where they apply), `core` names it in report.json ("generic": no core).
  // Output is identical either way; the generated C builds on any compiler.
  std::string core = "generic";
  ops::TargetFeatures features;
};

struct CompiledModel {
  std::map<std::string, std::string> files;  // relative path -> contents
  nlohmann::json report;
};

// Throws mcuforge::Error if an op cannot run or cannot be generated yet, or the name is not a valid
// C identifier.
CompiledModel compile_model(const ir::Graph& graph, const CompileOptions& options);

}  // namespace mcuforge::emit
