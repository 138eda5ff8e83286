// SPDX-License-Identifier: Apache-2.0
#include "target/cores.h"

#include <fmt/format.h>

#include "diagnostics/error.h"

namespace mcuforge::target {

std::string core_names_text(bool with_generic) {
  const BoardDb& db = board_db();
  std::vector<std::string> ids, aliases;
  if (with_generic) ids.push_back("generic");
  for (const Core& c : db.cores) {
    ids.push_back(c.id);
    for (const std::string& a : c.aliases) aliases.push_back(fmt::format("{} = {}", a, c.id));
  }
  std::string s = fmt::format("{}", fmt::join(ids, ", "));
  if (!aliases.empty()) s += fmt::format(" (aliases: {})", fmt::join(aliases, ", "));
  return s;
}

const Core& resolve_core(const std::string& name) {
  if (const Core* c = board_db().find_core(name)) return *c;
  throw Error("unknown core '" + name + "'", "use one of: " + core_names_text(false));
}

ops::TargetFeatures kernel_features(const Core& core) {
  ops::TargetFeatures f;
  f.dsp = core.has("arm-dsp");  // the *__cm_dsp variants use SMLAD/SXTB16 (Armv7E-M, Armv8-M DSP)
  return f;
}

CompileTarget compile_target(const std::string& name, bool reference_kernels) {
  if (name == "generic") return {};
  if (const Core* c = board_db().find_core(name)) {
    if (reference_kernels) return {};
    return {c->id, kernel_features(*c)};
  }
  throw Error("unknown core '" + name + "'", "use one of: " + core_names_text(true));
}

CompileTarget compile_target(const Board& board, bool reference_kernels) {
  return compile_target(board.core->id, reference_kernels);
}

std::vector<std::string> emulated_core_ids() {
  std::vector<std::string> v;
  for (const Core& c : board_db().cores)
    if (c.emulation) v.push_back(c.id);
  return v;
}

}  // namespace mcuforge::target
