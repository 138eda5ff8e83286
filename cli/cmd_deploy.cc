// SPDX-License-Identifier: Apache-2.0
// `mcuforge deploy MODEL --board B [--project KIND] -o DIR [--input F ...] [--labels F] [--force]`:
// checks the fit (refuses a model that does not fit unless --force), compiles the model for the
// board's core and writes a complete firmware project for the board's ecosystem (api::deploy), whose
// demo runs one inference on a built-in test input and prints the result, the time and the arena size.
// Exit codes: 0 written, 2 bad input or refused.
#include <fmt/format.h>

#include "api/api.h"
#include "commands.h"
#include "fit_report.h"

namespace mcuforge::cli {

int deploy_command(const DeployOptions& o) {
  api::DeployRequest req;
  req.model = o.model;
  req.board = o.board;
  req.project = o.project;
  req.output_dir = o.output_dir;
  req.name = o.name;
  req.input_files = o.inputs;
  req.labels_file = o.labels;
  req.flash_budget = o.flash_budget;
  req.kernels = o.kernels;
  req.force = o.force;
  if (!o.json) {
    // Fit first: the same report as `mcuforge check`, before a refusal.
    req.on_fit = [](const api::BoardFit& f) {
      print_fit_report(*f.facts, f.fit);
      fmt::print("\n");
    };
  }
  const api::DeployResult r = api::deploy(req);
  const deploy::Project& project = r.project;
  const std::string& out_dir = o.output_dir;

  if (o.json) {
    nlohmann::json j = r.to_json();
    j["output_dir"] = out_dir;
    fmt::print("{}\n", j.dump(2));
    return 0;
  }
  const target::Board& board = *r.fit.fit.board;
  fmt::print("Deployed {} to {}: {} project in {} ({} files{})\n", r.model_file, board.name,
             deploy::kind_name(r.kind), out_dir, project.files.size(), r.fit.fit.fits ? "" : ", forced: it does not fit");
  fmt::print("  arena {} B + state {} B static RAM, weights {} B in flash, kernels for {}\n",
             project.report["arena_bytes"].get<int64_t>(), project.report["state_bytes"].get<int64_t>(),
             project.report["weights_bytes"].get<int64_t>(), project.report["deploy"]["compile_core"].get<std::string>());
  fmt::print("  demo input: {}\n", r.input_note);
  fmt::print("Build:\n");
  for (const auto& c : project.build_commands) fmt::print("  cd {} && {}\n", out_dir, c);
  fmt::print("Flash:\n");
  for (const auto& c : project.flash_commands) fmt::print("  cd {} && {}\n", out_dir, c);
  fmt::print("(see {}/README.md)\n", out_dir);
  return 0;
}

}  // namespace mcuforge::cli
