// SPDX-License-Identifier: Apache-2.0
#include "import/read_model.h"

#include "import/tflite/tflite_reader.h"

namespace mcuforge::import {

ir::Graph read_model(const std::string& path) { return tflite::read_tflite_file(path); }

}  // namespace mcuforge::import
