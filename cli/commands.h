// SPDX-License-Identifier: Apache-2.0
// The CLI subcommands: options as main.cc parses them; each calls the library API (compiler/api/api.h) and
// prints; each returns the process exit code and throws mcuforge::Error on bad input.
#pragma once

#include <string>
#include <vector>

namespace mcuforge::cli {

struct InspectOptions {
  std::string model;
  bool json = false;
  bool ops = false;  // --ops: the supported-ops table instead of a model (needs no model)
};
int inspect_command(const InspectOptions& o);

struct SupportedOpsOptions {
  bool json = false;
};
int supported_ops_command(const SupportedOpsOptions& o);

struct RunOptions {
  std::string model;
  std::vector<std::string> inputs;
  std::string output_dir;
  std::string dump_tensors_dir;  // if set: every tensor's bytes as t<index>.bin (debugging)
  bool json = false;
};
int run_command(const RunOptions& o);

struct QuantizeOptions {
  std::string model, output;
  std::string data, labels, eval, eval_labels;
  std::string method = "auto";
  std::string int16 = "none";
  std::string io = "int8";
  std::string data_dtype;        // raw .bin element type
  std::string scale, offset;     // numbers or fractions ("1/255"): data::parse_numbers
  std::string mean, std;         // one number or one per channel: "0.5,0.5,0.5"
  std::string resize;            // WxH
  std::string channels = "rgb";
  std::string data_select, eval_select;  // A:B
  bool no_bias_correction = false;
  double min_sqnr = 30.0, max_drop = 1.0;
  int64_t max_samples = 0;
  bool json = false;
};
int quantize_command(const QuantizeOptions& o);

struct CompileOptions {
  std::string model;
  std::string output_dir;
  std::string name = "model";
  std::string core = "generic";  // generic or a core of boards/cores (id or alias): picks kernel variants
  bool json = false;
};
int compile_command(const CompileOptions& o);

struct ExportOptions {
  std::string model;
  bool c_array = false;  // --c-array: C array + op resolver for TFLM
  bool tflite = false;   // --tflite: the model as mcuforge runs it, as a .tflite file
  std::string output;    // the .cc path (the headers go beside it), or the .tflite path
  std::string name;      // C prefix; default: the model file's stem as a C identifier
  bool json = false;
};
int export_command(const ExportOptions& o);

struct VerifyOptions {
  std::string model;
  std::string core;                 // --core, id or alias (default cortex-m4f when no --board)
  std::string board;                // --board: the board's core
  std::vector<std::string> inputs;  // none: SplitMix64 inputs with `seed` (golden input set seed-1)
  uint64_t seed = 1;
  std::string kernels = "auto";     // auto: the core's kernel variants; reference: portable kernels
  std::string opt = "O2";           // cross compiler optimization level
  std::string keep_dir;             // build here and keep it (default: a temporary directory)
  std::string output_dir;           // if set: the target's outputs as out_K.bin
  double timeout_seconds = 600;     // QEMU time limit
  bool count = true;                // count instructions (QEMU plugin)
  bool json = false;
};
int verify_command(const VerifyOptions& o);

struct BoardsOptions {
  bool json = false;
};
int boards_command(const BoardsOptions& o);

struct CheckOptions {
  std::string model;
  std::string board;          // a board id or "all"
  double flash_budget = 60;   // % of the application flash that model + runtime may take
  std::string kernels = "auto";  // auto: the board core's kernel variants (as deploy); reference: portable
  std::string measured;       // JSON {"core", "instructions"}: measured count replaces the latency model
  bool json = false;
};
int check_command(const CheckOptions& o);

struct DeployOptions {
  std::string model;
  std::string board;
  std::string project;                // empty: the board's default
  std::string output_dir;
  std::string name;                   // C prefix; default: the model file's stem
  std::vector<std::string> inputs;    // the demo's test input; none: generated (SplitMix64 seed 1)
  std::string labels;                 // class names of output 0, one per line
  double flash_budget = 60;
  std::string kernels = "auto";       // auto: the core's kernel variants; reference: portable kernels
  bool force = false;                 // deploy even if the model does not fit
  bool json = false;
};
int deploy_command(const DeployOptions& o);

}  // namespace mcuforge::cli
