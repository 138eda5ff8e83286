// SPDX-License-Identifier: Apache-2.0
// A file embedded into mcuforge at build time by cmake/embed_files.cmake, so that mcuforge works from
// any directory: the runtime sources (emit/runtime_files.h), the board database
// (target/board_files.h), the verify harness (emulate/target_files.h) and the deploy project
// templates (deploy/template_files.h). Each of those headers declares the function returning its set.
#pragma once

#include <string_view>

namespace mcuforge {

struct EmbeddedFile {
  std::string_view path;  // relative to the embedded folder, e.g. "arm/mf_startup_cm.c"
  std::string_view content;
};

}  // namespace mcuforge
