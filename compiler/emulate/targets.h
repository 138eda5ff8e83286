// SPDX-License-Identifier: Apache-2.0
// The microcontroller cores `mcuforge verify` can emulate: cross compiler and flags, QEMU machine and
// the memory the image is linked into (see ../shared/docs/mcu-emulation.md for why each machine).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace mcuforge::emulate {

enum class Arch { kArm, kRiscv };

struct CoreSpec {
  std::string name;                 // "cortex-m4", "rv32imc", ...
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

// Throws mcuforge::Error naming the known cores for an unknown name.
const CoreSpec& core_spec(const std::string& name);
std::vector<std::string> core_names();

// Core of a board name. Looks in the board database first (boards/<name>.* beside the executable's
// source tree or in MCUFORGE_BOARDS_DIR, once it exists), then a small built-in table of common
// boards. Throws mcuforge::Error for an unknown board.
std::string core_of_board(const std::string& board);

}  // namespace mcuforge::emulate
