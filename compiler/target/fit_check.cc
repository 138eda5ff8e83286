// SPDX-License-Identifier: Apache-2.0
#include "target/fit_check.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>

namespace mcuforge::target {
namespace {

// Reading the arena from external PSRAM through the cache: assume this much slower (estimate).
constexpr double kExternalArenaSlowdown = 2.0;

struct RegionUse {
  const MemoryRegion* region;
  int64_t used = 0;
  int64_t free() const { return region->usable() - used; }
};

bool place(std::vector<RegionUse>& regions, Placement& p, bool need_arena_ok, bool need_stack) {
  for (auto& r : regions) {
    if (need_arena_ok && !r.region->arena) continue;
    if (need_stack && !r.region->stack) continue;
    if (r.free() >= p.bytes) {
      r.used += p.bytes;
      p.region = r.region->name;
      return true;
    }
  }
  return false;
}

}  // namespace

bool ModelFacts::has_float_kernels() const {
  if (float_compute) return true;
  for (const auto& op : ops)
    if (op.kernel.find("_f32") != std::string::npos) return true;
  return false;
}

std::string human_bytes(int64_t bytes) {
  const double b = static_cast<double>(bytes);
  if (std::llabs(bytes) >= 1024 * 1024) return fmt::format("{:.2f} MB", b / (1024.0 * 1024.0));
  if (std::llabs(bytes) >= 1024) return fmt::format("{:.1f} KB", b / 1024.0);
  return fmt::format("{} B", bytes);
}

double FitResult::headroom() const {
  const double f = flash_budget > 0 ? 1.0 - static_cast<double>(flash_need) / static_cast<double>(flash_budget) : -1;
  const double r = ram_available > 0 ? 1.0 - static_cast<double>(ram_need) / static_cast<double>(ram_available) : -1;
  return std::min(f, r);
}

FitResult check_fit(const ModelFacts& m, const Board& b, const CodeSize& code, const CheckOptions& o,
                    const BoardDb& db) {
  FitResult r;
  r.board = &b;
  r.code = code;
  const Core& core = *b.core;

  // Flash.
  r.flash_budget_pct = o.flash_budget_pct;
  r.flash_need = code.total();
  r.flash_available = b.flash_app_bytes;
  r.flash_budget = static_cast<int64_t>(std::floor(static_cast<double>(b.flash_app_bytes) * o.flash_budget_pct / 100.0));
  r.flash_ok = r.flash_need <= r.flash_budget;

  // RAM: the arena first (the largest), in the first region that allows it; state next to it;
  // the stack in the stack region.
  std::vector<RegionUse> regions;
  for (const auto& reg : b.sram) {
    regions.push_back({&reg, 0});
    r.ram_available += reg.usable();
    if (reg.arena) r.largest_arena_region = std::max(r.largest_arena_region, reg.usable());
  }
  Placement arena{"arena", m.arena_bytes, "", false};
  Placement state{"state", m.state_bytes, "", false};
  Placement stack{"stack", code.stack_bytes, "", false};
  bool ok = true;
  if (m.compiled && !place(regions, arena, true, false)) {
    for (const auto& x : b.external) {
      if (x.arena && x.fitted && x.bytes >= arena.bytes) {
        arena.region = x.name;
        arena.external = true;
        r.arena_external = true;
        break;
      }
    }
    ok = arena.external;
  }
  if (state.bytes > 0 && !place(regions, state, true, false)) ok = false;
  if (!place(regions, stack, false, true) && !place(regions, stack, false, false)) ok = false;
  r.placements = {arena, state, stack};
  r.ram_need = arena.bytes + state.bytes + stack.bytes;
  r.ram_ok = ok && m.compiled;

  // Ops.
  for (const auto& u : m.unsupported) r.unsupported_ops.push_back(fmt::format("{} (op {}): {}", u.op, u.index, u.reason));
  r.ops_ok = m.unsupported.empty();

  std::optional<MeasuredInstructions> measured = o.measured;
  const Core* measured_core = measured ? db.find_core(measured->core) : nullptr;
  r.latency = estimate_latency(m.ops, core, b.clock_hz, measured, measured_core);
  if (r.arena_external) {
    r.latency.cycles *= kExternalArenaSlowdown;
    r.latency.milliseconds *= kExternalArenaSlowdown;
    r.latency.assumption += fmt::format("; x{:.0f} for the arena in external PSRAM", kExternalArenaSlowdown);
  }
  r.fits = r.flash_ok && r.ram_ok && r.ops_ok;

  // Advice.
  auto& a = r.advice;
  if (!r.ops_ok) {
    a.push_back(fmt::format("{} op(s) cannot run with mcuforge's kernels: re-export the model without them "
                            "(see `mcuforge inspect`)", m.unsupported.size()));
  }
  const bool is_float = m.has_float_kernels();
  if (is_float && core.fpu == Fpu::kNone) {
    a.push_back(fmt::format("the model computes in float32 but {} has no FPU: every float MAC is emulated in "
                            "software (~{:.0f}x slower than int8); quantize it to int8 (full-integer post-training "
                            "quantization), which also makes the weights 4x smaller",
                            core.name, core.cost.float32_factor));
  }
  if (!r.flash_ok) {
    const int64_t short_by = r.flash_need - r.flash_budget;
    std::string s = fmt::format("flash: needs {} but the budget is {} ({:.0f}% of {}{}); {} short", human_bytes(r.flash_need),
                                human_bytes(r.flash_budget), o.flash_budget_pct, human_bytes(r.flash_available),
                                b.flash_app_bytes != b.flash_bytes ? " usable by the application" : "",
                                human_bytes(short_by));
    if (r.flash_need <= r.flash_available) s += "; it would fit with --flash-budget " + fmt::format("{:.0f}", std::ceil(100.0 * static_cast<double>(r.flash_need) / static_cast<double>(r.flash_available)));
    a.push_back(s);
    if (b.flash_app_bytes < b.flash_bytes && r.flash_need <= b.flash_bytes * o.flash_budget_pct / 100)
      a.push_back(fmt::format("a custom partition table/layout gives the application more of the {} flash ({})",
                              human_bytes(b.flash_bytes), b.flash_app_note));
    for (const auto& x : b.external)
      if (x.kind == "flash" && x.fitted)
        a.push_back(fmt::format("the weights ({}) could live in the on-board {} ({}), read through the memory-mapped "
                                "interface (slower)", human_bytes(code.weights_bytes), x.name, human_bytes(x.bytes)));
    if (is_float) a.push_back("quantize the model to int8: weights shrink about 4x");
    const double cut = 1.0 - static_cast<double>(r.flash_budget - code.runtime_bytes - code.model_code_bytes) /
                                 static_cast<double>(std::max<int64_t>(1, code.weights_bytes));
    if (cut > 0 && cut < 1)
      a.push_back(fmt::format("or a smaller model: about {:.0f}% fewer weights (fewer channels/layers, pruning)", 100 * cut));
  }
  if (m.compiled && !r.ram_ok) {
    if (arena.region.empty()) {
      a.push_back(fmt::format("RAM: the arena needs {} in one region but the largest region that may hold it has {}; {} short",
                              human_bytes(arena.bytes), human_bytes(r.largest_arena_region),
                              human_bytes(arena.bytes - r.largest_arena_region)));
      for (const auto& x : b.external)
        if (x.arena && !x.fitted)
          a.push_back(fmt::format("a board variant with {} ({}) could hold the arena (slower)", x.name, human_bytes(x.bytes)));
      a.push_back("a board with external PSRAM (e.g. esp32-s3-devkitc-1-n8r8) can hold a large arena, or use a smaller "
                  "input resolution / fewer channels to shrink the activations");
      if (is_float) a.push_back("quantize the model to int8: activations shrink about 4x");
    } else {
      a.push_back(fmt::format("RAM: arena {}, state {} and stack {} do not all fit the SRAM regions ({} usable)",
                              human_bytes(arena.bytes), human_bytes(state.bytes), human_bytes(stack.bytes),
                              human_bytes(r.ram_available)));
    }
  }
  if (r.arena_external)
    a.push_back(fmt::format("the arena only fits in external {}: place it there with the toolchain's attribute "
                            "(ESP-IDF: EXT_RAM_BSS_ATTR); expect it to run slower", arena.region));
  if (r.fits && r.headroom() < 0.1)
    a.push_back("tight fit: less than 10% headroom is left for the application");
  return r;
}

void rank(std::vector<FitResult>& results) {
  auto key = [](const FitResult& r) {
    // Fitting boards: comfortable (>= 10% headroom) before tight, then fastest. Others: by how far they miss.
    const int group = r.fits ? (r.headroom() >= 0.1 ? 0 : 1) : (r.ops_ok ? 2 : 3);
    const double second = r.fits ? r.latency.milliseconds : -r.headroom();
    return std::make_tuple(group, second);
  };
  std::stable_sort(results.begin(), results.end(), [&](const FitResult& a, const FitResult& b) { return key(a) < key(b); });
}

void add_alternatives(FitResult& r, const std::vector<FitResult>& all) {
  if (r.fits) return;
  std::vector<const FitResult*> fits;
  for (const auto& o : all)
    if (o.fits && o.board != r.board) fits.push_back(&o);
  std::vector<FitResult> sorted;
  for (const auto* f : fits) sorted.push_back(*f);
  rank(sorted);
  for (size_t k = 0; k < sorted.size() && k < 3; ++k) r.alternatives.push_back(sorted[k].board->id);
  if (!r.alternatives.empty())
    r.advice.push_back(fmt::format("boards that fit: {} (see --board all)", fmt::join(r.alternatives, ", ")));
  else if (r.ops_ok)
    r.advice.push_back("no board in the database fits this model as it is: a smaller model is needed");
}

nlohmann::json FitResult::to_json() const {
  using nlohmann::json;
  const Board& b = *board;
  json j;
  j["board"] = {{"id", b.id}, {"name", b.name}, {"mcu", b.mcu}, {"core", b.core_id}, {"clock_hz", b.clock_hz}};
  j["fits"] = fits;
  j["flash"] = {{"need", flash_need},
                {"available", flash_available},
                {"budget", flash_budget},
                {"budget_pct", flash_budget_pct},
                {"ok", flash_ok},
                {"weights", code.weights_bytes},
                {"runtime", code.runtime_bytes},
                {"model_code", code.model_code_bytes},
                {"measured", code.measured},
                {"method", code.method}};
  json pl = json::array();
  for (const auto& p : placements)
    pl.push_back({{"what", p.what}, {"bytes", p.bytes}, {"region", p.region.empty() ? json(nullptr) : json(p.region)},
                  {"external", p.external}});
  j["ram"] = {{"need", ram_need},
              {"available", ram_available},
              {"budget", ram_available},
              {"largest_arena_region", largest_arena_region},
              {"ok", ram_ok},
              {"stack_estimate", code.stack_bytes},
              {"placement", pl}};
  j["latency_ms"] = latency.milliseconds;
  j["latency"] = {{"ms", latency.milliseconds}, {"cycles", latency.cycles}, {"cycles_per_mac", latency.cycles_per_mac},
                  {"measured", latency.measured}, {"assumption", latency.assumption}};
  j["ops_ok"] = ops_ok;
  j["unsupported_ops"] = unsupported_ops;
  j["advice"] = advice;
  j["alternatives"] = alternatives;
  j["headroom"] = headroom();
  return j;
}

}  // namespace mcuforge::target
