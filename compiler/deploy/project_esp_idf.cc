// SPDX-License-Identifier: Apache-2.0
// --project esp-idf: an ESP-IDF v5 project (idf.py). main/ holds app_main(), the model library is its
// own component (components/mcuforge_NAME/, compiled with -ffp-contract=off), sdkconfig.defaults names the
// target from the board's `deploy.esp_idf.target`.
#include <fmt/format.h>

#include "deploy/project_writer.h"

namespace mcuforge::deploy {

ProjectFiles write_esp_idf(const Context& c) {
  const std::string& target = c.board->deploy.esp_idf_target;
  Context m = c;
  // The component is "mcuforge_NAME": a bare model name could shadow one of IDF's own components
  // (log, json, ...), which IDF would silently replace.
  const std::string component_name = "mcuforge_" + c.name;
  m.vars["COMPONENT"] = component_name;
  m.vars["IDF_TARGET"] = target;
  m.vars["IDF_TARGET_LINE"] = fmt::format("CONFIG_IDF_TARGET=\"{}\"", target);
  m.vars["MAIN_STACK_BYTES"] = "8192";
  m.vars["CLOCK_MHZ"] = std::to_string(c.board->clock_hz / 1000000);
  std::string sources;
  for (const std::string& s : library_sources(c)) sources += fmt::format("    \"{}\"\n", s);
  if (!sources.empty()) sources.pop_back();
  m.vars["COMPONENT_SOURCES"] = sources;

  ProjectFiles p;
  p.files["CMakeLists.txt"] = render_template(m, "esp-idf/CMakeLists.txt");
  p.files["main/CMakeLists.txt"] = render_template(m, "esp-idf/main/CMakeLists.txt");
  p.files["main/main.c"] = render_template(m, "esp-idf/main/main.c");
  p.files["sdkconfig.defaults"] = render_template(m, "esp-idf/sdkconfig.defaults");
  p.files["README.md"] = render_template(m, "esp-idf/README.md");
  const std::string component = "components/" + component_name;
  p.files[component + "/CMakeLists.txt"] = render_template(m, "esp-idf/component/CMakeLists.txt");
  add_library(p.files, component, c);
  p.build_commands = {"idf.py set-target " + target, "idf.py build"};
  p.flash_commands = {"idf.py -p PORT flash monitor"};
  return p;
}

}  // namespace mcuforge::deploy
