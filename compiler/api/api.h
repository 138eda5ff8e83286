// SPDX-License-Identifier: Apache-2.0
// The mcuforge library API: one function per command (inspect, run, compile, check, verify, deploy,
// export), each with a typed request and result whose to_json() is the command's --json output. The
// CLI (cli/cmd_*.cc) only parses options, calls these and prints; the web UI and a Python binding call
// the same functions. Bad user input throws mcuforge::Error(what, hint), as everywhere.
//
// Composition rules that live here and nowhere else:
// - every model is loaded by api::load_model();
// - a --core name is resolved by the table of cores (target/cores.h);
// - check and deploy size a model on a board through one function, fit_on_board(): the kernels the
//   board's core gets (or the portable ones with --kernels reference), the arena of that compiled
//   model, its flash figures and a latency estimate for exactly those kernels.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "data/dataset.h"
#include "deploy/deploy.h"
#include "emit/compile.h"
#include "emulate/targets.h"
#include "export/tflite_export.h"
#include "export/tflm_export.h"
#include "ir/graph.h"
#include "quantize/quantizer.h"
#include "target/fit_check.h"

namespace mcuforge::api {

// The one way a model is loaded: read (format by file), then the graph passes every later stage
// expects (constant folding). (export --c-array reads the file's bytes as they are: it ships them.)
ir::Graph load_model(const std::string& path);

// A tensor as the commands report it.
struct TensorInfo {
  int32_t index = 0;
  std::string name;
  ir::DType dtype = ir::DType::kFloat32;
  std::vector<int32_t> shape;
  int64_t bytes = 0;
  std::optional<float> scale;        // per-tensor quantization (first channel), if quantized
  std::optional<int64_t> zero_point;
  nlohmann::json to_json() const;
};
TensorInfo tensor_info(const ir::Graph& g, int32_t index);

// ---- inspect ---------------------------------------------------------------------------------------
struct InspectRequest {
  std::string model;
};
struct OpInfo {
  int64_t index = 0;
  std::string op;      // TFLite name, CUSTOM:<name> for custom ops
  bool supported = false;
  std::string kernel;  // if supported
  std::string reason;  // if not
  int64_t macs = 0;
};
struct InspectResult {
  std::string model, description;
  std::vector<TensorInfo> inputs, outputs;
  std::vector<OpInfo> ops;
  std::map<std::string, std::pair<int, int64_t>> op_counts;  // op -> (count, MACs)
  int64_t weights_bytes = 0, total_macs = 0;
  size_t unsupported() const;
  nlohmann::json to_json() const;
};
InspectResult inspect(const InspectRequest& request);

// ---- run ---------------------------------------------------------------------------------------------
struct RunRequest {
  std::string model;
  std::vector<std::string> input_files;  // one per model input: .npy or raw .bin
  bool keep_tensors = false;             // also return every tensor's bytes after the run
};
struct RunResult {
  std::string model;
  std::vector<TensorInfo> outputs;
  std::vector<std::vector<uint8_t>> output_bytes;
  std::vector<std::vector<uint8_t>> tensor_bytes;  // if keep_tensors: by tensor index
  std::vector<std::string> input_notes;            // inputs converted on the way in (float32 quantized, ...)
  nlohmann::json to_json() const;                  // {model, outputs: [{index, name, dtype, shape}], input_notes}
};
RunResult run(const RunRequest& request);

// ---- compile -------------------------------------------------------------------------------------------
struct CompileRequest {
  std::string model;
  std::string name = "model";    // C prefix
  std::string core = "generic";  // generic, a core id or alias (target/cores.h)
};
struct CompileResult {
  std::string core;                // the compile target's core ("generic" or the database id)
  emit::CompiledModel compiled;    // files and report.json
  nlohmann::json to_json() const;  // report.json
};
CompileResult compile(const CompileRequest& request);

// ---- check / deploy: one compile path for a board ----------------------------------------------------
// The model compiled for a board (its core's kernel variants, or the portable ones) with its flash
// figures on that core and the fit, as check and deploy report it.
struct BoardFit {
  std::string compile_core;                       // kernels compiled: core id or "generic"
  std::shared_ptr<const target::ModelFacts> facts;
  target::FitResult fit;
  nlohmann::json to_json() const;                 // fit + compile_core, kernels, arena_bytes
};

// Compiles `g` for each distinct compile target once and sizes it per core (one cross build per
// kernel set and core): what check and deploy share. `g` must outlive the fitter.
class BoardFitter {
 public:
  BoardFitter(const ir::Graph& g, std::string model_file, bool reference_kernels,
              target::CheckOptions options);
  BoardFit fit(const target::Board& board);

