// SPDX-License-Identifier: Apache-2.0
// The bare-metal harness of `mcuforge verify` (target/) and the source of its instruction-counting
// QEMU plugin, embedded at build time (cmake/embed_files.cmake).
#pragma once

#include <vector>

#include "embed/embedded_file.h"

namespace mcuforge::emulate {

const std::vector<EmbeddedFile>& target_files();  // paths relative to target/

}  // namespace mcuforge::emulate
