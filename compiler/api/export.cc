// SPDX-License-Identifier: Apache-2.0
// api::export_c_array: the model file's bytes as a C array for TensorFlow Lite Micro, with its op
// resolver and TFLM's exact arena size. The bytes are shipped as they are, so the graph is read from
// them without any pass.
#include <filesystem>
#include <fstream>

#include "api/api.h"
#include "diagnostics/error.h"
#include "import/tflite/tflite_reader.h"

namespace mcuforge::api {
namespace fs = std::filesystem;

ExportResult export_c_array(const ExportRequest& request) {
  std::ifstream f(request.model, std::ios::binary);
  if (!f) throw Error("cannot open model file '" + request.model + "'", "check the path");
  f.seekg(0, std::ios::end);
  const std::streamoff size = f.tellg();
  if (size < 0) throw Error("cannot read model file '" + request.model + "'", "check that it is a regular file");
  if (size > tflite::kMaxFileBytes) throw Error("the model file is larger than 2 GiB", "this is not a microcontroller-sized model");
  f.seekg(0);
  // 8-byte aligned storage: the flatbuffer verifier checks the alignment of what it reads.
  std::vector<uint64_t> storage((static_cast<size_t>(size) + 7) / 8 + 1);
  f.read(reinterpret_cast<char*>(storage.data()), size);
  if (!f) throw Error("cannot read model file '" + request.model + "'", "check that it is a regular file");
  const std::span<const uint8_t> bytes(reinterpret_cast<const uint8_t*>(storage.data()), static_cast<size_t>(size));
  const ir::Graph g = tflite::read_tflite(bytes);

  const fs::path cc_path(request.output);
  if (cc_path.filename().empty()) throw Error("-o must name the .cc file to write", "e.g. -o model_data.cc");
  exporter::CArrayExportOptions eo;
  eo.name = request.name.empty() ? exporter::c_identifier_from(fs::path(request.model).stem().string()) : request.name;
  eo.source_file = fs::path(request.model).filename().string();
  eo.cc_file = cc_path.filename().string();
  eo.header_file = cc_path.stem().string() + ".h";
  if (eo.header_file == eo.cc_file) throw Error("-o '" + request.output + "' must not end in .h", "e.g. -o model_data.cc");
  ExportResult r;
  r.name = eo.name;
  r.model_bytes = static_cast<int64_t>(bytes.size());
  r.exported = exporter::export_c_array(bytes, g, eo);
  return r;
}

nlohmann::json ExportResult::to_json() const {
  nlohmann::json j;
  j["name"] = name;
  j["model_bytes"] = model_bytes;
  j["arena_bytes"] = exported.arena.total;
  j["arena_head_bytes"] = exported.arena.head;
  j["arena_tail_bytes"] = exported.arena.tail;
  j["arena_exact"] = exported.arena.exact();
  nlohmann::json ops = nlohmann::json::array();
  for (const auto& e : exported.resolver) ops.push_back({{"op", e.op}, {"call", e.call}, {"note", e.note}});
  j["resolver"] = ops;
  j["warnings"] = exported.warnings;
  return j;
}

ExportTfliteResult export_tflite(const ExportTfliteRequest& request) {
  const size_t source_ops = tflite::read_tflite_file(request.model).ops.size();
  ExportTfliteResult r;
  const ir::Graph g = load_model(request.model);
  r.exported = exporter::export_tflite_file(g, source_ops, request.output);
  r.tflm_cannot_run = exporter::tflm_cannot_run(g);
  return r;
}

nlohmann::json ExportTfliteResult::to_json() const {
  nlohmann::json j;
  j["file"] = exported.path.string();
  j["bytes"] = exported.bytes;
  j["source_ops"] = exported.source_ops;
  j["ops"] = exported.ops;
  j["tensors"] = exported.tensors;
  j["tflm_cannot_run"] = tflm_cannot_run;
  return j;
}

}  // namespace mcuforge::api