 private:
  const ir::Graph& graph_;
  std::string model_file_;
  bool reference_;
  target::CheckOptions options_;
  std::map<std::string, std::shared_ptr<const target::ModelFacts>> facts_;  // by compile core
  std::map<std::string, target::CodeSize> code_;                            // by core id
};

struct CheckRequest {
  std::string model;
  std::string board;                   // a board id or "all"
  double flash_budget = 60;            // % of the application flash model + runtime may take
  std::string kernels = "auto";        // auto: the board core's variants; reference: portable kernels
  std::string measured_file;           // verify --json output (or {"core", "instructions"})
};
struct CheckResult {
  std::string model;
  bool all = false;                    // --board all: `boards` is the ranking
  std::vector<BoardFit> boards;        // one, or every board ranked
  bool fits() const;                   // the board fits / at least one fits
  nlohmann::json to_json() const;
};
CheckResult check(const CheckRequest& request);
// The `--measured` file: {"core": id or alias, "instructions": N}; the core is the database id.
target::MeasuredInstructions read_measured(const std::string& path);

struct DeployRequest {
  std::string model;
  std::string board;
  std::string project;                 // empty: the board's default
  std::string output_dir;              // written atomically if set (else the project stays in memory)
  std::string name;                    // C prefix; default: the model file's stem
  std::vector<std::string> input_files;  // the demo's test input; none: generated (SplitMix64 seed 1)
  std::string labels_file;             // class names of output 0, one per line
  double flash_budget = 60;
  std::string kernels = "auto";
  bool force = false;                  // deploy even if the model does not fit
  // Called with the fit before anything is refused or built (the CLI prints the report there).
  std::function<void(const BoardFit&)> on_fit;
};
struct DeployResult {
  BoardFit fit;
  deploy::ProjectKind kind = deploy::ProjectKind::kMake;
  std::string model_file, name, input_note;
  deploy::Project project;
  nlohmann::json to_json() const;      // without output_dir (the CLI adds it)
};
DeployResult deploy(const DeployRequest& request);

// ---- verify --------------------------------------------------------------------------------------------
struct VerifyRequest {
  std::string model;
  std::string core;                    // id or alias (default cortex-m4f when no board)
  std::string board;                   // or: the board's core
  std::vector<std::string> input_files;
  uint64_t seed = 1;
  std::string kernels = "auto";
  std::string opt = "O2";
  std::string keep_dir;                // build here and keep it (default: a temporary directory)
  double timeout_seconds = 600;
  bool count = true;
};
struct VerifyResult {
  emulate::CoreSpec core;              // core.name is the database id
  std::string board, input_source, compile_core, failure, plugin_note, build_dir;
  bool bit_exact = false;
  std::vector<std::vector<uint8_t>> target_outputs;
  uint64_t expected_bytes = 0;         // output bytes compared
  nlohmann::json report;               // the --json output
  nlohmann::json to_json() const { return report; }
};
VerifyResult verify(const VerifyRequest& request);

// ---- export --------------------------------------------------------------------------------------------
struct ExportRequest {
  std::string model;
  std::string output;                  // the .cc path; names the files (headers go beside it)
  std::string name;                    // C prefix; default: the model file's stem as a C identifier
};
struct ExportResult {
  std::string name;
  int64_t model_bytes = 0;
  exporter::CArrayExport exported;     // files (by file name), resolver, arena, warnings
  nlohmann::json to_json() const;      // without "files" (the CLI adds the paths it wrote)
};
ExportResult export_c_array(const ExportRequest& request);

// export --tflite: the model as mcuforge runs it (loaded: constants folded, dead ops removed).
struct ExportTfliteRequest {
  std::string model;
  std::string output;                  // the .tflite path
};
struct ExportTfliteResult {
  exporter::TfliteExport exported;
  std::vector<std::string> tflm_cannot_run;  // why TFLM cannot run the written model (ops, dtypes)
  nlohmann::json to_json() const;
};
ExportTfliteResult export_tflite(const ExportTfliteRequest& request);

// ---- quantize -------------------------------------------------------------------------------------
// A float32 (or hybrid) model and calibration data in, a full-integer .tflite out (quantize/quantizer.h),
// with the error per layer, the int16 fallback and, with evaluation data, the metric before and after.
struct DatasetRequest {
  std::string path;           // .npy, .npz, a folder of .npy or images, an MLPerf Tiny folder
  std::string labels;         // optional labels file
  data::Preprocess pre;
  int64_t begin = 0, end = -1;  // the files (groups) [begin, end) of the dataset, in its order
};
struct QuantizeRequest {
  std::string model, output;
  DatasetRequest calibration;
  std::optional<DatasetRequest> eval;
  std::string method = "auto";  // auto | minmax | percentile | mse | kl
  std::string int16 = "none";   // none | auto | OP,OP (types or #positions)
  bool float_io = false;
  bool bias_correction = true;
  double min_sqnr_db = 30.0;    // --int16 auto without --eval: the output SQNR to reach
  double max_drop_pct = 1.0;    // --int16 auto with --eval: the largest accuracy loss (points)
  int64_t max_calibration_samples = 0;  // 0: all
  std::function<void(const std::string&, int64_t, int64_t)> progress;
};
struct QuantizeCost {
  int64_t arena_bytes = 0, weights_bytes = 0;
  double m4_instructions = 0;  // estimated Cortex-M4 instructions per inference (reference kernels)
  nlohmann::json to_json() const;
};
struct QuantizeResult {
  std::string model, output;
  int64_t output_bytes = 0;
  quantize::QuantizeReport report;
  QuantizeCost int8_cost, final_cost;
  std::optional<std::string> metric_name;  // "top-1 accuracy" when --eval has class labels
  std::vector<std::string> notes;
  std::vector<std::string> data_notes;     // how the datasets were read (data::Dataset::notes)
  nlohmann::json to_json() const;
};
QuantizeResult quantize(const QuantizeRequest& request);

// ---- supported-ops -----------------------------------------------------------------------------------
// Every op mcuforge runs (dtype forms, kernel variants per ISA, whether TFLM runs it) and every TFLM
// builtin it does not run, with the reason: the question users ask before they train.
struct KernelVariant {
  std::string kernel;   // "mf_conv2d_s8__cm_dsp"
  std::string isa;      // "cm_dsp" (runtime/kernels/arch/<isa>/)
};
struct SupportedOp {
  std::string op;
  int32_t tflite_code = -1;
  std::vector<std::string> dtypes;
  std::vector<KernelVariant> variants;
  std::string tflm;     // "yes", "no", or "float32 only"
};
struct UnsupportedOp {
  std::string op;
  std::string reason;
};
struct SupportedOpsResult {
  std::vector<SupportedOp> ops;
  std::vector<UnsupportedOp> tflm_ops_not_supported;  // TFLM builtins mcuforge does not run
  size_t tflm_builtins = 0;                           // builtins TFLM's resolver registers
  size_t tflm_builtins_supported = 0;                 // of those, run by mcuforge
  nlohmann::json to_json() const;
};
SupportedOpsResult supported_ops();

}  // namespace mcuforge::api
