// SPDX-License-Identifier: Apache-2.0
// Files embedded into mcuforge at build time (cmake/embed_files.cmake): the bare-metal harness of
// `mcuforge verify` (target/) and the source of its instruction-counting QEMU plugin.
#pragma once

#include <string_view>
#include <vector>

namespace mcuforge::emulate {

struct EmbeddedFile {
  std::string_view path;  // relative to target/, e.g. "arm/mf_startup_cm.c"
  std::string_view content;
};

const std::vector<EmbeddedFile>& target_files();

}  // namespace mcuforge::emulate
