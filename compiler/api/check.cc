// SPDX-License-Identifier: Apache-2.0
// api::check and the one compile path for a board that check and deploy share (BoardFitter): the model
// compiled with the kernels the board's core gets, sized on that core, placed into its memory.
#include <fmt/format.h>

#include <filesystem>
#include <fstream>

#include "api/api.h"
#include "diagnostics/error.h"
#include "ops/op.h"
#include "target/cores.h"

namespace mcuforge::api {
namespace fs = std::filesystem;
namespace {

// The model's facts for one compile target: ops that cannot run, or the compiled model's arena,
// kernels, per-op costs and sources (for the code size).
target::ModelFacts model_facts(const ir::Graph& g, const std::string& model_file, const target::CompileTarget& t) {
  target::ModelFacts m;
  m.model = model_file;
  for (size_t k = 0; k < g.ops.size(); ++k) {
    const ir::Op& op = g.ops[k];
    const std::string name = op.type == ir::OpType::kCustom ? "CUSTOM:" + op.name : op.name;
    if (op.name != "DEQUANTIZE")
      for (int32_t out : op.outputs)
        if (out >= 0 && g.tensor(out).dtype == ir::DType::kFloat32) m.float_compute = true;
    try {
      (void)ops::prepare(g, op);
    } catch (const Error& e) {
      m.unsupported.push_back({static_cast<int64_t>(k), name, e.what()});
    }
  }
  for (const ir::Tensor& t : g.tensors)
    if (!t.data.empty()) m.weights_bytes += static_cast<int64_t>(t.data.size());
  m.code.weights_bytes = m.weights_bytes;
  m.code.num_ops = static_cast<int64_t>(g.ops.size());
  if (!m.unsupported.empty()) return m;

  emit::CompileOptions eo;
  eo.name = "model";
  eo.core = t.core;
  eo.features = t.features;
  eo.source_file = m.model;
  const emit::CompiledModel cm = emit::compile_model(g, eo);
  const auto& r = cm.report;
  m.compiled = true;
  m.arena_bytes = r["arena_bytes"];
  m.state_bytes = r["state_bytes"];
  m.total_macs = r["total_macs"];
  m.weights_bytes = r["weights_bytes"];
  for (const auto& op : r["ops"])
    m.ops.push_back({op["op"].get<std::string>(), op["kernel"].get<std::string>(), op["macs"].get<int64_t>(),
                     op["output_bytes"].get<int64_t>()});
  m.code.name = eo.name;
  m.code.files = cm.files;
  m.code.kernels = r["kernels"].get<std::vector<std::string>>();
  m.code.weights_bytes = m.weights_bytes;
  return m;
}

bool reference_kernels(const std::string& kernels) {
  if (kernels != "auto" && kernels != "reference")
    throw Error("unknown --kernels '" + kernels + "'", "use auto (the core's kernel variants) or reference");
  return kernels == "reference";
}

void check_flash_budget(double pct) {
  if (!(pct > 0 && pct <= 100))
    throw Error(fmt::format("--flash-budget {} is not a percentage in (0, 100]", pct), "e.g. --flash-budget 75");
}

}  // namespace

BoardFitter::BoardFitter(const ir::Graph& g, std::string model_file, bool reference_kernels,
                         target::CheckOptions options)
    : graph_(g), model_file_(std::move(model_file)), reference_(reference_kernels), options_(std::move(options)) {}

BoardFit BoardFitter::fit(const target::Board& board) {
  const target::BoardDb& db = target::board_db();
  const target::CompileTarget t = target::compile_target(board, reference_);
  auto f = facts_.find(t.core);
  if (f == facts_.end())
    f = facts_.emplace(t.core, std::make_shared<const target::ModelFacts>(model_facts(graph_, model_file_, t))).first;
  const target::ModelFacts& m = *f->second;
  // Code size depends on the kernels (the compile target) and the core's toolchain.
  const std::string size_key = t.core + "/" + board.core->id;
  auto c = code_.find(size_key);
  if (c == code_.end()) {
    target::CodeSize cs = m.compiled ? target::measure_code_size(m.code, *board.core, db) : target::CodeSize{};
    if (!m.compiled) {
      cs.weights_bytes = m.weights_bytes;
      cs.method = "weights only: the model does not compile";
    }
    c = code_.emplace(size_key, cs).first;
  }
  BoardFit r;
  r.compile_core = t.core;
  r.facts = f->second;
  r.fit = target::check_fit(m, board, c->second, options_, db);
  return r;
}

nlohmann::json BoardFit::to_json() const {
  nlohmann::json j = fit.to_json();
  j["compile_core"] = compile_core;
  j["kernels"] = facts->code.kernels;
  j["arena_bytes"] = facts->compiled ? nlohmann::json(facts->arena_bytes) : nlohmann::json(nullptr);
  return j;
}

target::MeasuredInstructions read_measured(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw Error("cannot read --measured file '" + path + "'", "give a JSON file {\"core\": ..., \"instructions\": N}");
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(in);
  } catch (const nlohmann::json::exception& e) {
    throw Error("--measured file '" + path + "' is not JSON: " + e.what(), "give {\"core\": ..., \"instructions\": N}");
  }
  if (!j.contains("instructions") || !j["instructions"].is_number_integer())
    throw Error("--measured file '" + path + "' has no integer 'instructions'", "give {\"core\": ..., \"instructions\": N}");
  target::MeasuredInstructions m;
  const std::string core = j.value("core", "cortex-m4f");
  m.instructions = j["instructions"];
  m.source = path;
  const target::Core* c = target::board_db().find_core(core);
  if (!c)
    throw Error("--measured file '" + path + "': unknown core '" + core + "'",
                "use a core of boards/cores/: " + target::core_names_text(false));
  m.core = c->id;
  return m;
}

