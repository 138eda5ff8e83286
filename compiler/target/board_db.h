// SPDX-License-Identifier: Apache-2.0
// The board database: cores (ISA features, toolchain, cost assumptions) and boards (clock, flash,
// every SRAM region and whether the arena may live there, external memory, build systems), loaded
// from YAML data files and validated against boards/schema.json with clear errors. Boards are data:
// adding one is adding a file (docs/boards.md).
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace mcuforge::target {

enum class Fpu { kNone, kSingle, kDouble };

struct CoreCost {
  double instructions_vs_m4 = 1;      // instructions for the same C relative to the Cortex-M4
  double cycles_per_instruction = 1;
  double float32_factor = 1;          // a float32 MAC relative to an int8 MAC on this core
  double int16_factor = 1;            // an int16x8 MAC relative to an int8 MAC
  double code_size_vs_thumb2 = 1;     // for estimated code sizes (no toolchain for this core here)
  std::string assumption;
  std::string source;                 // a document of `sources`
};

// How `mcuforge verify` runs a core in QEMU (boards/cores/<id>.yaml `emulation:`). The cross compiler
// and its flags are the core's toolchain.
struct Emulation {
  std::string qemu;                    // qemu-system-arm / qemu-system-riscv32
  std::string machine;                 // -M
  std::vector<std::string> qemu_args;  // e.g. -bios none, -cpu ...
  std::string note;                    // which CPU QEMU really models, shown to the user
  uint64_t flash_origin = 0, flash_bytes = 0, ram_origin = 0, ram_bytes = 0;
  std::string apt_compiler, apt_qemu;  // Debian packages of the cross compiler (+ C library) and QEMU
};

struct Core {
  std::string id, name, architecture, simd;
  std::vector<std::string> aliases;  // other accepted names (cortex-m4 for cortex-m4f, ...)
  std::set<std::string> isa;         // ISA features: arm-dsp, mve, fpu-sp, fpu-dp, xtensa-pie, rv-m, ...
  Fpu fpu = Fpu::kNone;              // from isa (fpu-dp: double, fpu-sp: single)
  std::string compiler, size_tool;
  std::vector<std::string> cflags, ldflags;
  CoreCost cost;
  std::optional<Emulation> emulation;          // absent: QEMU cannot run this core here
  std::map<std::string, std::string> sources;  // key -> document
  bool has(const std::string& isa_feature) const { return isa.count(isa_feature) > 0; }
};

struct MemoryRegion {
  std::string name;
  std::optional<int64_t> address;
  int64_t bytes = 0;
  int64_t reserved_bytes = 0;  // taken by the SDK/RTOS (estimate)
  bool arena = false;          // the arena may live here
  bool stack = false;          // the main stack lives here
  std::string note, source;
  int64_t usable() const { return bytes - reserved_bytes; }
};

struct ExternalMemory {
  std::string kind;  // psram, sdram, flash
  std::string name;
  int64_t bytes = 0;
  bool arena = false, fitted = false;
  std::string note, source;
};

// One register bit the stm32-cmake project sets before it configures the console (clock enable, I/O supply).
struct RegisterBit {
  int64_t address = 0;
  int bit = 0;
  std::string what;  // e.g. RCC_APB1ENR.USART2EN
};

// The UART wired to the on-board debugger's virtual COM port, register-level (stm32-cmake projects
// print through it without a vendor HAL).
struct Stm32Console {
  std::string peripheral;  // USART2, LPUART1, ...
  std::string ip;          // usart-v1, usart-v2, lpuart (boards/schema.json)
  int64_t base = 0;
  int64_t kernel_clock_hz = 0;
  int64_t tx_gpio_base = 0;
  int tx_pin = 0, tx_af = 0;
  std::vector<RegisterBit> enable;
  std::string note;
};

struct Stm32Facts {
  std::string family;  // STM32F4, ...
  int64_t flash_origin = 0;
  int64_t reset_clock_hz = 0;
  Stm32Console console;
};

// What `mcuforge deploy` needs per ecosystem; an empty name means the ecosystem is not offered.
struct DeployFacts {
  std::string default_project;  // esp-idf, stm32-cmake, arduino, platformio, zephyr, make
  std::string esp_idf_target;   // idf.py set-target
  std::string arduino_fqbn, arduino_core, arduino_index_url;
  std::string platformio_platform, platformio_board, platformio_framework;
  std::string zephyr_board;
  std::optional<Stm32Facts> stm32;
};

struct Board {
  std::string id, name, vendor, mcu, core_id, file;
  const Core* core = nullptr;
  int64_t clock_hz = 0;
  int64_t flash_bytes = 0;
  int64_t flash_app_bytes = 0;  // = flash_bytes unless a partition table/bootloader takes some
  std::string flash_app_note;
  std::vector<MemoryRegion> sram;  // order = arena preference
  std::vector<ExternalMemory> external;
  std::vector<std::string> build_systems;
  std::string flash_command;
  DeployFacts deploy;
  std::map<std::string, std::string> sources;  // key -> document (with url if given)
  nlohmann::json raw;                          // the file as JSON, for --json
  int64_t sram_total() const;
};

struct BoardDb {
  std::vector<Core> cores;    // sorted by id
  std::vector<Board> boards;  // sorted by id
  nlohmann::json kernel_sizes;  // boards/kernel_sizes.json (Thumb-2 bytes per kernel)
  const Board* find_board(const std::string& id) const;
  // A core by id or alias (boards/cores/*.yaml `aliases`); nullptr if none.
  const Core* find_core(const std::string& name) const;
  std::string board_ids() const;  // "a, b, c" for error messages
};

struct DataFile {
  std::string path;  // relative to boards/
  std::string text;
};

// Parses YAML text into JSON (plain scalars become numbers/booleans where they look like one).
// Throws mcuforge::Error naming `path` and the line on a syntax error.
nlohmann::json yaml_to_json(const std::string& text, const std::string& path);

// Builds the database from data files; every file is validated against schema.json and cross-checked
// (core exists, every `source` names an entry of `sources`, unique ids, file name = id, each `deploy`
// entry matches `build_systems` both ways, the default project is offered). Throws mcuforge::Error
// listing every problem found.
BoardDb load_board_db(const std::vector<DataFile>& files);

// The embedded database (loaded and validated once).
const BoardDb& board_db();

const char* fpu_name(Fpu f);

}  // namespace mcuforge::target
