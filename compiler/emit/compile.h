// SPDX-License-Identifier: Apache-2.0
// Ahead-of-time compilation of a graph into C99: prepares every op, plans the arena exactly, and
// writes the model header/source/weights, the runtime files it needs and report.json.
// Output is deterministic: the same model and options give the same bytes.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <string>

#include "ir/graph.h"

namespace mcuforge::emit {

struct CompileOptions {
  std::string name = "model";   // C identifier prefix of every generated symbol
  std::string source_file;      // for the banner
  std::string source_sha256;    // for the banner
  int64_t alignment = 8;        // arena alignment of every buffer
};

struct CompiledModel {
  std::map<std::string, std::string> files;  // relative path -> contents
  nlohmann::json report;
};

// Throws mcuforge::Error if an op cannot run or cannot be generated yet, or the name is not a valid
// C identifier.
CompiledModel compile_model(const ir::Graph& graph, const CompileOptions& options);

}  // namespace mcuforge::emit
