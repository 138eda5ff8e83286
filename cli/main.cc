// SPDX-License-Identifier: Apache-2.0
// mcuforge command line: a thin layer over the compiler library, one file per subcommand.
// Exit codes: 0 success, 2 bad input (one message naming the problem and what to do), 70 internal error.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <exception>
#include <string>

#include <fmt/format.h>

#include "commands.h"
#include "diagnostics/error.h"
#include "passes/pass_registry.h"
#include "target/cores.h"

namespace {

std::string pass_names() {
  std::string s;
  for (const auto& pass : mcuforge::passes::all_passes()) s += (s.empty() ? "" : ", ") + std::string(pass.name);
  return s;
}

}  // namespace

namespace {

int run_cli(int argc, char** argv) {
  CLI::App app{"mcuforge: compile trained neural networks into deployment-ready C for microcontrollers"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "mcuforge 0.1.0");
  // Global debugging options (before or after the subcommand).
  app.fallthrough();
  std::string print_after;
  app.add_option("--print-after", print_after,
                 "Print the graph to stderr after pass PASS (or after every pass: all); see --list-passes")
      ->type_name("PASS");
  app.add_flag_callback(
      "--list-passes",
      [] {
        std::fputs(mcuforge::passes::describe_passes().c_str(), stdout);
        throw CLI::Success();
      },
      "List the graph passes and pipelines, then exit");
  app.footer("Graph passes (for --print-after): " + pass_names());

  mcuforge::cli::InspectOptions inspect;
  auto* inspect_cmd = app.add_subcommand("inspect", "Show a model's inputs, outputs, ops, MACs and weights");
  inspect_cmd->add_option("model", inspect.model, "Model file (.tflite)");
  inspect_cmd->add_flag("--json", inspect.json, "Print JSON instead of a table");
  inspect_cmd->add_flag("--ops", inspect.ops,
                        "List every op mcuforge runs (dtypes, kernel variants, TFLM support) instead; no model "
                        "needed (= `mcuforge supported-ops`)");

  mcuforge::cli::SupportedOpsOptions supported;
  auto* supported_cmd = app.add_subcommand(
      "supported-ops", "List every op mcuforge runs: dtypes, kernel variants per ISA, whether TFLM runs it");
  supported_cmd->add_flag("--json", supported.json, "Print JSON instead of a table");

  mcuforge::cli::RunOptions run;
  auto* run_cmd = app.add_subcommand("run", "Run a model on the host with mcuforge's kernels");
  run_cmd->add_option("model", run.model, "Model file (.tflite)")->required();
  run_cmd->add_option("--input,-i", run.inputs, "One input per model input, in order: .npy or raw .bin")
      ->required();
  run_cmd->add_option("--output-dir,-o", run.output_dir, "Where out_K.bin / out_K.npy are written")
      ->required();
  run_cmd->add_flag("--json", run.json, "Print a JSON summary");
  run_cmd->add_option("--dump-tensors", run.dump_tensors_dir,
                      "Also write every tensor after the run as DIR/t<index>.bin (for per-layer comparison)");

  mcuforge::cli::CompileOptions compile;
  auto* compile_cmd = app.add_subcommand("compile", "Generate C99 code with an exact static memory plan");
  compile_cmd->add_option("model", compile.model, "Model file (.tflite)")->required();
  compile_cmd->add_option("-o,--output-dir", compile.output_dir, "Directory for the generated sources")->required();
  compile_cmd->add_option("--name", compile.name, "C prefix of every generated symbol (default: model)");
  compile_cmd->add_option("--core", compile.core,
                          "Target core (its kernel variants, e.g. Arm DSP): generic (default, portable reference "
                          "kernels), " + mcuforge::target::core_names_text(false));
  compile_cmd->add_flag("--json", compile.json, "Print report.json instead of a summary");

  mcuforge::cli::ExportOptions exp;
  auto* export_cmd = app.add_subcommand(
      "export", "Export a model for TensorFlow Lite Micro (C array, op resolver, arena size) or as .tflite");
  export_cmd->add_option("model", exp.model, "Model file (.tflite)")->required();
  auto* c_array_flag =
      export_cmd->add_flag("--c-array", exp.c_array, "Write the model as a C array with an op resolver header");
  export_cmd->add_flag("--tflite", exp.tflite,
                       "Write the model as mcuforge runs it (constants folded) as a .tflite file")
      ->excludes(c_array_flag);
  export_cmd->add_option("-o,--output", exp.output,
                         "The file to write: the .cc (its .h and NAME_op_resolver.h go beside it), or the .tflite")
      ->required();
  export_cmd->add_option("--name", exp.name, "C prefix: NAME_tflite, NAME_tflite_len (default: the model's file stem)");
  export_cmd->add_flag("--json", exp.json, "Print a JSON summary");


  mcuforge::cli::VerifyOptions verify;
  auto* verify_cmd = app.add_subcommand(
      "verify", "Run the generated C in QEMU on an emulated MCU core; compare every output byte with the host");
  verify_cmd->add_option("model", verify.model, "Model file (.tflite)")->required();
  verify_cmd->add_option("--core", verify.core,
                         "Emulated core: " + fmt::format("{}", fmt::join(mcuforge::target::emulated_core_ids(), ", ")) +
                             " (default cortex-m4f; aliases of boards/cores accepted)");
  verify_cmd->add_option("--board", verify.board, "Board name: verify on its core (see boards/)");
  verify_cmd->add_option("--input,-i", verify.inputs,
                         "One input per model input (.npy or raw .bin); default: deterministic SplitMix64 inputs");
  verify_cmd->add_option("--seed", verify.seed, "SplitMix64 seed of the generated inputs (default 1 = golden set 0)");
  verify_cmd->add_option("--kernels", verify.kernels, "auto (the core's kernel variants, default) or reference")
      ->check(CLI::IsMember({"auto", "reference"}));
  verify_cmd->add_option("--opt", verify.opt, "Cross compiler optimization: O2 (default), O3, Os, O1");
  verify_cmd->add_option("--output-dir,-o", verify.output_dir, "Also write the outputs computed on the target as out_K.bin");
  verify_cmd->add_option("--keep", verify.keep_dir, "Build in DIR and keep the sources, image.elf and image.map");
  verify_cmd->add_option("--timeout", verify.timeout_seconds, "QEMU time limit in seconds (default 600)");
  verify_cmd->add_flag("!--no-count", verify.count, "Skip instruction counting");
  verify_cmd->add_flag("--json", verify.json, "Print JSON instead of a summary");

  mcuforge::cli::BoardsOptions boards;
  auto* boards_cmd = app.add_subcommand("boards", "List the board database (boards/) with key figures");
  boards_cmd->add_flag("--json", boards.json, "Print every board file (with sources) as JSON");

  mcuforge::cli::CheckOptions check;
  auto* check_cmd = app.add_subcommand(
      "check", "Does the model fit a board: flash, RAM regions, op support, estimated latency, advice");
  check_cmd->add_option("model", check.model, "Model file (.tflite)")->required();
  check_cmd->add_option("--board,-b", check.board, "Board id (see `mcuforge boards`), or all to rank every board")
      ->required();
  check_cmd->add_option("--flash-budget", check.flash_budget,
                        "Percent of the application flash model + runtime may use (default 60)");
  check_cmd->add_option("--kernels", check.kernels,
                         "auto (the board core's kernel variants, as deploy builds them; default) or reference")
      ->check(CLI::IsMember({"auto", "reference"}));
  check_cmd->add_option("--measured", check.measured,
                        "JSON {\"core\": ID, \"instructions\": N} from an emulator run: replaces the latency model");
  check_cmd->add_flag("--json", check.json, "Print JSON instead of a report");

  mcuforge::cli::DeployOptions dep;
  auto* deploy_cmd = app.add_subcommand(
      "deploy", "Write a complete firmware project (ESP-IDF, STM32 CMake, Arduino, PlatformIO, Zephyr, Make) for a board");
  deploy_cmd->add_option("model", dep.model, "Model file (.tflite)")->required();
  deploy_cmd->add_option("--board,-b", dep.board, "Board id (see `mcuforge boards`)")->required();
  deploy_cmd->add_option("--project,-p", dep.project,
                         "esp-idf, stm32-cmake, arduino, platformio, zephyr or make (default: the board's usual one)");
  deploy_cmd->add_option("-o,--output-dir", dep.output_dir, "Project directory (new, empty, or an earlier deploy)")
      ->required();
  deploy_cmd->add_option("--name", dep.name, "C prefix and project name (default: the model file's stem)");
  deploy_cmd->add_option("--input,-i", dep.inputs,
                         "The demo's test input, one per model input (.npy or raw .bin); default: generated");
  deploy_cmd->add_option("--labels", dep.labels, "Class names of output 0, one per line (printed by the demo)");
  deploy_cmd->add_option("--flash-budget", dep.flash_budget,
                         "Percent of the application flash model + runtime may use (default 60)");
  deploy_cmd->add_option("--kernels", dep.kernels,
                         "auto (the core's kernel variants, e.g. Cortex-M DSP: fastest) or reference (portable "
                         "kernels: no im2col scratch, the smallest arena on some conv models)")
      ->check(CLI::IsMember({"auto", "reference"}));
  deploy_cmd->add_flag("--force", dep.force, "Write the project even if the model does not fit the board");
  deploy_cmd->add_flag("--json", dep.json, "Print JSON instead of the fit report and a summary");

  mcuforge::cli::QuantizeOptions quant;
  auto* quantize_cmd = app.add_subcommand(
      "quantize", "Quantize a float32 (or hybrid) model to full int8 with calibration data; per-layer error report");
  quantize_cmd->add_option("model", quant.model, "Float32 or hybrid model (.tflite)")->required();
  quantize_cmd->add_option("--data", quant.data,
                           "Calibration data: .npy [N,...], .npz, a folder of .npy or PNG/JPEG images, or an MLPerf "
                           "Tiny folder (.bin + y_labels.csv)")->required();
  quantize_cmd->add_option("-o,--output", quant.output, "The quantized .tflite to write")->required();
  quantize_cmd->add_option("--method", quant.method,
                           "Range choice: auto (each method, best output SQNR), minmax (TensorFlow's), percentile, "
                           "mse or kl")
      ->check(CLI::IsMember({"auto", "minmax", "percentile", "mse", "kl"}));
  quantize_cmd->add_option("--int16", quant.int16,
                           "none, auto (move the layers that lose most to int16x8 until the loss is under the "
                           "threshold) or a list of op types / #positions");
  quantize_cmd->add_option("--min-sqnr", quant.min_sqnr, "--int16 auto: output SQNR to reach, dB (default 30)");
  quantize_cmd->add_option("--max-drop", quant.max_drop,
                           "--int16 auto with --eval: largest accuracy loss vs float, points (default 1.0)");
  quantize_cmd->add_option("--eval", quant.eval, "Labelled evaluation data (same forms as --data)");
  quantize_cmd->add_option("--labels", quant.eval_labels, "Labels of --eval (.npy of class indices, or text)");
  quantize_cmd->add_option("--io", quant.io, "int8 (default: int8 inputs and outputs) or float (QUANTIZE and "
                           "DEQUANTIZE at the edges)")->check(CLI::IsMember({"int8", "float"}));
  quantize_cmd->add_option("--data-dtype", quant.data_dtype, "Element type of raw .bin samples: uint8, int8, int16, float32")
      ->check(CLI::IsMember({"uint8", "int8", "int16", "float32"}));
  quantize_cmd->add_option("--scale", quant.scale, "Preprocessing: x * scale + offset (e.g. 1/255 for pixels)");
  quantize_cmd->add_option("--offset", quant.offset, "Preprocessing: x * scale + offset");
  quantize_cmd->add_option("--mean", quant.mean, "Preprocessing: (x - mean) / std, one value or one per channel");
  quantize_cmd->add_option("--std", quant.std, "Preprocessing: (x - mean) / std");
  quantize_cmd->add_option("--resize", quant.resize, "Images: resize to WxH (bilinear)");
  quantize_cmd->add_option("--channels", quant.channels, "Images: rgb, bgr or gray")
      ->check(CLI::IsMember({"rgb", "bgr", "gray"}));
  quantize_cmd->add_option("--data-select", quant.data_select, "Use files [A,B) of --data, in its order (A:B)");
  quantize_cmd->add_option("--eval-select", quant.eval_select, "Use files [A,B) of --eval, in its order (A:B)");
  quantize_cmd->add_option("--max-samples", quant.max_samples, "Calibrate on at most N samples, evenly spaced");
  quantize_cmd->add_flag("--no-bias-correction", quant.no_bias_correction, "Skip empirical bias correction");
  quantize_cmd->add_flag("--json", quant.json, "Print the report as JSON");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? 0 : 2;
  }

