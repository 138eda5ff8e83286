// SPDX-License-Identifier: Apache-2.0
// The project templates of `mcuforge deploy` (compiler/deploy/templates/), embedded at build time
// (cmake/embed_files.cmake).
#pragma once

#include <vector>

#include "embed/embedded_file.h"

namespace mcuforge::deploy {

const std::vector<EmbeddedFile>& template_files();  // paths relative to templates/, e.g. "make/Makefile"

}  // namespace mcuforge::deploy
