// SPDX-License-Identifier: Apache-2.0
// The board database (boards/schema.json, boards/cores/*.yaml, boards/<vendor>/*.yaml,
// boards/kernel_sizes.json), embedded at build time by cmake/embed_boards.cmake so that mcuforge
// works from any directory.
#pragma once

#include <string_view>
#include <vector>

namespace mcuforge::target {

struct BoardFile {
  std::string_view path;     // relative to boards/, e.g. "st/nucleo-f401re.yaml"
  std::string_view content;
};

const std::vector<BoardFile>& embedded_board_files();

}  // namespace mcuforge::target
