// SPDX-License-Identifier: Apache-2.0
// `mcuforge deploy MODEL --board B [--project KIND] -o DIR [--input F ...] [--labels F] [--force]`:
// checks the fit (refuses a model that does not fit unless --force), compiles the model for the
// board's core and writes a complete firmware project for the board's ecosystem, whose demo runs one
// inference on a built-in test input and prints the result, the time and the arena size.
// The project is generated in memory, written to a temporary directory beside DIR and renamed into
// place, so a failure leaves no half-written project. Exit codes: 0 written, 2 bad input or refused.
#include <fmt/format.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>

#include "commands.h"
#include "deploy/deploy.h"
#include "diagnostics/error.h"
#include "exec/executor.h"
#include "file_util.h"
#include "fit_report.h"
#include "passes/load_model.h"
#include "inputs.h"
#include "target/code_size.h"

namespace mcuforge::cli {
namespace fs = std::filesystem;
namespace {

constexpr const char* kMarker = "mcuforge-report.json";  // what makes a directory a previous deploy

std::string default_name(const std::string& model) {
  std::string s = fs::path(model).stem().string();
  for (char& c : s)
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  if (s.empty() || std::isdigit(static_cast<unsigned char>(s[0]))) s = "model_" + s;
  if (s.size() > 40) s.resize(40);
  return s;
}

std::vector<std::string> read_labels(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw Error("cannot read --labels file '" + path + "'", "give a text file with one class name per line");
  std::vector<std::string> labels;
  std::string line;
  while (std::getline(in, line)) {
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ' || line.back() == '\t')) line.pop_back();
    labels.push_back(line);
  }
  while (!labels.empty() && labels.back().empty()) labels.pop_back();
  if (labels.empty()) throw Error("--labels file '" + path + "' is empty", "give one class name per line");
  for (const std::string& l : labels)
    if (l.size() > 64) throw Error("--labels file '" + path + "' has a line of over 64 characters", "use short class names");
  return labels;
}

// Refuses a DIR that holds something other than an earlier mcuforge project.
void check_output_dir(const fs::path& dir) {
  std::error_code ec;
  if (!fs::exists(dir, ec)) return;
  if (!fs::is_directory(dir, ec)) throw Error("output '" + dir.string() + "' exists and is not a directory", "choose another -o");
  if (fs::is_empty(dir, ec) || fs::exists(dir / kMarker, ec)) return;
  throw Error("output directory '" + dir.string() + "' is not empty and is not an mcuforge project",
              "choose a new or empty directory for -o (an earlier `mcuforge deploy` output is replaced)");
}

// Writes every file into a fresh sibling directory, then swaps it in.
void write_project(const fs::path& dir, const deploy::Files& files) {
  std::error_code ec;
  const fs::path parent = fs::absolute(dir).parent_path();
  fs::create_directories(parent, ec);
  if (!fs::is_directory(parent, ec)) throw Error("cannot create '" + parent.string() + "'", "check the path and permissions");
  std::string tmpl = (parent / (dir.filename().string() + ".partial-XXXXXX")).string();
  if (!mkdtemp(tmpl.data())) throw Error("cannot create a directory in '" + parent.string() + "'", "check the permissions");
  const fs::path tmp = tmpl;
  try {
    for (const auto& [rel, text] : files) {
      const fs::path path = tmp / rel;
      fs::create_directories(path.parent_path());
      std::ofstream out(path, std::ios::binary);
      out.write(text.data(), static_cast<std::streamsize>(text.size()));
      if (!out) throw Error("cannot write '" + path.string() + "'", "check free space and permissions");
    }
    fs::permissions(tmp, fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec | fs::perms::others_read |
                             fs::perms::others_exec);
    fs::path old;
    if (fs::exists(dir)) {
      old = parent / (dir.filename().string() + ".old-" + tmp.filename().string().substr(tmp.filename().string().size() - 6));
      fs::rename(dir, old);
    }
    fs::rename(tmp, dir);
    if (!old.empty()) fs::remove_all(old, ec);
  } catch (const fs::filesystem_error& e) {
    fs::remove_all(tmp, ec);
    throw Error(std::string("cannot write the project: ") + e.what(), "check free space and permissions");
  } catch (...) {
    fs::remove_all(tmp, ec);
    throw;
  }
}

}  // namespace

int deploy_command(const DeployOptions& o) {
  const target::BoardDb& db = target::board_db();
  const target::Board* board = db.find_board(o.board);
  if (!board) throw Error(fmt::format("unknown board '{}'", o.board), fmt::format("valid boards: {}", db.board_ids()));
  deploy::ProjectKind kind = deploy::offered_kinds(*board).front();
  if (!o.project.empty()) {
    auto k = deploy::parse_kind(o.project);
    if (!k) throw Error("unknown project kind '" + o.project + "'", "use one of: " + deploy::all_kind_names());
    kind = *k;
    deploy::require_offered(*board, kind);  // before the fit report: nothing else to say
  }
  const std::string name = o.name.empty() ? default_name(o.model) : o.name;
  const fs::path out_dir = o.output_dir;
  check_output_dir(out_dir);

  // Fit first: the same report as `mcuforge check`.
  const bool reference = o.kernels == "reference";
  const target::ModelFacts facts = model_facts(o.model, reference ? "generic" : deploy::compile_core(*board));
  target::CodeSize cs = facts.compiled ? target::measure_code_size(facts.code, *board->core, db) : target::CodeSize{};
  if (!facts.compiled) cs.weights_bytes = facts.weights_bytes;
  target::CheckOptions co;
  co.flash_budget_pct = o.flash_budget;
  target::FitResult fit = target::check_fit(facts, *board, cs, co, db);
  if (!o.json) {
    print_fit_report(facts, fit);
    fmt::print("\n");
  }
  if (!fit.ops_ok) {
    throw Error(fmt::format("{} has ops mcuforge cannot run: {}", facts.model, fit.unsupported_ops.front()),
                "see `mcuforge check` for every op; convert the model with supported ops");
  }
  if (!fit.fits && !o.force) {
    std::string why = !fit.flash_ok && !fit.ram_ok ? "flash and RAM" : !fit.flash_ok ? "flash" : "RAM";
    throw Error(fmt::format("{} does not fit {} ({}): nothing was written", facts.model, board->id, why),
                "pick a bigger board (`mcuforge check MODEL --board all`), shrink the model, or pass --force to deploy anyway");
  }

  const ir::Graph g = passes::load_model(o.model);
  deploy::DeployRequest req;
  req.graph = &g;
  req.board = board;
  req.kind = kind;
  req.name = name;
  req.model_file = fs::path(o.model).filename().string();
  req.model_sha256 = sha256_of_file(o.model);
  req.reference_kernels = reference;
  for (const auto& pl : fit.placements)
    if (pl.what == "arena" && !pl.external) req.arena_region = pl.region;
  if (!o.inputs.empty()) {
    if (o.inputs.size() != g.inputs.size())
      throw Error(fmt::format("the model has {} input(s) but {} --input file(s) were given", g.inputs.size(), o.inputs.size()),
                  "pass one --input per model input, in order (see `mcuforge inspect`), or none for a generated input");
    std::string note;
    for (size_t k = 0; k < o.inputs.size(); ++k) {
      req.app.inputs.push_back(read_input(o.inputs[k], g.tensor(g.inputs[k]), k));
      note += (note.empty() ? "" : ", ") + fs::path(o.inputs[k]).filename().string();
    }
    req.app.input_note = note;
  } else {
    req.app.inputs = generated_inputs(g, 1);
    req.app.input_note = "generated (SplitMix64 seed 1)";
  }
  if (!o.labels.empty()) req.app.labels = read_labels(o.labels);
  exec::Executor executor(g);
  req.app.expected = executor.invoke(req.app.inputs);

  const deploy::Project project = deploy::make_project(req);
  write_project(out_dir, project.files);

  if (o.json) {
    nlohmann::json j = project.report["deploy"];
    j["output_dir"] = out_dir.string();
    j["files"] = project.files.size();
    j["fits"] = fit.fits;
    j["fit"] = fit.to_json();
    j["arena_bytes"] = project.report["arena_bytes"];
    j["ram_bytes"] = project.report["ram_bytes"];
    j["weights_bytes"] = project.report["weights_bytes"];
    fmt::print("{}\n", j.dump(2));
    return 0;
  }
  fmt::print("Deployed {} to {}: {} project in {} ({} files{})\n", req.model_file, board->name,
             deploy::kind_name(kind), out_dir.string(), project.files.size(), fit.fits ? "" : ", forced: it does not fit");
  fmt::print("  arena {} B + state {} B static RAM, weights {} B in flash, kernels for {}\n",
             project.report["arena_bytes"].get<int64_t>(), project.report["state_bytes"].get<int64_t>(),
             project.report["weights_bytes"].get<int64_t>(), project.report["deploy"]["compile_core"].get<std::string>());
  fmt::print("  demo input: {}\n", req.app.input_note);
  fmt::print("Build:\n");
  for (const auto& c : project.build_commands) fmt::print("  cd {} && {}\n", out_dir.string(), c);
  fmt::print("Flash:\n");
  for (const auto& c : project.flash_commands) fmt::print("  cd {} && {}\n", out_dir.string(), c);
  fmt::print("(see {}/README.md)\n", out_dir.string());
  return 0;
}

}  // namespace mcuforge::cli
