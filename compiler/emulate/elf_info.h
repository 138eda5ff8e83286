// SPDX-License-Identifier: Apache-2.0
// What `mcuforge verify` reads back from the linked image: section sizes and symbol addresses from
// the ELF32 file itself, and which input files contributed to each output section from the linker map.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace mcuforge::emulate {

struct ElfSection {
  std::string name;
  uint64_t addr = 0, size = 0;
  bool alloc = false, nobits = false, exec = false, write = false;
};

struct ElfImage {
  std::vector<ElfSection> sections;
  std::map<std::string, uint64_t> symbols;  // global and local function/object symbols
};

// Throws std::runtime_error for a file that is not a little-endian ELF32.
ElfImage read_elf32(const std::string& path);

// Per output section (".text", ".rodata", ...), bytes contributed by each input object file, from a
// GNU ld map file (-Wl,-Map=...). Keys of the inner map are the object paths as ld printed them.
using MapContributions = std::map<std::string, std::map<std::string, uint64_t>>;
MapContributions read_ld_map(const std::string& path);

}  // namespace mcuforge::emulate
