// SPDX-License-Identifier: Apache-2.0
#include "export/tflite_export.h"

#include <cstdio>
#include <fstream>
#include <system_error>

#include <unistd.h>

#include "diagnostics/error.h"
#include "export/tflite_writer.h"
#include "passes/load_model.h"
#include "import/tflite/tflite_reader.h"

namespace mcuforge::exporter {
namespace fs = std::filesystem;
namespace {

// Checks `out` before any work, so that a mistyped path fails fast with a clear message.
void check_output_path(const fs::path& out) {
  if (out.empty() || out.filename().empty()) {
    throw Error("-o must name the .tflite file to write", "e.g. -o model_mcuforge.tflite");
  }
  std::error_code ec;
  if (fs::is_directory(out, ec)) {
    throw Error("output '" + out.string() + "' is a directory", "pass a file name, e.g. -o " +
                                                                     (out / "model.tflite").string());
  }
  const fs::path dir = out.parent_path();
  if (!dir.empty()) {
    fs::create_directories(dir, ec);
    if (ec || !fs::is_directory(dir)) {
      throw Error("cannot create output directory '" + dir.string() + "'", "check the path and permissions");
    }
  }
}

void write_file_atomically(const fs::path& out, const std::vector<uint8_t>& bytes) {
  // Unique per process, beside the target so that the rename stays on one file system.
  const fs::path tmp = out.string() + ".partial." + std::to_string(::getpid());
  {
    std::ofstream f(tmp, std::ios::binary | std::ios::trunc);
    if (f) f.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
    if (f) f.close();
    if (!f) {
      std::error_code ec;
      fs::remove(tmp, ec);
      throw Error("cannot write '" + out.string() + "'", "check that its directory exists and is writable");
    }
  }
  std::error_code ec;
  fs::rename(tmp, out, ec);
  if (ec) {
    fs::remove(tmp, ec);
    throw Error("cannot write '" + out.string() + "' (" + ec.message() + ")",
                "check that the path is writable and not a directory");
  }
}

}  // namespace

TfliteExport export_tflite_file(const std::string& model_path, const fs::path& out) {
  check_output_path(out);
  const size_t source_ops = tflite::read_tflite_file(model_path).ops.size();
  const ir::Graph g = passes::load_model(model_path);
  const std::vector<uint8_t> bytes = write_tflite(g);
  tflite::read_tflite(bytes);  // our own reader accepts what we write, or nothing is written
  write_file_atomically(out, bytes);
  TfliteExport r;
  r.path = out;
  r.bytes = bytes.size();
  r.source_ops = source_ops;
  r.ops = g.ops.size();
  r.tensors = g.tensors.size();
  return r;
}

}  // namespace mcuforge::exporter
