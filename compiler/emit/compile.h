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

namespace mcuforge::emit {

struct CompileOptions {
  std::string name = "model";   // C identifier prefix of every generated symbol
  std::string source_file;      // for the banner
  std::string source_sha256;    // for the banner
  int64_t alignment = 8;        // arena alignment of every buffer
  // Target core: picks kernel variants (see core_names()). "generic" calls the portable reference
  // kernels everywhere; a DSP core (Cortex-M4/M7/M33/M55) calls the *__cm_dsp variants where they
  // apply. Output is identical either way; the generated C builds on any compiler.
  std::string core = "generic";
};

// The values CompileOptions::core accepts, e.g. "generic", "cortex-m4".
std::vector<std::string> core_names();

struct CompiledModel {
  std::map<std::string, std::string> files;  // relative path -> contents
  nlohmann::json report;
};

// Throws mcuforge::Error if an op cannot run or cannot be generated yet, or the name is not a valid
// C identifier.
CompiledModel compile_model(const ir::Graph& graph, const CompileOptions& options);

}  // namespace mcuforge::emit
