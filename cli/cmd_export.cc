// SPDX-License-Identifier: Apache-2.0
// `mcuforge export MODEL --tflite -o OUT.tflite [--json]`: the model as mcuforge runs it, as .tflite
// (export/tflite_export.h).
// `mcuforge export MODEL --c-array -o model_data.cc [--name NAME] [--json]`: for users who stay on
// TensorFlow Lite Micro. Writes model_data.cc (the model bytes, const and 16-byte aligned, under the
// names xxd -i would give), model_data.h, and NAME_op_resolver.h (a MicroMutableOpResolver with exactly
// the model's ops and the exact arena size). All files are generated first and written only when
// everything succeeded.
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "commands.h"
#include "diagnostics/error.h"
#include "export/tflite_export.h"
#include "export/tflm_export.h"
#include "file_util.h"
#include "import/tflite/tflite_reader.h"

namespace mcuforge::cli {
namespace fs = std::filesystem;

namespace {

int export_tflite(const ExportOptions& o) {
  if (!o.name.empty()) throw Error("--name applies to --c-array only", "drop --name, or use --c-array");
  const exporter::TfliteExport r = exporter::export_tflite_file(o.model, o.output);
  if (o.json) {
    nlohmann::json j;
    j["file"] = r.path.string();
    j["bytes"] = r.bytes;
    j["source_ops"] = r.source_ops;
    j["ops"] = r.ops;
    j["tensors"] = r.tensors;
    fmt::print("{}\n", j.dump(2));
    return 0;
  }
  fmt::print("Exported {} as mcuforge runs it: {} ({} bytes, {} ops", o.model, r.path.string(), r.bytes, r.ops);
  if (r.ops != r.source_ops) fmt::print(", {} folded into constants", r.source_ops - r.ops);
  fmt::print(")\n");
  return 0;
}

}  // namespace

int export_command(const ExportOptions& o) {
  if (o.tflite) return export_tflite(o);
  if (!o.c_array) {
    throw Error("export needs a form: --c-array or --tflite",
                "run `mcuforge export MODEL --c-array -o model_data.cc` (TFLM C array) or "
                "`mcuforge export MODEL --tflite -o out.tflite`");
  }
  std::ifstream f(o.model, std::ios::binary);
  if (!f) throw Error("cannot open model file '" + o.model + "'", "check the path");
  f.seekg(0, std::ios::end);
  const std::streamoff size = f.tellg();
  if (size < 0) throw Error("cannot read model file '" + o.model + "'", "check that it is a regular file");
  if (size > tflite::kMaxFileBytes) throw Error("the model file is larger than 2 GiB", "this is not a microcontroller-sized model");
  f.seekg(0);
  // 8-byte aligned storage: the flatbuffer verifier checks the alignment of what it reads.
  std::vector<uint64_t> storage((static_cast<size_t>(size) + 7) / 8 + 1);
  f.read(reinterpret_cast<char*>(storage.data()), size);
  if (!f) throw Error("cannot read model file '" + o.model + "'", "check that it is a regular file");
  const std::span<const uint8_t> bytes(reinterpret_cast<const uint8_t*>(storage.data()), static_cast<size_t>(size));
  const ir::Graph g = tflite::read_tflite(bytes);

  const fs::path cc_path(o.output);
  if (cc_path.filename().empty()) throw Error("-o must name the .cc file to write", "e.g. -o model_data.cc");
  exporter::CArrayExportOptions eo;
  eo.name = o.name.empty() ? exporter::c_identifier_from(fs::path(o.model).stem().string()) : o.name;
  eo.source_file = fs::path(o.model).filename().string();
  eo.cc_file = cc_path.filename().string();
  eo.header_file = cc_path.stem().string() + ".h";
  if (eo.header_file == eo.cc_file) throw Error("-o '" + o.output + "' must not end in .h", "e.g. -o model_data.cc");
  const exporter::CArrayExport ex = exporter::export_c_array(bytes, g, eo);

  const fs::path dir = cc_path.parent_path();
  if (!dir.empty()) {
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec || !fs::is_directory(dir)) {
      throw Error("cannot create output directory '" + dir.string() + "'", "check the path and permissions");
    }
  }
  std::vector<std::string> written;
  for (const auto& [file, text] : ex.files) {
    const fs::path path = dir / file;
    write_atomically(path, text);
    written.push_back(path.string());
  }
  for (const std::string& w : ex.warnings) std::fprintf(stderr, "mcuforge: warning: %s\n", w.c_str());

  if (o.json) {
    nlohmann::json j;
    j["files"] = written;
    j["name"] = eo.name;
    j["model_bytes"] = bytes.size();
    j["arena_bytes"] = ex.arena.total;
    j["arena_head_bytes"] = ex.arena.head;
    j["arena_tail_bytes"] = ex.arena.tail;
    j["arena_exact"] = ex.arena.exact();
    nlohmann::json ops = nlohmann::json::array();
    for (const auto& e : ex.resolver) ops.push_back({{"op", e.op}, {"call", e.call}, {"note", e.note}});
    j["resolver"] = ops;
    j["warnings"] = ex.warnings;
    fmt::print("{}\n", j.dump(2));
    return 0;
  }
  fmt::print("Exported {} for TensorFlow Lite Micro:\n", o.model);
  for (const std::string& w : written) fmt::print("  {}\n", w);
  fmt::print("  {}_tflite[{}], resolver with {} ops, arena {} bytes{} (32-bit, reference kernels)\n", eo.name,
             bytes.size(), ex.resolver.size(), ex.arena.total, ex.arena.exact() ? "" : " (lower bound)");
  return 0;
}

}  // namespace mcuforge::cli
