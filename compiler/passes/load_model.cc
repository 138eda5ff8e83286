// SPDX-License-Identifier: Apache-2.0
#include "passes/load_model.h"

#include "import/tflite/tflite_reader.h"
#include "passes/fold_constants.h"

namespace mcuforge::passes {

ir::Graph load_model(const std::string& path) {
  ir::Graph g = tflite::read_tflite_file(path);
  fold_constants(g);
  return g;
}

}  // namespace mcuforge::passes
