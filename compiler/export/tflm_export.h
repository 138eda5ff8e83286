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

// Every builtin op TFLM's MicroMutableOpResolver registers (at the pinned tflite-micro version), by name.
std::vector<std::string> tflm_builtin_ops();

// TFLM's resolver method for a builtin op ("AddConv2D"), or "" when TFLM has no kernel for it (TILE).
std::string tflm_resolver_method(const std::string& builtin_name);

// The dtypes TFLM's kernel for an op takes where mcuforge runs more (EXP: float32 only): of the op's
// first input, its second input (indices of GATHER, values of SELECT_V2) and its first output; an empty list = any mcuforge runs.
struct TflmKernelDtypes {
  std::vector<ir::DType> input0, input1, output0;
  bool limited() const { return !input0.empty() || !input1.empty() || !output0.empty(); }
};
TflmKernelDtypes tflm_kernel_dtypes(const std::string& builtin_name);

// Why TensorFlow Lite Micro cannot run `g`, one line per op ("op 3 (TILE): TFLM has no kernel for
// TILE"), or nothing. mcuforge runs such models; export --c-array refuses them, export --tflite warns.
std::vector<std::string> tflm_cannot_run(const ir::Graph& g);

// Ops TFLM rejects as written but runs once mcuforge has folded constants (a FILL of run-time dims):
// export --c-array warns, naming the fix (export the folded model).
std::vector<std::string> tflm_needs_folding(const ir::Graph& g);

// Distinct ops in order of first use, mapped to TFLM's resolver methods. Throws Error for a builtin op
// TFLM's MicroMutableOpResolver has no method for.
std::vector<ResolverEntry> tflm_resolver_entries(const ir::Graph& g);

CArrayExport export_c_array(std::span<const uint8_t> model_bytes, const ir::Graph& g,
                            const CArrayExportOptions& o);

}  // namespace mcuforge::exporter
