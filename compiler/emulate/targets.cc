// SPDX-License-Identifier: Apache-2.0
#include "emulate/targets.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include "diagnostics/error.h"

namespace mcuforge::emulate {
namespace {

constexpr uint64_t kMiB = 1024 * 1024;
constexpr const char* kAptArm = "gcc-arm-none-eabi libnewlib-arm-none-eabi binutils-arm-none-eabi";
constexpr const char* kAptRiscv =
    "gcc-riscv64-unknown-elf binutils-riscv64-unknown-elf picolibc-riscv64-unknown-elf";

CoreSpec arm_core(const std::string& name, std::vector<std::string> cpu, const std::string& machine,
                  const std::string& note, uint64_t flash_origin, uint64_t flash_len, uint64_t ram_origin,
                  uint64_t ram_len) {
  CoreSpec c;
  c.name = name;
  c.arch = Arch::kArm;
  c.compiler = "arm-none-eabi-gcc";
  c.cflags = std::move(cpu);
  c.libc_flags = {"--specs=nano.specs"};
  c.qemu = "qemu-system-arm";
  c.machine = machine;
  c.machine_note = note;
  c.flash_origin = flash_origin;
  c.flash_length = flash_len;
  c.ram_origin = ram_origin;
  c.ram_length = ram_len;
  c.apt_compiler = kAptArm;
  c.apt_qemu = "qemu-system-arm";
  return c;
}

const std::vector<CoreSpec>& all_cores() {
  static const std::vector<CoreSpec> cores = [] {
    std::vector<CoreSpec> v;
    // Cortex-M0+: QEMU 7.2 has no M0+ machine with enough memory (microbit: 16 KiB RAM). The ARMv6-M
    // code runs on mps2-an385's Cortex-M3, which executes it instruction for instruction; only an
    // unaligned access that would fault on a real M0+ goes unnoticed.
    v.push_back(arm_core("cortex-m0plus", {"-mcpu=cortex-m0plus", "-mthumb", "-mfloat-abi=soft"}, "mps2-an385",
                         "Cortex-M3 CPU running ARMv6-M code", 0, 4 * kMiB, 0x20000000, 4 * kMiB));
    v.push_back(arm_core("cortex-m3", {"-mcpu=cortex-m3", "-mthumb", "-mfloat-abi=soft"}, "mps2-an385",
                         "Cortex-M3", 0, 4 * kMiB, 0x20000000, 4 * kMiB));
    v.push_back(arm_core("cortex-m4",
                         {"-mcpu=cortex-m4", "-mthumb", "-mfloat-abi=hard", "-mfpu=fpv4-sp-d16"}, "mps2-an386",
                         "Cortex-M4F", 0, 4 * kMiB, 0x20000000, 4 * kMiB));
    v.push_back(arm_core("cortex-m7", {"-mcpu=cortex-m7", "-mthumb", "-mfloat-abi=hard", "-mfpu=fpv5-d16"},
                         "mps2-an500", "Cortex-M7 (double-precision FPU)", 0, 4 * kMiB, 0x20000000, 4 * kMiB));
    // mps2-an505 boots in Secure state with VTOR at 0x10000000: link at the Secure aliases.
    v.push_back(arm_core("cortex-m33",
                         {"-mcpu=cortex-m33", "-mthumb", "-mfloat-abi=hard", "-mfpu=fpv5-sp-d16"}, "mps2-an505",
                         "Cortex-M33 (Secure state)", 0x10000000, 4 * kMiB, 0x38000000, 4 * kMiB));
    v.push_back(arm_core("cortex-m55", {"-mcpu=cortex-m55", "-mthumb", "-mfloat-abi=hard"}, "mps3-an547",
                         "Cortex-M55 (FPU + MVE), 512 KiB ITCM / 512 KiB DTCM", 0, 512 * 1024, 0x20000000,
                         512 * 1024));
    CoreSpec rv;
    rv.name = "rv32imc";
    rv.arch = Arch::kRiscv;
    rv.compiler = "riscv64-unknown-elf-gcc";
    rv.cflags = {"-march=rv32imc", "-mabi=ilp32"};
    rv.libc_flags = {"--specs=picolibc.specs"};
    rv.qemu = "qemu-system-riscv32";
    rv.machine = "virt";
    // -bios none: otherwise OpenSBI occupies 0x80000000. The CPU is restricted to rv32imc.
    rv.qemu_extra = {"-bios", "none", "-cpu", "rv32,a=false,f=false,d=false,c=true"};
    rv.machine_note = "RV32IMC (ESP32-C3 class)";
    rv.flash_origin = 0x80000000;
    rv.flash_length = 8 * kMiB;
    rv.ram_origin = 0x80800000;
    rv.ram_length = 8 * kMiB;
    rv.apt_compiler = kAptRiscv;
    rv.apt_qemu = "qemu-system-misc";
    v.push_back(rv);
    return v;
  }();
  return cores;
}

std::string known_cores() {
  std::string s;
  for (const auto& n : core_names()) s += (s.empty() ? "" : ", ") + n;
  return s;
}

// Minimal reader of a board database entry: the value of a `core` key in a JSON, YAML or TOML file
// (boards/<name>.json|yaml|yml|toml). The board database is owned by `mcuforge check`; this only
// needs the core.
std::string core_from_board_file(const std::filesystem::path& p) {
  std::ifstream f(p);
  std::stringstream ss;
  ss << f.rdbuf();
  const std::string text = ss.str();
  std::smatch m;
  static const std::regex re(R"(["']?core["']?\s*[:=]\s*["']?([A-Za-z0-9_+-]+))");
  if (std::regex_search(text, m, re)) return m[1].str();
  return "";
}

}  // namespace

std::vector<std::string> core_names() {
  std::vector<std::string> v;
  for (const auto& c : all_cores()) v.push_back(c.name);
  return v;
}

const CoreSpec& core_spec(const std::string& name) {
  std::string n = name;
  if (n == "cortex-m0+" || n == "cortex-m0") n = "cortex-m0plus";
  if (n == "esp32-c3" || n == "rv32") n = "rv32imc";
  // Core ids of the board database (boards/cores/*.yaml) name the FPU variant.
  if (n == "cortex-m4f") n = "cortex-m4";
  if (n == "cortex-m33f") n = "cortex-m33";
  if (n == "cortex-m7f" || n == "cortex-m7dp") n = "cortex-m7";
  if (n.rfind("xtensa", 0) == 0) {
    throw Error("core '" + name + "' cannot be emulated here: Debian's QEMU and toolchains have no ESP32 (Xtensa LX6/LX7)",
                "verify the same model on rv32imc or a Cortex-M core; outputs are bit-exact on every core");
  }
  for (const auto& c : all_cores()) {
    if (c.name == n) return c;
  }
  throw Error("unknown core '" + name + "'", "use one of: " + known_cores());
}

std::string core_of_board(const std::string& board) {
  namespace fs = std::filesystem;
  // The board database (boards/<vendor>/<id>.yaml, `core: <core id>`). It is read from
  // MCUFORGE_BOARDS_DIR or the source tree here; switch to the embedded target::board_db() once the
  // compiler library builds it.
  std::vector<fs::path> dirs;
  if (const char* env = std::getenv("MCUFORGE_BOARDS_DIR")) dirs.emplace_back(env);
#ifdef MF_SOURCE_DIR
  dirs.emplace_back(fs::path(MF_SOURCE_DIR) / "boards");
#endif
  for (const auto& d : dirs) {
    std::error_code ec;
    if (!fs::is_directory(d, ec)) continue;
    for (fs::recursive_directory_iterator it(d, ec), end; !ec && it != end; it.increment(ec)) {
      const fs::path& p = it->path();
      if (p.parent_path().filename() == "cores" || p.stem() != board) continue;
      const std::string ext = p.extension().string();
      if (ext != ".yaml" && ext != ".yml" && ext != ".json" && ext != ".toml") continue;
      const std::string core = core_from_board_file(p);
      if (!core.empty()) return core;
    }
  }
  // Built-in fallback until the board database covers these.
  static const std::vector<std::pair<std::string, std::string>> builtin = {
      {"stm32f4", "cortex-m4"},       {"stm32f405", "cortex-m4"},    {"stm32f407", "cortex-m4"},
      {"stm32f411", "cortex-m4"},     {"stm32f446", "cortex-m4"},    {"nrf52840", "cortex-m4"},
      {"nrf52832", "cortex-m4"},      {"stm32l4", "cortex-m4"},      {"stm32l476", "cortex-m4"},
      {"stm32h7", "cortex-m7"},       {"stm32h743", "cortex-m7"},    {"stm32f746", "cortex-m7"},
      {"stm32f767", "cortex-m7"},     {"imxrt1062", "cortex-m7"},    {"teensy41", "cortex-m7"},
      {"rp2040", "cortex-m0plus"},    {"stm32g0", "cortex-m0plus"},  {"samd21", "cortex-m0plus"},
      {"stm32u5", "cortex-m33"},      {"nrf5340", "cortex-m33"},     {"stm32l5", "cortex-m33"},
      {"rp2350", "cortex-m33"},       {"alif-e7", "cortex-m55"},     {"esp32-c3", "rv32imc"},
      {"esp32c3", "rv32imc"},
  };
  for (const auto& [b, core] : builtin) {
    if (b == board) return core;
  }
  std::string names;
  for (const auto& [b, core] : builtin) names += (names.empty() ? "" : ", ") + b;
  throw Error("unknown board '" + board + "'", "use --core (" + known_cores() + ") or one of the boards: " + names);
}

}  // namespace mcuforge::emulate
