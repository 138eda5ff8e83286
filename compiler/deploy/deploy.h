// SPDX-License-Identifier: Apache-2.0
// `mcuforge deploy`: a complete firmware project for one board in one ecosystem (ESP-IDF, STM32 CMake,
// Arduino, PlatformIO, Zephyr, plain Make). The model is compiled exactly as `mcuforge compile` does,
// packaged as a library with a single include root, and wrapped in a demo application that runs one
// inference on a built-in test input and prints the result, the inference time and the arena size.
// Everything is produced in memory; the CLI writes it atomically.
#pragma once

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ir/graph.h"
#include "target/board_db.h"

namespace mcuforge::deploy {

using Files = std::map<std::string, std::string>;  // relative path -> contents

enum class ProjectKind { kEspIdf, kStm32Cmake, kArduino, kPlatformio, kZephyr, kMake };

std::string_view kind_name(ProjectKind k);                      // "esp-idf", "stm32-cmake", ...
std::optional<ProjectKind> parse_kind(std::string_view name);   // inverse of kind_name
std::string all_kind_names();                                   // "esp-idf, stm32-cmake, ..." for messages
// The kinds a board offers (its `deploy:` entries; make always), the default first.
std::vector<ProjectKind> offered_kinds(const target::Board& board);
// Throws mcuforge::Error naming the kinds the board offers when it does not offer `kind`.
void require_offered(const target::Board& board, ProjectKind kind);

// What the demo application runs and checks.
struct AppData {
  std::vector<std::vector<uint8_t>> inputs;    // one per model input, tensor bytes
  std::vector<std::vector<uint8_t>> expected;  // the host executor's outputs for those inputs
  std::vector<std::string> labels;             // optional class names of output 0
  std::string input_note;                      // what the input is, printed by the firmware
};

struct DeployRequest {
  const ir::Graph* graph = nullptr;
  const target::Board* board = nullptr;
  ProjectKind kind = ProjectKind::kMake;
  std::string name;          // C prefix of the model's symbols and the project's name
  std::string model_file;    // file name, for banners
  std::string model_sha256;  // for banners
  std::string arena_region;  // the board's SRAM region the fit check put the arena in ("" = with the stack)
  bool reference_kernels = false;  // portable kernels only (smaller arena on some models, slower)
  AppData app;
};

struct Project {
  Files files;
  nlohmann::json report;                    // compile report + "deploy" facts
  std::vector<std::string> build_commands;  // as in the project's README
  std::vector<std::string> flash_commands;
};

// Throws mcuforge::Error when the model cannot be compiled, the board does not offer the kind, or the
// app data do not match the model (input sizes, label count).
Project make_project(const DeployRequest& request);

}  // namespace mcuforge::deploy
