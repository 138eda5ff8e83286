// SPDX-License-Identifier: Apache-2.0
// Files embedded into mcuforge at build time (cmake/embed_files.cmake): the bare-metal harness of
// `mcuforge verify` (target/), the source of its instruction-counting QEMU plugin, and the project
// templates of `mcuforge deploy` (compiler/deploy/templates/).
#pragma once

#include <string_view>
#include <vector>

namespace mcuforge {

struct EmbeddedFile {
  std::string_view path;  // relative to the embedded folder, e.g. "arm/mf_startup_cm.c"
  std::string_view content;
};

namespace emulate {
using mcuforge::EmbeddedFile;
const std::vector<EmbeddedFile>& target_files();
}  // namespace emulate

namespace deploy {
const std::vector<EmbeddedFile>& template_files();
}  // namespace deploy

}  // namespace mcuforge
