// SPDX-License-Identifier: Apache-2.0
// The runtime's sources, embedded into the compiler at build time (cmake/embed_runtime.cmake).
#pragma once

#include <string_view>
#include <vector>

namespace mcuforge::emit {

struct RuntimeFile {
  std::string_view path;     // relative to runtime/, e.g. "kernels/mf_conv2d_s8.c"
  std::string_view content;
};

const std::vector<RuntimeFile>& runtime_files();

}  // namespace mcuforge::emit
