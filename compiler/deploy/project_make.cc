// SPDX-License-Identifier: Apache-2.0
// --project make: a plain Makefile for any gcc toolchain. `make run` builds and runs the demo on the
// host; `make lib` builds the model library for the board with its core's cross compiler.
#include "deploy/project_writer.h"

namespace mcuforge::deploy {

ProjectFiles write_make(const Context& c) {
  Context m = c;
  m.vars["TARGET_CC"] = c.core->compiler;
  ProjectFiles p;
  p.files["Makefile"] = render_template(m, "make/Makefile");
  p.files["main.c"] = render_template(m, "make/main.c");
  p.files["README.md"] = render_template(m, "make/README.md");
  add_library(p.files, "model", c);
  p.build_commands = {"make run", "make lib"};
  p.flash_commands = {"make size   # link build/target/lib" + c.name + ".a into your firmware, flash it as usual: " +
                      c.board->flash_command};
  return p;
}

}  // namespace mcuforge::deploy