bool CheckResult::fits() const {
  for (const BoardFit& b : boards)
    if (b.fit.fits) return true;
  return false;
}

CheckResult check(const CheckRequest& request) {
  const target::BoardDb& db = target::board_db();
  if (request.board != "all" && !db.find_board(request.board))
    throw Error(fmt::format("unknown board '{}'", request.board), fmt::format("valid boards: {} (or all)", db.board_ids()));
  check_flash_budget(request.flash_budget);
  target::CheckOptions co;
  co.flash_budget_pct = request.flash_budget;
  if (!request.measured_file.empty()) co.measured = read_measured(request.measured_file);
  const bool reference = reference_kernels(request.kernels);
  const ir::Graph g = load_model(request.model);
  BoardFitter fitter(g, fs::path(request.model).filename().string(), reference, co);

  CheckResult r;
  r.model = fs::path(request.model).filename().string();
  if (request.board == "all") {
    r.all = true;
    for (const auto& b : db.boards) r.boards.push_back(fitter.fit(b));
    std::vector<target::FitResult> ranked;  // target::rank() orders fit results; boards follow them
    for (const BoardFit& b : r.boards) ranked.push_back(b.fit);
    target::rank(ranked);
    std::vector<BoardFit> boards;
    for (const auto& f : ranked)
      for (const BoardFit& b : r.boards)
        if (b.fit.board == f.board) boards.push_back(b);
    r.boards = std::move(boards);
    return r;
  }
  BoardFit one = fitter.fit(*db.find_board(request.board));
  if (!one.fit.fits && one.fit.ops_ok) {
    std::vector<target::FitResult> all;
    for (const auto& b : db.boards) all.push_back(fitter.fit(b).fit);
    target::add_alternatives(one.fit, all);
  }
  r.boards.push_back(std::move(one));
  return r;
}

nlohmann::json CheckResult::to_json() const {
  if (all) {
    nlohmann::json j;
    j["model"] = model;
    j["fits_any"] = fits();
    j["ranking"] = nlohmann::json::array();
    for (const auto& b : boards) j["ranking"].push_back(b.to_json());
    return j;
  }
  nlohmann::json j = boards.front().to_json();
  j["model"] = model;
  return j;
}

}  // namespace mcuforge::api
