// SPDX-License-Identifier: Apache-2.0
// The one way the CLI loads a model: read it (format by file), then run the graph passes every later
// stage expects (constant folding).
#pragma once

#include <string>

#include "ir/graph.h"

namespace mcuforge::import {

ir::Graph load_model(const std::string& path);

}  // namespace mcuforge::import
