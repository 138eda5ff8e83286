// SPDX-License-Identifier: Apache-2.0
// `mcuforge compile MODEL -o DIR [--name NAME] [--core CORE] [--json]`: ahead-of-time C code with an
// exact memory plan; --core picks kernel variants (e.g. cortex-m4: the DSP ones). Everything is
// generated in memory first; files are then written atomically, so a model that cannot be compiled
// leaves DIR untouched.
#include <fmt/format.h>

#include <filesystem>

#include "commands.h"
#include "diagnostics/error.h"
#include "emit/compile.h"
#include "file_util.h"
#include "passes/load_model.h"

namespace mcuforge::cli {
namespace fs = std::filesystem;

int compile_command(const CompileOptions& o) {
  const ir::Graph g = passes::load_model(o.model);
  emit::CompileOptions eo;
  eo.name = o.name;
  eo.core = o.core;
  eo.source_file = fs::path(o.model).filename().string();
  eo.source_sha256 = sha256_of_file(o.model);
  const emit::CompiledModel cm = emit::compile_model(g, eo);

  std::error_code ec;
  fs::create_directories(o.output_dir, ec);
  if (ec || !fs::is_directory(o.output_dir)) {
    throw Error("cannot create output directory '" + o.output_dir + "'", "check the path and permissions");
  }
  for (const auto& [rel, text] : cm.files) {
    const fs::path path = fs::path(o.output_dir) / rel;
    fs::create_directories(path.parent_path(), ec);
    write_atomically(path, text);
  }
  if (o.json) {
    fmt::print("{}\n", cm.report.dump(2));
    return 0;
  }
  const auto& r = cm.report;
  fmt::print("Compiled {} -> {}/{}_model.c\n", o.model, o.output_dir, o.name);
  fmt::print("  arena     {:>9} bytes  (planned activations, {} planner; live peak {})\n",
             r["arena_bytes"].get<int64_t>(), r["planner"].get<std::string>(), r["live_peak_bytes"].get<int64_t>());
  fmt::print("  state     {:>9} bytes\n", r["state_bytes"].get<int64_t>());
  fmt::print("  RAM total {:>9} bytes\n", r["ram_bytes"].get<int64_t>());
  fmt::print("  weights   {:>9} bytes  (const, in flash)\n", r["weights_bytes"].get<int64_t>());
  fmt::print("  ops {}, MACs {}, kernels {}\n", r["ops"].size(), r["total_macs"].get<int64_t>(), r["kernels"].size());
  return 0;
}

}  // namespace mcuforge::cli
