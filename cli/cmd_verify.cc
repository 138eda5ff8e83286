// SPDX-License-Identifier: Apache-2.0
// `mcuforge verify MODEL --core C | --board B [--input FILE ...] [--json]`: verification without
// hardware. Compiles the model exactly as `mcuforge compile` does, cross-builds it with a bare-metal
// harness for the core, runs it in QEMU, and compares every output byte with the host executor (the
// code path of `mcuforge run`). Also reports the exact instruction count of one invoke, the image's
// section sizes (and the generated code's share) and the peak stack.
// Exit codes: 0 bit-exact, 1 outputs differ or the image failed on the target, 2 bad input or a
// missing cross compiler/QEMU (with the apt command), 70 internal error.
#include <fmt/format.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <cstring>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>

#include "commands.h"
#include "inputs.h"
#include "diagnostics/error.h"
#include "emit/compile.h"
#include "emulate/emulator.h"
#include "emulate/targets.h"
#include "exec/executor.h"
#include "file_util.h"
#include "passes/load_model.h"
#include "npy.h"
#include "target/board_db.h"

namespace mcuforge::cli {
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

// The core of a board: the board database (boards/, embedded), else emulate's small built-in table.
std::string board_core(const std::string& board) {
  const target::BoardDb& db = target::board_db();
  if (const target::Board* b = db.find_board(board)) return b->core_id;
  try {
    return emulate::core_of_board(board);
  } catch (const Error&) {
    throw Error("unknown board '" + board + "'",
                "use one of the boards of `mcuforge boards` (" + db.board_ids() + ") or --core");
  }
}

// The compiler's core (kernel variants) for an emulated core: the same name where the compiler knows
// it, else the portable kernels.
std::string compile_core(const std::string& core, const std::string& kernels) {
  if (kernels == "reference") return "generic";
  for (const std::string& n : emit::core_names()) {
    if (n == core) return core;
  }
  return "generic";
}

std::string grouped(uint64_t v) {
  const std::string digits = std::to_string(v);
  std::string s;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) s.push_back(',');
    s.push_back(digits[i]);
  }
  return s;
}

json sizes_json(const emulate::SectionSizes& s) {
  return {{"text_bytes", s.text}, {"rodata_bytes", s.rodata}, {"data_bytes", s.data}, {"bss_bytes", s.bss}};
}

// A scratch directory removed at the end unless the user asked to keep the build.
struct WorkDir {
  fs::path path;
  bool keep = false;
  ~WorkDir() {
    if (!keep && !path.empty()) {
      std::error_code ec;
      fs::remove_all(path, ec);
    }
  }
};

}  // namespace

