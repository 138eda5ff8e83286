// SPDX-License-Identifier: Apache-2.0
// api::deploy: the fit (the same BoardFitter as `check`), then a complete firmware project for the
// board's ecosystem compiled with the same kernels, whose demo checks its own outputs. The project is
// generated in memory; with an output directory it is written to a temporary directory beside it and
// renamed into place, so a failure leaves no half-written project.
#include <fmt/format.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "api/api.h"
#include "api/file_util.h"
#include "api/inputs.h"
#include "diagnostics/error.h"
#include "exec/executor.h"

namespace mcuforge::api {
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

DeployResult deploy(const DeployRequest& request) {
  const target::BoardDb& db = target::board_db();
  const target::Board* board = db.find_board(request.board);
  if (!board) throw Error(fmt::format("unknown board '{}'", request.board), fmt::format("valid boards: {}", db.board_ids()));
  DeployResult r;
  r.kind = deploy::offered_kinds(*board).front();
  if (!request.project.empty()) {
    auto k = deploy::parse_kind(request.project);
    if (!k) throw Error("unknown project kind '" + request.project + "'", "use one of: " + deploy::all_kind_names());
    r.kind = *k;
    deploy::require_offered(*board, r.kind);  // before the fit report: nothing else to say
  }
  if (request.kernels != "auto" && request.kernels != "reference")
    throw Error("unknown --kernels '" + request.kernels + "'", "use auto (the core's kernel variants) or reference");
  r.name = request.name.empty() ? default_name(request.model) : request.name;
  r.model_file = fs::path(request.model).filename().string();
  if (!request.output_dir.empty()) check_output_dir(request.output_dir);

  // Fit first: the same compile path and report as `mcuforge check`.
  const ir::Graph g = load_model(request.model);
  const bool reference = request.kernels == "reference";
  target::CheckOptions co;
  co.flash_budget_pct = request.flash_budget;
  BoardFitter fitter(g, r.model_file, reference, co);
  r.fit = fitter.fit(*board);
  const target::FitResult& fit = r.fit.fit;
  if (request.on_fit) request.on_fit(r.fit);
  if (!fit.ops_ok) {
    throw Error(fmt::format("{} has ops mcuforge cannot run: {}", r.model_file, fit.unsupported_ops.front()),
                "see `mcuforge check` for every op; convert the model with supported ops");
  }
  if (!fit.fits && !request.force) {
    std::string why = !fit.flash_ok && !fit.ram_ok ? "flash and RAM" : !fit.flash_ok ? "flash" : "RAM";
    throw Error(fmt::format("{} does not fit {} ({}): nothing was written", r.model_file, board->id, why),
                "pick a bigger board (`mcuforge check MODEL --board all`), shrink the model, or pass --force to deploy anyway");
  }

  deploy::DeployRequest req;
  req.graph = &g;
  req.board = board;
  req.kind = r.kind;
  req.name = r.name;
  req.model_file = r.model_file;
  req.model_sha256 = sha256_of_file(request.model);
  req.reference_kernels = reference;
  for (const auto& pl : fit.placements)
    if (pl.what == "arena" && !pl.external) req.arena_region = pl.region;
  if (!request.input_files.empty()) {
    if (request.input_files.size() != g.inputs.size())
      throw Error(fmt::format("the model has {} input(s) but {} --input file(s) were given", g.inputs.size(),
                              request.input_files.size()),
                  "pass one --input per model input, in order (see `mcuforge inspect`), or none for a generated input");
    std::string note;
    for (size_t k = 0; k < request.input_files.size(); ++k) {
      std::string converted;
      req.app.inputs.push_back(read_input(request.input_files[k], g.tensor(g.inputs[k]), k, &converted));
      note += (note.empty() ? "" : ", ") + fs::path(request.input_files[k]).filename().string();
      if (!converted.empty()) note += " (" + converted + ")";
    }
    req.app.input_note = note;
  } else {
    req.app.inputs = generated_inputs(g, 1);
    req.app.input_note = "generated (SplitMix64 seed 1)";
  }
  r.input_note = req.app.input_note;
  if (!request.labels_file.empty()) req.app.labels = read_labels(request.labels_file);
  exec::Executor executor(g);
  req.app.expected = executor.invoke(req.app.inputs);

  r.project = deploy::make_project(req);
  // One compile path: the project was compiled for the same target as the fit.
  if (r.project.report["deploy"]["compile_core"] != r.fit.compile_core ||
      r.project.report["arena_bytes"] != r.fit.facts->arena_bytes ||
      r.project.report["kernels"] != nlohmann::json(r.fit.facts->code.kernels))
    throw std::logic_error("deploy: the project was compiled differently from its fit check");
  if (!request.output_dir.empty()) write_project(request.output_dir, r.project.files);
  return r;
}

nlohmann::json DeployResult::to_json() const {
  nlohmann::json j = project.report["deploy"];
  j["files"] = project.files.size();
  j["fits"] = fit.fit.fits;
  j["fit"] = fit.to_json();
  j["arena_bytes"] = project.report["arena_bytes"];
  j["ram_bytes"] = project.report["ram_bytes"];
  j["weights_bytes"] = project.report["weights_bytes"];
  j["kernels"] = project.report["kernels"];
  return j;
}

}  // namespace mcuforge::api
