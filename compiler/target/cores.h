// SPDX-License-Identifier: Apache-2.0
// The one table of cores: boards/cores/*.yaml (embedded in the board database). Every command resolves
// a --core name here (database ids such as cortex-m4f, their aliases such as cortex-m4, and `generic`
// for compile), and everything core-specific is derived from the core's data: the kernel variants
// (ops::TargetFeatures from its ISA set), the emulator (its `emulation:`), the CLI help text.
#pragma once

#include <string>
#include <vector>

#include "ops/op.h"
#include "target/board_db.h"

namespace mcuforge::target {

// The core a name means (id or alias). Throws mcuforge::Error listing the names for an unknown one.
const Core& resolve_core(const std::string& name);

// Kernel-variant features of a core: the Arm DSP variants only for cores with `arm-dsp`.
ops::TargetFeatures kernel_features(const Core& core);

// What code generation compiles for: a core of the table, or `generic` (portable kernels, no core).
struct CompileTarget {
  std::string core = "generic";  // "generic" or the database id
  ops::TargetFeatures features;
  bool generic() const { return core == "generic"; }
};
// `name` is "generic", a core id or an alias; `reference_kernels` (--kernels reference) gives the
// portable kernels, named "generic". Throws mcuforge::Error for an unknown name.
CompileTarget compile_target(const std::string& name, bool reference_kernels = false);
// The compile target of a board: its core's kernel variants, or the portable kernels.
CompileTarget compile_target(const Board& board, bool reference_kernels = false);

// Every accepted name, ids first: "cortex-m0plus, cortex-m3, ... (aliases: cortex-m4, ...)".
std::string core_names_text(bool with_generic);
// The ids of the cores QEMU can run (`emulation:` present).
std::vector<std::string> emulated_core_ids();

}  // namespace mcuforge::target
