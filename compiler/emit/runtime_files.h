// SPDX-License-Identifier: Apache-2.0
// The runtime's sources, embedded into the compiler at build time (cmake/embed_files.cmake).
#pragma once

#include <vector>

#include "embed/embedded_file.h"

namespace mcuforge::emit {

using RuntimeFile = EmbeddedFile;  // path relative to runtime/, e.g. "kernels/mf_conv2d_s8.c"

const std::vector<RuntimeFile>& runtime_files();

}  // namespace mcuforge::emit
