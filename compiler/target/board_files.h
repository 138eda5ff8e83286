// SPDX-License-Identifier: Apache-2.0
// The board database (boards/schema.json, boards/cores/*.yaml, boards/<vendor>/*.yaml,
// boards/kernel_sizes.json), embedded at build time by cmake/embed_files.cmake so that mcuforge
// works from any directory.
#pragma once

#include <vector>

#include "embed/embedded_file.h"

namespace mcuforge::target {

using BoardFile = EmbeddedFile;  // path relative to boards/, e.g. "st/nucleo-f401re.yaml"

const std::vector<BoardFile>& embedded_board_files();

}  // namespace mcuforge::target
