// SPDX-License-Identifier: Apache-2.0
// `mcuforge check MODEL --board B|all [--json] [--flash-budget PCT] [--measured FILE]`: does the
// compiled model fit the board (flash, RAM regions, ops, latency), and what would help if not.
// Exit codes: 0 fits (with `all`: at least one board fits), 1 does not fit, 2 bad model or board.
#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <map>

#include "commands.h"
#include "fit_report.h"
#include "diagnostics/error.h"
#include "emit/compile.h"
#include "passes/load_model.h"
#include "ops/op.h"
#include "target/fit_check.h"

namespace mcuforge::cli {
namespace fs = std::filesystem;
target::ModelFacts model_facts(const std::string& path, const std::string& core) {
  const ir::Graph g = passes::load_model(path);
  target::ModelFacts m;
  m.model = fs::path(path).filename().string();
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
  eo.core = core;
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

namespace {

std::optional<target::MeasuredInstructions> read_measured(const std::string& path) {
  if (path.empty()) return std::nullopt;
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
  m.core = j.value("core", "cortex-m4f");
  m.instructions = j["instructions"];
  m.source = path;
  if (!target::board_db().find_core(m.core))
    throw Error("--measured file '" + path + "': unknown core '" + m.core + "'", "use a core id from boards/cores/");
  return m;
}

std::string bar(double frac, int width = 30) {
  const int n = static_cast<int>(std::min(1.0, std::max(0.0, frac)) * width + 0.5);
  return "[" + std::string(n, '#') + std::string(width - n, '.') + "]" + (frac > 1.0 ? "!" : " ");
}

}  // namespace

void print_fit_report(const target::ModelFacts& m, const target::FitResult& r) {
  const target::Board& b = *r.board;
  fmt::print("{} on {} ({}, {} @ {} MHz)\n\n", m.model, b.name, b.mcu, b.core->name, b.clock_hz / 1000000);
  fmt::print("Flash {} {:>9} of {:>9} budget ({:.0f}% of {}{})  {}\n",
             bar(static_cast<double>(r.flash_need) / static_cast<double>(std::max<int64_t>(1, r.flash_budget))),
             target::human_bytes(r.flash_need), target::human_bytes(r.flash_budget), r.flash_budget_pct,
             target::human_bytes(r.flash_available), b.flash_app_bytes != b.flash_bytes ? " for the app" : "",
             r.flash_ok ? "OK" : "DOES NOT FIT");
  fmt::print("      weights {}, runtime {} ({} kernels), model code {}\n      {}\n",
             target::human_bytes(r.code.weights_bytes), target::human_bytes(r.code.runtime_bytes),
             m.code.kernels.size(), target::human_bytes(r.code.model_code_bytes), r.code.method);
  fmt::print("RAM   {} {:>9} of {:>9} SRAM  {}\n",
             bar(static_cast<double>(r.ram_need) / static_cast<double>(std::max<int64_t>(1, r.ram_available))),
             target::human_bytes(r.ram_need), target::human_bytes(r.ram_available),
             !m.compiled ? "UNKNOWN (model does not compile)" : r.ram_ok ? "OK" : "DOES NOT FIT");
  for (const auto& reg : b.sram) {
    std::vector<std::string> held;
    for (const auto& p : r.placements) {
      if (p.region == reg.name && p.bytes > 0) held.push_back(fmt::format("{} {}", p.what, target::human_bytes(p.bytes)));
    }
    fmt::print("      {:<22} {:>9}{}  {}\n", reg.name, target::human_bytes(reg.usable()), reg.arena ? "" : "*",
               held.empty() ? "-" : fmt::format("{}", fmt::join(held, ", ")));
  }
  for (const auto& p : r.placements) {
    if (p.external) fmt::print("      {:<22} {:>9}   {} {}\n", p.region, "external", p.what, target::human_bytes(p.bytes));
    else if (p.region.empty() && p.bytes > 0 && m.compiled)
      fmt::print("      {:<22} {:>9}   {} {}\n", "(nowhere)", "", p.what, target::human_bytes(p.bytes));
  }
  fmt::print("      (* arena not allowed there; stack is an estimate: {})\n", target::human_bytes(r.code.stack_bytes));
  if (r.ops_ok) fmt::print("Ops   all {} supported\n", m.code.num_ops);
  else {
    fmt::print("Ops   {} unsupported:\n", r.unsupported_ops.size());
    for (const auto& u : r.unsupported_ops) fmt::print("      {}\n", u);
  }
  if (m.compiled)
    fmt::print("Time  ~{:.1f} ms per inference ({:.2f} M MACs, {:.1f} cycles/MAC{})\n      {}\n", r.latency.milliseconds,
               static_cast<double>(m.total_macs) / 1e6, r.latency.cycles_per_mac, r.latency.measured ? ", measured" : ", estimate",
               r.latency.assumption);
  fmt::print("\n{}\n", r.fits ? "FITS" : "DOES NOT FIT");
  for (const auto& a : r.advice) fmt::print("  - {}\n", a);
}

namespace {

void print_ranking(const target::ModelFacts& m, const std::vector<target::FitResult>& rs) {
  fmt::print("{} on every board (fits first, by headroom and latency)\n\n", m.model);
  fmt::print("{:>2} {:<24} {:<5} {:>10} {:>10} {:>10} {:>10} {:>10}  {}\n", "#", "BOARD", "FITS", "FLASH", "BUDGET",
             "RAM", "SRAM", "LATENCY", "ARENA IN / WHY NOT");
  int k = 0;
  for (const auto& r : rs) {
    std::string where = r.placements.empty() ? "" : r.placements[0].region;
    if (!r.fits) {
      if (!r.ops_ok) where = "unsupported ops";
      else if (!r.flash_ok && !r.ram_ok) where = "flash and RAM";
      else if (!r.flash_ok) where = "flash: " + target::human_bytes(r.flash_need - r.flash_budget) + " over budget";
      else where = "RAM: arena does not fit one region";
    }
    fmt::print("{:>2} {:<24} {:<5} {:>10} {:>10} {:>10} {:>10} {:>8.1f}ms  {}\n", ++k, r.board->id, r.fits ? "yes" : "no",
               target::human_bytes(r.flash_need), target::human_bytes(r.flash_budget), target::human_bytes(r.ram_need),
               target::human_bytes(r.ram_available), r.latency.milliseconds, where);
  }
  fmt::print("\nLatency is an estimate (mcuforge check MODEL --board ID for the assumptions).\n");
}

}  // namespace

int check_command(const CheckOptions& o) {
  const target::BoardDb& db = target::board_db();
  if (o.board != "all" && !db.find_board(o.board))
    throw Error(fmt::format("unknown board '{}'", o.board), fmt::format("valid boards: {} (or all)", db.board_ids()));
  if (!(o.flash_budget > 0 && o.flash_budget <= 100))
    throw Error(fmt::format("--flash-budget {} is not a percentage in (0, 100]", o.flash_budget), "e.g. --flash-budget 75");
  target::CheckOptions co;
  co.flash_budget_pct = o.flash_budget;
  co.measured = read_measured(o.measured);
  const target::ModelFacts m = model_facts(o.model);

  std::map<std::string, target::CodeSize> by_core;  // one cross build per core
  auto check = [&](const target::Board& b) {
    auto it = by_core.find(b.core_id);
    if (it == by_core.end()) {
      target::CodeSize cs = m.compiled ? target::measure_code_size(m.code, *b.core, db) : target::CodeSize{};
      if (!m.compiled) {
        cs.weights_bytes = m.weights_bytes;
        cs.method = "weights only: the model does not compile";
      }
      it = by_core.emplace(b.core_id, cs).first;
    }
    return target::check_fit(m, b, it->second, co, db);
  };

  if (o.board == "all") {
    std::vector<target::FitResult> rs;
    for (const auto& b : db.boards) rs.push_back(check(b));
    target::rank(rs);
    bool any = false;
    for (const auto& r : rs) any = any || r.fits;
    if (o.json) {
      nlohmann::json j;
      j["model"] = m.model;
      j["fits_any"] = any;
      j["ranking"] = nlohmann::json::array();
      for (const auto& r : rs) j["ranking"].push_back(r.to_json());
      fmt::print("{}\n", j.dump(2));
    } else {
      print_ranking(m, rs);
    }
    return any ? 0 : 1;
  }

  const target::Board& board = *db.find_board(o.board);
  target::FitResult r = check(board);
  if (!r.fits && r.ops_ok) {
    std::vector<target::FitResult> all;
    for (const auto& b : db.boards) all.push_back(check(b));
    target::add_alternatives(r, all);
  }
  if (o.json) {
    nlohmann::json j = r.to_json();
    j["model"] = m.model;
    fmt::print("{}\n", j.dump(2));
  } else {
    print_fit_report(m, r);
  }
  return r.fits ? 0 : 1;
}

}  // namespace mcuforge::cli
