// SPDX-License-Identifier: Apache-2.0
// Reading a model file into the IR (format by file), with nothing run on it: the graph is the file's.
// What every command loads is that graph after the default passes: passes/load_model.h.
#pragma once

#include <string>

#include "ir/graph.h"

namespace mcuforge::import {

ir::Graph read_model(const std::string& path);

}  // namespace mcuforge::import
