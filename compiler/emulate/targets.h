// SPDX-License-Identifier: Apache-2.0
// The microcontroller cores `mcuforge verify` can emulate, read from the table of cores
// (boards/cores/<id>.yaml: the toolchain gives the cross compiler and flags, `emulation:` the QEMU
// machine and the memory the image is linked into; ../shared/docs/mcu-emulation.md says why each
// machine). A core without `emulation:` (Xtensa) cannot be verified here.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "target/board_db.h"

namespace mcuforge::emulate {

enum class Arch { kArm, kRiscv };

struct CoreSpec {
  std::string name;                 // the core's database id: "cortex-m4f", "rv32imc", ...
  Arch arch = Arch::kArm;
  std::string compiler;             // arm-none-eabi-gcc / riscv64-unknown-elf-gcc
  std::vector<std::string> cflags;  // -mcpu/-march, float ABI
  std::vector<std::string> libc_flags;  // --specs=... for compiling and linking
  std::string qemu;                 // qemu-system-arm / qemu-system-riscv32
  std::string machine;              // -M
  std::vector<std::string> qemu_extra;  // e.g. -bios none, -cpu ...
  std::string machine_note;         // shown to the user (which CPU QEMU really models)
  uint64_t flash_origin = 0, flash_length = 0, ram_origin = 0, ram_length = 0;
  std::string apt_compiler;         // packages that provide the compiler and its C library
  std::string apt_qemu;             // package that provides `qemu`
};

// The emulation of a core of the table. Throws mcuforge::Error for a core QEMU cannot run here.
CoreSpec core_spec(const target::Core& core);
// By id or alias; throws mcuforge::Error naming the emulated cores for an unknown name.
CoreSpec core_spec(const std::string& name);
// Ids of the cores that can be emulated.
std::vector<std::string> core_names();

}  // namespace mcuforge::emulate
