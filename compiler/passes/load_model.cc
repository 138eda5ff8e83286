// SPDX-License-Identifier: Apache-2.0
#include "passes/load_model.h"

#include "diagnostics/error.h"
#include "import/read_model.h"
#include "ir/verify.h"

namespace mcuforge::passes {

ir::Graph load_model(const std::string& path, const PassContext& context) {
  ir::Graph g = import::read_model(path);
  optimize_model(g, context);
  return g;
}

void optimize_model(ir::Graph& graph, const PassContext& context) {
  const std::vector<std::string> problems = ir::find_problems(graph, 1);
  if (!problems.empty()) {
    throw Error("the model is not a valid graph: " + problems[0],
                "the file is corrupt, or its converter wrote an inconsistent model");
  }
  run_pipeline(graph, "optimize", context);
}

}  // namespace mcuforge::passes
