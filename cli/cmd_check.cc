// SPDX-License-Identifier: Apache-2.0
// `mcuforge check MODEL --board B|all [--json] [--flash-budget PCT] [--kernels K] [--measured FILE]`:
// does the model, compiled as `deploy` compiles it for the board (api::check), fit the board (flash,
// RAM regions, ops, latency), and what would help if not.
// Exit codes: 0 fits (with `all`: at least one board fits), 1 does not fit, 2 bad model or board.
#include <fmt/format.h>

#include "api/api.h"
#include "commands.h"
#include "fit_report.h"

namespace mcuforge::cli {
namespace {

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

void print_ranking(const api::CheckResult& c) {
  fmt::print("{} on every board (fits first, by headroom and latency)\n\n", c.model);
  fmt::print("{:>2} {:<24} {:<5} {:>10} {:>10} {:>10} {:>10} {:>10}  {}\n", "#", "BOARD", "FITS", "FLASH", "BUDGET",
             "RAM", "SRAM", "LATENCY", "ARENA IN / WHY NOT");
  int k = 0;
  for (const api::BoardFit& f : c.boards) {
    const target::FitResult& r = f.fit;
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
  api::CheckRequest req;
  req.model = o.model;
  req.board = o.board;
  req.flash_budget = o.flash_budget;
  req.kernels = o.kernels;
  req.measured_file = o.measured;
  const api::CheckResult r = api::check(req);
  if (o.json) fmt::print("{}\n", r.to_json().dump(2));
  else if (r.all) print_ranking(r);
  else print_fit_report(*r.boards.front().facts, r.boards.front().fit);
  return r.fits() ? 0 : 1;
}

}  // namespace mcuforge::cli