  try {
    mcuforge::passes::set_default_print_after(print_after);
    if (*inspect_cmd) return mcuforge::cli::inspect_command(inspect);
    if (*supported_cmd) return mcuforge::cli::supported_ops_command(supported);
    if (*run_cmd) return mcuforge::cli::run_command(run);
    if (*compile_cmd) return mcuforge::cli::compile_command(compile);
    if (*export_cmd) return mcuforge::cli::export_command(exp);
    if (*verify_cmd) return mcuforge::cli::verify_command(verify);
    if (*boards_cmd) return mcuforge::cli::boards_command(boards);
    if (*check_cmd) return mcuforge::cli::check_command(check);
    if (*deploy_cmd) return mcuforge::cli::deploy_command(dep);
    if (*quantize_cmd) return mcuforge::cli::quantize_command(quant);
  } catch (const mcuforge::Error& e) {
    std::fprintf(stderr, "mcuforge: error: %s\n", e.what());
    if (!e.hint().empty()) std::fprintf(stderr, "  hint: %s\n", e.hint().c_str());
    return 2;
  } catch (const std::bad_alloc&) {
    std::fprintf(stderr, "mcuforge: error: out of memory\n");
    return 2;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "mcuforge: internal error: %s\n  hint: please report this with the model file\n",
                 e.what());
    return 70;
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return run_cli(argc, argv);
  } catch (const mcuforge::Error& e) {  // the board database itself is broken (help text reads it)
    std::fprintf(stderr, "mcuforge: error: %s\n", e.what());
    if (!e.hint().empty()) std::fprintf(stderr, "  hint: %s\n", e.hint().c_str());
    return 2;
  }
}
