// SPDX-License-Identifier: Apache-2.0
#include "emulate/elf_info.h"

#include <cstring>
#include <fstream>
#include <iterator>
#include <sstream>
#include <stdexcept>

namespace mcuforge::emulate {
namespace {

uint32_t u32(const std::vector<uint8_t>& b, size_t off) {
  if (off + 4 > b.size()) throw std::runtime_error("truncated ELF file");
  return static_cast<uint32_t>(b[off]) | static_cast<uint32_t>(b[off + 1]) << 8 |
         static_cast<uint32_t>(b[off + 2]) << 16 | static_cast<uint32_t>(b[off + 3]) << 24;
}
uint16_t u16(const std::vector<uint8_t>& b, size_t off) {
  if (off + 2 > b.size()) throw std::runtime_error("truncated ELF file");
  return static_cast<uint16_t>(b[off] | b[off + 1] << 8);
}
std::string cstr(const std::vector<uint8_t>& b, size_t off) {
  std::string s;
  while (off < b.size() && b[off]) s.push_back(static_cast<char>(b[off++]));
  return s;
}

}  // namespace

ElfImage read_elf32(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  const std::vector<uint8_t> b((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
  if (b.size() < 52 || std::memcmp(b.data(), "\x7f" "ELF", 4) != 0 || b[4] != 1 || b[5] != 1) {
    throw std::runtime_error("'" + path + "' is not a little-endian 32-bit ELF file");
  }
  const uint32_t shoff = u32(b, 32);
  const uint16_t shentsize = u16(b, 46), shnum = u16(b, 48), shstrndx = u16(b, 50);
  struct Raw {
    uint32_t name, type, flags, addr, offset, size, link, entsize;
  };
  std::vector<Raw> raw;
  for (uint16_t i = 0; i < shnum; ++i) {
    const size_t o = shoff + static_cast<size_t>(i) * shentsize;
    raw.push_back({u32(b, o), u32(b, o + 4), u32(b, o + 8), u32(b, o + 12), u32(b, o + 16), u32(b, o + 20),
                   u32(b, o + 24), u32(b, o + 36)});
  }
  ElfImage img;
  if (shstrndx >= raw.size()) throw std::runtime_error("bad ELF section name table");
  const uint32_t names = raw[shstrndx].offset;
  for (const Raw& r : raw) {
    ElfSection s;
    s.name = cstr(b, names + r.name);
    s.addr = r.addr;
    s.size = r.size;
    s.alloc = r.flags & 0x2;
    s.write = r.flags & 0x1;
    s.exec = r.flags & 0x4;
    s.nobits = r.type == 8;
    img.sections.push_back(s);
    if (r.type == 2 /* SHT_SYMTAB */ && r.entsize >= 16 && r.link < raw.size()) {
      const uint32_t strtab = raw[r.link].offset;
      for (uint32_t k = 0; k + r.entsize <= r.size; k += r.entsize) {
        const size_t e = r.offset + k;
        const std::string name = cstr(b, strtab + u32(b, e));
        const uint8_t type = b.at(e + 12) & 0xf;
        if (!name.empty() && (type == 1 /* OBJECT */ || type == 2 /* FUNC */ || type == 0)) {
          img.symbols.emplace(name, u32(b, e + 4));
        }
      }
    }
  }
  return img;
}

MapContributions read_ld_map(const std::string& path) {
  MapContributions out;
  std::ifstream f(path);
  std::string line;
  bool in_map = false;
  std::string output_section, pending_input;
  while (std::getline(f, line)) {
    if (!in_map) {
      in_map = line.rfind("Linker script and memory map", 0) == 0;
      continue;
    }
    if (line.empty()) continue;
    if (line[0] == '.') {  // output section: ".text  0x... 0x..." (or the name alone on its line)
      std::istringstream is(line);
      is >> output_section;
      pending_input.clear();
      continue;
    }
    if (line[0] != ' ' || output_section.empty()) continue;
    // Input section lines: " .text.name  0xADDR  0xSIZE  file.o" (name wraps onto its own line when long).
    std::istringstream is(line);
    std::vector<std::string> tok;
    for (std::string t; is >> t;) tok.push_back(t);
    if (tok.empty()) continue;
    if (line.size() > 1 && line[1] != ' ' && line[1] != '*') {
      if (tok.size() == 1) {
        pending_input = tok[0];
        continue;
      }
      if (tok.size() >= 4 && tok[1].rfind("0x", 0) == 0 && tok[2].rfind("0x", 0) == 0) {
        out[output_section][tok[3]] += std::stoull(tok[2], nullptr, 16);
      }
      pending_input.clear();
      continue;
    }
    if (!pending_input.empty() && tok.size() >= 3 && tok[0].rfind("0x", 0) == 0 && tok[1].rfind("0x", 0) == 0) {
      out[output_section][tok[2]] += std::stoull(tok[1], nullptr, 16);
    }
    pending_input.clear();
  }
  return out;
}

}  // namespace mcuforge::emulate
