// SPDX-License-Identifier: Apache-2.0
// api::verify: verification without hardware. Compiles the model for the core (its kernel variants,
// or the portable ones), cross-builds it with a bare-metal harness, runs it in QEMU and compares every
// output byte with the host executor; also the exact instruction count of one invoke, the image's
// section sizes and the peak stack. The report names the core by its database id, so
// `check --measured` accepts it for every board with that core.
#include <fmt/format.h>
#include <unistd.h>

#include <cmath>
#include <cstring>
#include <filesystem>

#include "api/api.h"
#include "api/file_util.h"
#include "api/inputs.h"
#include "diagnostics/error.h"
#include "emulate/emulator.h"
#include "exec/executor.h"
#include "target/cores.h"

namespace mcuforge::api {
namespace fs = std::filesystem;
using nlohmann::json;
namespace {

// The core to verify on: --core (id or alias), the board's core, or the Cortex-M4F.
const target::Core& verify_core(const VerifyRequest& r) {
  if (!r.core.empty() && !r.board.empty()) throw Error("give either --core or --board, not both", "--board picks the board's core");
  if (!r.core.empty()) return target::resolve_core(r.core);
  if (r.board.empty()) return target::resolve_core("cortex-m4f");
  const target::BoardDb& db = target::board_db();
  const target::Board* b = db.find_board(r.board);
  if (!b) throw Error("unknown board '" + r.board + "'", "use one of the boards of `mcuforge boards` (" + db.board_ids() + ") or --core");
  return *b->core;
}

json sizes_json(const emulate::SectionSizes& s) {
  return {{"text_bytes", s.text}, {"rodata_bytes", s.rodata}, {"data_bytes", s.data}, {"bss_bytes", s.bss}};
}

// A scratch directory removed at the end unless the caller asked to keep the build.
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

VerifyResult verify(const VerifyRequest& o) {
  const target::Core& table_core = verify_core(o);
  VerifyResult v;
  v.core = emulate::core_spec(table_core);  // refuses cores QEMU cannot run (Xtensa)
  const emulate::CoreSpec& core = v.core;
  v.board = o.board;
  if (!fs::exists(o.model)) throw Error("model file '" + o.model + "' does not exist", "check the path");
  if (o.timeout_seconds <= 0) throw Error("--timeout must be positive", "give seconds, e.g. --timeout 600");
  if (o.opt != "O2" && o.opt != "Os" && o.opt != "O3" && o.opt != "O1") {
    throw Error("unknown optimization level '" + o.opt + "'", "use O2 (default), O3, Os or O1");
  }
  if (o.kernels != "auto" && o.kernels != "reference")
    throw Error("unknown --kernels '" + o.kernels + "'", "use auto (the core's kernel variants) or reference");
  emulate::require_tools(core);

  // Same path as `mcuforge compile`; prefix `mfv` is what the harness calls.
  const ir::Graph g = load_model(o.model);
  const target::CompileTarget t = target::compile_target(table_core.id, o.kernels == "reference");
  emit::CompileOptions eo;
  eo.name = "mfv";
  eo.source_file = fs::path(o.model).filename().string();
  eo.source_sha256 = sha256_of_file(o.model);
  eo.core = t.core;
  eo.features = t.features;
  v.compile_core = t.core;
  const emit::CompiledModel cm = emit::compile_model(g, eo);

  std::vector<std::vector<uint8_t>> inputs;
  if (!o.input_files.empty()) {
    if (o.input_files.size() != g.inputs.size()) {
      throw Error(fmt::format("the model has {} input(s) but {} --input file(s) were given", g.inputs.size(),
                              o.input_files.size()),
                  "pass one --input per model input, in order (see `mcuforge inspect`), or none for generated inputs");
    }
    for (size_t k = 0; k < o.input_files.size(); ++k) inputs.push_back(read_input(o.input_files[k], g.tensor(g.inputs[k]), k));
    v.input_source = "files";
  } else {
    inputs = generated_inputs(g, o.seed);
    v.input_source = fmt::format("splitmix64 seed {}", o.seed);
  }

  // The reference: the host executor, in-process.
  exec::Executor executor(g);
  const std::vector<std::vector<uint8_t>> expected = executor.invoke(inputs);
  for (const auto& e : expected) v.expected_bytes += e.size();

  WorkDir work;
  if (!o.keep_dir.empty()) {
    work.path = fs::absolute(o.keep_dir);
    work.keep = true;
    std::error_code ec;
    fs::create_directories(work.path, ec);
    if (!fs::is_directory(work.path)) throw Error("cannot create '" + o.keep_dir + "'", "check the path and permissions");
    v.build_dir = work.path.string();
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

  const std::string plugin = o.count ? emulate::find_insncount_plugin(&v.plugin_note) : std::string();
  emulate::EmulatorRun run = emulate::run_image(core, img, plugin, o.timeout_seconds);

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
  v.bit_exact = bit_exact;

  std::string& failure = v.failure;
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
      {"inputs", v.input_source},
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
  if (!v.plugin_note.empty()) j["instructions_note"] = v.plugin_note;
  if (!failure.empty()) j["error"] = failure;
  if (work.keep) j["build_dir"] = work.path.string();
  v.report = std::move(j);
  v.target_outputs = std::move(run.outputs);
  return v;
}

}  // namespace mcuforge::api
