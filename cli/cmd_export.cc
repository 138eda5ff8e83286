// SPDX-License-Identifier: Apache-2.0
// `mcuforge export MODEL --tflite -o OUT.tflite [--json]`: the model as mcuforge runs it, as .tflite
// (export/tflite_export.h).
// `mcuforge export MODEL --c-array -o model_data.cc [--name NAME] [--json]`: for users who stay on
// TensorFlow Lite Micro. Writes model_data.cc (the model bytes, const and 16-byte aligned, under the
// names xxd -i would give), model_data.h, and NAME_op_resolver.h (a MicroMutableOpResolver with exactly
// the model's ops and the exact arena size), as api::export_c_array produces them. All files are
// generated first and written only when everything succeeded.
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <filesystem>

#include "api/api.h"
#include "api/file_util.h"
#include "commands.h"
#include "diagnostics/error.h"

namespace mcuforge::cli {
namespace fs = std::filesystem;

namespace {

int export_tflite(const ExportOptions& o) {
  if (!o.name.empty()) throw Error("--name applies to --c-array only", "drop --name, or use --c-array");
  const api::ExportTfliteResult result = api::export_tflite({o.model, o.output});
  if (o.json) {
    fmt::print("{}\n", result.to_json().dump(2));
    return 0;
  }
  const exporter::TfliteExport& r = result.exported;
  fmt::print("Exported {} as mcuforge runs it: {} ({} bytes, {} ops", o.model, r.path.string(), r.bytes, r.ops);
  if (r.ops != r.source_ops) fmt::print(", {} folded into constants", r.source_ops - r.ops);
  fmt::print(")\n");
  for (const std::string& why : result.tflm_cannot_run) {
    fmt::print("note: TensorFlow Lite Micro cannot run the exported model: {} (TensorFlow Lite and mcuforge can)\n", why);
  }
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
  const api::ExportResult r = api::export_c_array({o.model, o.output, o.name});
  const exporter::CArrayExport& ex = r.exported;

  const fs::path dir = fs::path(o.output).parent_path();
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
    api::write_atomically(path, text);
    written.push_back(path.string());
  }
  for (const std::string& w : ex.warnings) std::fprintf(stderr, "mcuforge: warning: %s\n", w.c_str());

  if (o.json) {
    nlohmann::json j = r.to_json();
    j["files"] = written;
    fmt::print("{}\n", j.dump(2));
    return 0;
  }
  fmt::print("Exported {} for TensorFlow Lite Micro:\n", o.model);
  for (const std::string& w : written) fmt::print("  {}\n", w);
  fmt::print("  {}_tflite[{}], resolver with {} ops, arena {} bytes{} (32-bit, reference kernels)\n", r.name,
             r.model_bytes, ex.resolver.size(), ex.arena.total, ex.arena.exact() ? "" : " (lower bound)");
  return 0;
}

}  // namespace mcuforge::cli
