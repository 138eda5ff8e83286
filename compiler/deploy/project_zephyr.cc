// SPDX-License-Identifier: Apache-2.0
// --project zephyr: a Zephyr application (west build -b BOARD .): src/main.c plus the model library
// under model/, compiled with -ffp-contract=off; prj.conf enables the console, a main stack and the FPU.
#include <fmt/format.h>

#include "deploy/project_writer.h"

namespace mcuforge::deploy {

ProjectFiles write_zephyr(const Context& c) {
  const std::string& board = c.board->deploy.zephyr_board;
  const bool fpu = c.core->fpu != target::Fpu::kNone;
  Context m = c;
  m.vars["ZEPHYR_BOARD"] = board;
  m.vars["MAIN_STACK_BYTES"] = "4096";
  m.vars["FPU_CONFIG"] = fpu ? "# The " + c.core->name + " has an FPU: use it for the float kernels.\nCONFIG_FPU=y"
                             : "# The " + c.core->name + " has no FPU: float kernels use software floating point.";
  m.vars["FPU_NOTE"] = fpu ? ", the FPU" : "";
  std::string sources;
  for (const std::string& s : library_sources(c)) sources += "  model/" + s + "\n";
  if (!sources.empty()) sources.pop_back();
  m.vars["MODEL_SOURCES"] = sources;

  ProjectFiles p;
  p.files["CMakeLists.txt"] = render_template(m, "zephyr/CMakeLists.txt");
  p.files["prj.conf"] = render_template(m, "zephyr/prj.conf");
  p.files["src/main.c"] = render_template(m, "zephyr/src/main.c");
  p.files["README.md"] = render_template(m, "zephyr/README.md");
  add_library(p.files, "model", c);
  p.build_commands = {"west build -b " + board + " ."};
  p.flash_commands = {"west flash"};
  return p;
}

}  // namespace mcuforge::deploy
