// SPDX-License-Identifier: Apache-2.0
// `mcuforge export MODEL --tflite -o OUT.tflite`: writes the model as mcuforge runs it (as
// passes::load_model returns it: constants folded) as a .tflite file, so that what mcuforge changed can
// be run by TFLM or TensorFlow Lite (e.g. the armex LSTM models, whose computed FILL shape TFLM refuses).
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>

namespace mcuforge::exporter {

struct TfliteExport {
  std::filesystem::path path;  // the file written
  size_t bytes = 0;            // its size
  size_t source_ops = 0;       // ops in the source model
  size_t ops = 0;              // ops written (after constant folding)
  size_t tensors = 0;
};

// Reads `model_path`, writes `out` atomically (a temporary file beside it, then rename: a failure
// leaves nothing behind and never a half-written file). The written bytes are read back by our own
// reader first. Throws mcuforge::Error for bad input (unreadable model, `out` a directory or
// unwritable, an op the format cannot hold).
TfliteExport export_tflite_file(const std::string& model_path, const std::filesystem::path& out);

}  // namespace mcuforge::exporter
