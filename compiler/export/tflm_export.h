// SPDX-License-Identifier: Apache-2.0
// `mcuforge export --c-array`: for users who stay on TensorFlow Lite Micro. Produces the .tflite bytes
// as a C array (xxd -i names, but const and 16-byte aligned), a header declaring them, and a header
// with a MicroMutableOpResolver holding exactly the model's ops plus the exact arena size TFLM needs.
// Everything is returned as text; the caller writes the files.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "export/tflm_arena.h"
#include "ir/graph.h"

namespace mcuforge::exporter {

struct CArrayExportOptions {
  std::string name;         // C prefix: NAME_tflite, NAME_tflite_len, NAME_kArenaSize
  std::string source_file;  // shown in the generated comments
  std::string cc_file;      // file name of the .cc (e.g. "model_data.cc")
  std::string header_file;  // file name of the array header (e.g. "model_data.h")
};

// One resolver entry: the TFLM method call, or (custom ops TFLM does not provide) a comment.
struct ResolverEntry {
  std::string op;    // "CONV_2D" or "CUSTOM:<name>"
  std::string call;  // "AddConv2D()"; empty when the user must register the op
  std::string note;  // what the user must provide, for custom ops
};

struct CArrayExport {
  std::vector<std::pair<std::string, std::string>> files;  // (file name, contents)
  std::vector<ResolverEntry> resolver;
  TflmArena arena;
  std::vector<std::string> warnings;
};

// The xxd -i identifier for a file stem: every character outside [A-Za-z0-9_] becomes '_', and a
// leading digit gets a '_' prefix.
std::string c_identifier_from(const std::string& stem);
bool is_c_identifier(const std::string& s);

// Distinct ops in order of first use, mapped to TFLM's resolver methods. Throws Error for a builtin op
// TFLM's MicroMutableOpResolver has no method for.
std::vector<ResolverEntry> tflm_resolver_entries(const ir::Graph& g);

CArrayExport export_c_array(std::span<const uint8_t> model_bytes, const ir::Graph& g,
                            const CArrayExportOptions& o);

}  // namespace mcuforge::exporter
