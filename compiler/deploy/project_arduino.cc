// SPDX-License-Identifier: Apache-2.0
// --project arduino: the output directory is an Arduino library (1.5 format: library.properties, the
// model library in src/) with one example sketch, examples/NAME_demo, for the board's FQBN.
#include <fmt/format.h>

#include "deploy/project_writer.h"

namespace mcuforge::deploy {
namespace {

// Arduino offers a library no compiler flags (library.properties has none, and a build property would
// replace the core's own), so each C file of src/ turns off multiply-add contraction itself: float
// kernels must round exactly as mcuforge's host reference.
constexpr const char* kFpContractOff =
    "/* mcuforge: Arduino cannot pass -ffp-contract=off to a library; float kernels must not fuse\n"
    " * multiply-adds, or they round differently from mcuforge's host reference. */\n"
    "#if defined(__GNUC__) && !defined(__clang__)\n"
    "#pragma GCC optimize(\"fp-contract=off\")\n"
    "#endif\n";

// The FQBN is vendor:architecture:board[:options]; library.properties names the architecture.
std::string fqbn_architecture(const std::string& fqbn) {
  const size_t a = fqbn.find(':');
  if (a == std::string::npos) return "*";
  const size_t b = fqbn.find(':', a + 1);
  const std::string arch = fqbn.substr(a + 1, b == std::string::npos ? std::string::npos : b - a - 1);
  return arch.empty() ? "*" : arch;
}

std::vector<std::string> arduino_core_commands(const target::DeployFacts& d) {
  const std::string urls = d.arduino_index_url.empty() ? "" : " --additional-urls " + d.arduino_index_url;
  return {"arduino-cli core update-index" + urls, "arduino-cli core install " + d.arduino_core + urls};
}

}  // namespace

ProjectFiles write_arduino(const Context& c) {
  const target::DeployFacts& d = c.board->deploy;
  const std::string sketch = c.name + "_demo";
  Context m = c;
  m.vars["FQBN"] = d.arduino_fqbn;
  m.vars["CORE"] = d.arduino_core;
  m.vars["ARCHITECTURE"] = fqbn_architecture(d.arduino_fqbn);
  std::string core_commands;
  for (const std::string& cmd : arduino_core_commands(d)) core_commands += (core_commands.empty() ? "" : "\n") + cmd;
  m.vars["CORE_COMMANDS"] = core_commands;

  ProjectFiles p;
  p.files["library.properties"] = render_template(m, "arduino/library.properties");
  p.files["README.md"] = render_template(m, "arduino/README.md");
  p.files["examples/" + sketch + "/" + sketch + ".ino"] = render_template(m, "arduino/sketch.cpp");
  add_library(p.files, "src", c);
  for (const std::string& rel : library_sources(c)) p.files["src/" + rel] = kFpContractOff + p.files["src/" + rel];

  p.build_commands = arduino_core_commands(d);
  p.build_commands.push_back(fmt::format("arduino-cli compile --fqbn {} --library . examples/{}", d.arduino_fqbn, sketch));
  p.flash_commands = {fmt::format("arduino-cli upload -p PORT --fqbn {} examples/{}", d.arduino_fqbn, sketch),
                      fmt::format("arduino-cli monitor -p PORT -c baudrate={}", kBaud)};
  return p;
}

}  // namespace mcuforge::deploy
