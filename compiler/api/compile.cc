// SPDX-License-Identifier: Apache-2.0
// api::compile: C99 for a core of the table (or generic), with the exact memory plan.
#include <filesystem>

#include "api/api.h"
#include "api/file_util.h"
#include "target/cores.h"

namespace mcuforge::api {

CompileResult compile(const CompileRequest& request) {
  const target::CompileTarget t = target::compile_target(request.core);  // unknown core: before loading
  const ir::Graph g = load_model(request.model);
  emit::CompileOptions eo;
  eo.name = request.name;
  eo.core = request.core;  // report.json names the core as asked (an alias stays an alias)
  eo.features = t.features;
  eo.source_file = std::filesystem::path(request.model).filename().string();
  eo.source_sha256 = sha256_of_file(request.model);
  CompileResult r;
  r.core = t.core;
  r.compiled = emit::compile_model(g, eo);
  return r;
}

nlohmann::json CompileResult::to_json() const { return compiled.report; }

}  // namespace mcuforge::api
