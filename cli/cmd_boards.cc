// SPDX-License-Identifier: Apache-2.0
// `mcuforge boards [--json]`: the board database (boards/*.yaml, embedded) with key figures.
#include <fmt/format.h>

#include "commands.h"
#include "deploy/deploy.h"
#include "target/board_db.h"
#include "target/cost_model.h"
#include "target/fit_check.h"

namespace mcuforge::cli {

int boards_command(const BoardsOptions& o) {
  const target::BoardDb& db = target::board_db();
  if (o.json) {
    nlohmann::json j;
    for (const auto& b : db.boards) {
      nlohmann::json e = b.raw;
      e["file"] = "boards/" + b.file;
      e["core_facts"] = {{"name", b.core->name},
                         {"architecture", b.core->architecture},
                         {"fpu", target::fpu_name(b.core->fpu)},
                         {"dsp", b.core->has("arm-dsp")},
                         {"isa", b.core->isa},
                         {"simd", b.core->simd},
                         {"cflags", b.core->cflags},
                         {"int8_conv_cycles_per_mac", target::int8_conv_cycles_per_mac(*b.core)},
                         {"cost_assumption", b.core->cost.assumption}};
      e["sram_total_bytes"] = b.sram_total();
      j["boards"].push_back(e);
    }
    fmt::print("{}\n", j.dump(2));
    return 0;
  }
  fmt::print("{:<24} {:<16} {:<14} {:>5} {:>9} {:>9} {:>10}  {:<6} {:<4} {}\n", "BOARD", "MCU", "CORE", "MHz",
             "FLASH", "SRAM", "ARENA MAX", "FPU", "DSP", "DEPLOY (--project, default first)");
  for (const auto& b : db.boards) {
    int64_t largest = 0;
    for (const auto& r : b.sram)
      if (r.arena) largest = std::max(largest, r.usable());
    std::string ext;
    for (const auto& x : b.external)
      if (x.fitted) ext += fmt::format(" +{} {}", target::human_bytes(x.bytes), x.kind);
    std::string mcu = b.mcu.substr(0, b.mcu.find(' '));
    std::vector<std::string> kinds;
    for (deploy::ProjectKind k : deploy::offered_kinds(b)) kinds.emplace_back(deploy::kind_name(k));
    fmt::print("{:<24} {:<16} {:<14} {:>5} {:>9} {:>9} {:>10}  {:<6} {:<4} {}{}\n", b.id, mcu, b.core_id,
               b.clock_hz / 1000000, target::human_bytes(b.flash_app_bytes), target::human_bytes(b.sram_total()),
               target::human_bytes(largest), target::fpu_name(b.core->fpu), b.core->has("arm-dsp") ? "yes" : "no",
               fmt::join(kinds, ","), ext);
  }
  fmt::print("\nFLASH is what the application may use (partition table/bootloader deducted); ARENA MAX is the\n"
             "largest SRAM region the arena may live in. Sources and every region: mcuforge boards --json.\n");
  return 0;
}

}  // namespace mcuforge::cli