int verify_command(const VerifyOptions& o) {
  if (!o.core.empty() && !o.board.empty()) {
    throw Error("give either --core or --board, not both", "--board picks the board's core");
  }
  const std::string core_name =
      !o.core.empty() ? o.core : !o.board.empty() ? board_core(o.board) : std::string("cortex-m4");
  const emulate::CoreSpec& core = emulate::core_spec(core_name);
  if (!fs::exists(o.model)) throw Error("model file '" + o.model + "' does not exist", "check the path");
  if (o.timeout_seconds <= 0) throw Error("--timeout must be positive", "give seconds, e.g. --timeout 600");
  if (o.opt != "O2" && o.opt != "Os" && o.opt != "O3" && o.opt != "O1") {
    throw Error("unknown optimization level '" + o.opt + "'", "use O2 (default), O3, Os or O1");
  }
  emulate::require_tools(core);

  // Same path as `mcuforge compile`; prefix `mfv` is what the harness calls.
  const ir::Graph g = passes::load_model(o.model);
  emit::CompileOptions eo;
  eo.name = "mfv";
  eo.source_file = fs::path(o.model).filename().string();
  eo.source_sha256 = sha256_of_file(o.model);
  eo.core = compile_core(core.name, o.kernels);
  const emit::CompiledModel cm = emit::compile_model(g, eo);

  std::vector<std::vector<uint8_t>> inputs;
  std::string input_source;
  if (!o.inputs.empty()) {
    if (o.inputs.size() != g.inputs.size()) {
      throw Error(fmt::format("the model has {} input(s) but {} --input file(s) were given", g.inputs.size(),
                              o.inputs.size()),
                  "pass one --input per model input, in order (see `mcuforge inspect`), or none for generated inputs");
    }
    for (size_t k = 0; k < o.inputs.size(); ++k) inputs.push_back(read_input(o.inputs[k], g.tensor(g.inputs[k]), k));
    input_source = "files";
  } else {
    inputs = generated_inputs(g, o.seed);
    input_source = fmt::format("splitmix64 seed {}", o.seed);
  }

  // The reference: the host executor, in-process.
  exec::Executor executor(g);
  const std::vector<std::vector<uint8_t>> expected = executor.invoke(inputs);

  WorkDir work;
  if (!o.keep_dir.empty()) {
    work.path = fs::absolute(o.keep_dir);
    work.keep = true;
    std::error_code ec;
    fs::create_directories(work.path, ec);
    if (!fs::is_directory(work.path)) throw Error("cannot create '" + o.keep_dir + "'", "check the path and permissions");
  } else {
    std::string tmpl = (fs::temp_directory_path() / "mcuforge-verify-XXXXXX").string();
    if (!mkdtemp(tmpl.data())) throw std::runtime_error("cannot create a temporary directory");
    work.path = tmpl;
  }

  emulate::BuildOptions bo;
  bo.opt_level = "-" + o.opt;
  bo.jobs = std::max(1, static_cast<int>(sysconf(_SC_NPROCESSORS_ONLN)));
  const emulate::BuiltImage img =
      emulate::build_image(core, work.path.string(), cm.files, "mfv_weights.c", emulate::testdata_source(inputs), bo);

  std::string plugin_note;
  const std::string plugin = o.count ? emulate::find_insncount_plugin(&plugin_note) : std::string();
  const emulate::EmulatorRun run = emulate::run_image(core, img, plugin, o.timeout_seconds);

  // Compare every output byte.
  bool bit_exact = run.exit_code == 0 && run.invoke_status == 0 && run.outputs.size() == expected.size();
  bool float_only_difference = true;  // every difference is in a float32 output
  json outputs = json::array();
  for (size_t k = 0; k < expected.size(); ++k) {
    const std::vector<uint8_t> none;
    const std::vector<uint8_t>& got = k < run.outputs.size() ? run.outputs[k] : none;
    int64_t differing = 0, first = -1;
    for (size_t i = 0; i < expected[k].size(); ++i) {
      if (i >= got.size() || got[i] != expected[k][i]) {
        ++differing;
        if (first < 0) first = static_cast<int64_t>(i);
      }
    }
    if (got.size() != expected[k].size()) bit_exact = false;
    if (differing) bit_exact = false;
    const ir::Tensor& t = g.tensor(g.outputs[k]);
    json out = {{"index", k},
                {"name", t.name},
                {"dtype", ir::dtype_name(t.dtype)},
                {"bytes", expected[k].size()},
                {"target_bytes", got.size()},
                {"differing_bytes", differing},
                {"first_difference", first < 0 ? json(nullptr) : json(first)}};
    if (t.dtype == ir::DType::kFloat32 && differing && got.size() == expected[k].size()) {
      double max_abs = 0;
      for (size_t i = 0; i + 4 <= got.size(); i += 4) {
        float a, b;
        std::memcpy(&a, &got[i], 4);
        std::memcpy(&b, &expected[k][i], 4);
        max_abs = std::max(max_abs, static_cast<double>(std::fabs(a - b)));
      }
      out["max_abs_difference"] = max_abs;
    } else if (differing || got.size() != expected[k].size()) {
      float_only_difference = false;
    }
    outputs.push_back(out);
  }

  if (!o.output_dir.empty()) {
    std::error_code ec;
    fs::create_directories(o.output_dir, ec);
    if (ec || !fs::is_directory(o.output_dir)) {
      throw Error("cannot create output directory '" + o.output_dir + "'", "check the path and permissions");
    }
    for (size_t k = 0; k < run.outputs.size(); ++k) {
      write_atomically(fs::path(o.output_dir) / fmt::format("out_{}.bin", k), run.outputs[k]);
    }
  }

  std::string failure;
  if (run.timed_out) failure = fmt::format("QEMU did not finish within {} s", o.timeout_seconds);
  else if (run.fault) failure = "the image faulted on the target (exit status 126)";
  else if (run.invoke_status > 0) failure = fmt::format("{}_invoke returned status {} on the target", "mfv", run.invoke_status);
  else if (run.invoke_status < 0) failure = fmt::format("the image ended without a result (QEMU exit status {}): {}", run.exit_code,
                                                         run.qemu_stderr.substr(0, 400));
  else if (!bit_exact && float_only_difference) {
    failure = "float32 outputs differ from the host executor in the last bits: float kernels get expf/tanhf from "
              "the target's C library (" + std::string(core.arch == emulate::Arch::kArm ? "newlib" : "picolibc") +
              "), which can round differently from the host's";
  } else if (!bit_exact) {
    failure = "the outputs differ from the host executor";
  }

  const int64_t macs = cm.report.value("total_macs", int64_t{0});
  const uint64_t flash = img.image.text + img.image.rodata + img.image.data + img.other_flash;
  const uint64_t ram_static = img.image.data + img.image.bss;
  json j = {
      {"model", o.model},
      {"core", core.name},
      {"board", o.board.empty() ? json(nullptr) : json(o.board)},
      {"machine", core.machine},
      {"machine_note", core.machine_note},
      {"emulator", emulate::tool_version(core.qemu)},
      {"compiler", img.compiler_version},
      {"cflags", img.cflags},
      {"inputs", input_source},
      {"bit_exact", bit_exact},
      {"outputs", outputs},
      {"instructions", run.counted ? json(run.instructions) : json(nullptr)},
      {"instructions_total_run", run.counted ? json(run.total_instructions) : json(nullptr)},
      {"macs", macs},
      {"macs_per_instruction",
       run.counted && run.instructions ? json(static_cast<double>(macs) / static_cast<double>(run.instructions))
                                       : json(nullptr)},
      {"text_bytes", img.image.text},
      {"rodata_bytes", img.image.rodata},
      {"data_bytes", img.image.data},
      {"bss_bytes", img.image.bss},
      {"other_flash_bytes", img.other_flash},
      {"flash_bytes", flash},
      {"ram_static_bytes", ram_static},
      {"stack_bytes", run.stack_bytes >= 0 ? json(run.stack_bytes) : json(nullptr)},
      {"ram_bytes", run.stack_bytes >= 0 ? json(ram_static + static_cast<uint64_t>(run.stack_bytes)) : json(nullptr)},
      {"generated", sizes_json(img.generated)},
      {"weights_bytes", img.weights.rodata + img.weights.data},
      {"arena_bytes", cm.report.value("arena_bytes", int64_t{0})},
      {"kernels", cm.report.value("kernels", json::array())},
      {"compile_core", eo.core},
      {"emulation_seconds", run.seconds},
  };
  json by_fn = json::array();  // most first
  for (const auto& [name, n] : run.by_function) by_fn.push_back({{"function", name}, {"instructions", n}});
  j["instructions_by_function"] = by_fn;
  if (!plugin_note.empty()) j["instructions_note"] = plugin_note;
  if (!failure.empty()) j["error"] = failure;
  if (work.keep) j["build_dir"] = work.path.string();

  if (o.json) {
    fmt::print("{}\n", j.dump(2));
  } else {
    fmt::print("Verified {} on {} (QEMU {}: {})\n", o.model, core.name, core.machine, core.machine_note);
    if (bit_exact) {
      uint64_t total = 0;
      for (const auto& e : expected) total += e.size();
      fmt::print("  bit-exact     all {} output bytes equal the host executor ({})\n", grouped(total), input_source);
    } else {
      fmt::print("  NOT bit-exact {}\n", failure);
      for (const auto& out : outputs) {
        if (out["differing_bytes"].get<int64_t>() > 0 || out["bytes"] != out["target_bytes"]) {
          fmt::print("    output {}: {} of {} bytes differ, first at byte {}{}\n", out["index"].get<size_t>(),
                     out["differing_bytes"].get<int64_t>(), out["bytes"].get<size_t>(), out["first_difference"].dump(),
                     out.contains("max_abs_difference")
                         ? fmt::format(" (max |difference| {:.3g})", out["max_abs_difference"].get<double>())
                         : "");
        }
      }
    }
    if (run.counted) {
      fmt::print("  instructions  {} per inference ({} MACs, {:.3f} MACs/instruction)\n", grouped(run.instructions),
                 grouped(static_cast<uint64_t>(macs)),
                 run.instructions ? static_cast<double>(macs) / static_cast<double>(run.instructions) : 0.0);
    } else {
      fmt::print("  instructions  not counted{}\n", plugin_note.empty() ? "" : " (" + plugin_note + ")");
    }
    fmt::print("  image         text {}  rodata {}  data {}  bss {} bytes (flash {}, static RAM {})\n",
               grouped(img.image.text), grouped(img.image.rodata), grouped(img.image.data), grouped(img.image.bss),
               grouped(flash), grouped(ram_static));
    fmt::print("  model code    text {}  rodata {}  data {}  bss {} bytes (weights {})\n", grouped(img.generated.text),
               grouped(img.generated.rodata), grouped(img.generated.data), grouped(img.generated.bss),
               grouped(img.weights.rodata + img.weights.data));
    if (run.stack_bytes >= 0) fmt::print("  stack peak    {} bytes\n", grouped(static_cast<uint64_t>(run.stack_bytes)));
    if (work.keep) fmt::print("  build         {}\n", work.path.string());
  }
  if (!failure.empty() && !o.json) {
    std::fprintf(stderr, "mcuforge: verification failed: %s\n", failure.c_str());
  }
  return failure.empty() ? 0 : 1;
}

}  // namespace mcuforge::cli
