// SPDX-License-Identifier: Apache-2.0
// Shared by the project writers (one file per ecosystem): the model library, template rendering and
// the facts every project prints or needs.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "deploy/deploy.h"

namespace mcuforge::deploy {

struct Context {
  const DeployRequest* request = nullptr;
  const target::Board* board = nullptr;
  const target::Core* core = nullptr;
  std::string name;          // C prefix
  std::string name_upper;
  std::string compile_core;  // kernel variants: the core id, or generic (target::compile_target)
  // The model library: generated model + weights, the runtime files it uses and the demo app, laid out
  // with a single include root (public headers in mcuforge/, kernels with their internal headers in
  // mcuforge/kernels/), so that Arduino and PlatformIO, which add only a library's src/ to the include
  // path, build it unchanged.
  Files library;
  nlohmann::json report;                    // compile report
  std::map<std::string, std::string> vars;  // template variables, see make_context()
};

// What a writer returns.
struct ProjectFiles {
  Files files;
  std::vector<std::string> build_commands;
  std::vector<std::string> flash_commands;
};

// Replaces every @KEY@ of `text` by vars[KEY]; an unknown key is an internal error (a template bug).
std::string render(std::string_view text, const std::map<std::string, std::string>& vars);
// The embedded template templates/<path>, rendered with the context's variables.
std::string render_template(const Context& c, std::string_view path);
// Copies the model library under `dir` ("" = the project root).
void add_library(Files& out, const std::string& dir, const Context& c);
// The library's C sources / headers, relative to the library root, sorted.
std::vector<std::string> library_sources(const Context& c);
// A compile flag line for the core (e.g. "-mcpu=cortex-m4 -mthumb -mfloat-abi=hard -mfpu=fpv4-sp-d16").
std::string core_flags(const Context& c);
// The console baud rate every project uses.
inline constexpr int kBaud = 115200;

ProjectFiles write_make(const Context& c);
ProjectFiles write_stm32_cmake(const Context& c);
ProjectFiles write_esp_idf(const Context& c);
ProjectFiles write_arduino(const Context& c);
ProjectFiles write_platformio(const Context& c);
ProjectFiles write_zephyr(const Context& c);

}  // namespace mcuforge::deploy
