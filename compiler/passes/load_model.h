// SPDX-License-Identifier: Apache-2.0
// The one way the CLI loads a model: read it (format by file, import/), then run the graph passes every
// later stage expects (constant folding). It lives in passes/, not import/: importers only read.
#pragma once

#include <string>

#include "ir/graph.h"

namespace mcuforge::passes {

ir::Graph load_model(const std::string& path);

}  // namespace mcuforge::passes
