// SPDX-License-Identifier: Apache-2.0
#include "emulate/targets.h"

#include <fmt/format.h>

#include "diagnostics/error.h"
#include "target/cores.h"

namespace mcuforge::emulate {
namespace {

std::string known_cores() { return fmt::format("{}", fmt::join(core_names(), ", ")); }

bool is_specs_flag(const std::string& f) { return f.rfind("--specs=", 0) == 0; }

}  // namespace

std::vector<std::string> core_names() { return target::emulated_core_ids(); }

CoreSpec core_spec(const target::Core& core) {
  if (!core.emulation) {
    throw Error("core '" + core.id + "' (" + core.name + ") cannot be emulated here: Debian's QEMU and toolchains " +
                    "have no model of it" + (core.architecture == "xtensa" ? " (Xtensa LX6/LX7, ESP32)" : ""),
                "verify the same model on one of " + known_cores() + "; outputs are bit-exact on every core");
  }
  const target::Emulation& e = *core.emulation;
  CoreSpec c;
  c.name = core.id;
  c.arch = core.architecture.rfind("rv", 0) == 0 ? Arch::kRiscv : Arch::kArm;
  c.compiler = core.compiler;
  // The C library is selected at link time too: --specs flags go with the libc flags.
  for (const std::string& f : core.cflags)
    if (!is_specs_flag(f)) c.cflags.push_back(f);
  c.libc_flags = core.ldflags;
  c.qemu = e.qemu;
  c.machine = e.machine;
  c.qemu_extra = e.qemu_args;
  c.machine_note = e.note;
  c.flash_origin = e.flash_origin;
  c.flash_length = e.flash_bytes;
  c.ram_origin = e.ram_origin;
  c.ram_length = e.ram_bytes;
  c.apt_compiler = e.apt_compiler;
  c.apt_qemu = e.apt_qemu;
  return c;
}

CoreSpec core_spec(const std::string& name) {
  const target::Core* core = target::board_db().find_core(name);
  if (!core) throw Error("unknown core '" + name + "'", "use one of: " + known_cores() + " (or an alias: " +
                                                           target::core_names_text(false) + ")");
  return core_spec(*core);
}

}  // namespace mcuforge::emulate
