// SPDX-License-Identifier: Apache-2.0
// The library API (api.h) on a small corpus model: typed results and the keys of their to_json(); the
// table of cores behind --core (ids, aliases, kernel features); one compile path for check and deploy.
// verify's QEMU runs are tested end to end in tests/verify and tests/api.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "api/api.h"
#include "diagnostics/error.h"
#include "target/cores.h"

namespace mcuforge::api {
namespace {
namespace fs = std::filesystem;

const std::string kModel = std::string(MF_SHARED_DIR) + "/corpus/models/tflm_hello_world_int8.tflite";
const std::string kKws = std::string(MF_SHARED_DIR) + "/corpus/models/mlperf_kws_dscnn_int8.tflite";

void expect_keys(const nlohmann::json& j, std::initializer_list<const char*> keys) {
  for (const char* k : keys) EXPECT_TRUE(j.contains(k)) << k << " missing in " << j.dump().substr(0, 200);
}

bool has_dsp_kernel(const std::vector<std::string>& kernels) {
  for (const auto& k : kernels)
    if (k.find("__cm_dsp") != std::string::npos) return true;
  return false;
}

TEST(CoreTable, IdsAliasesAndFeatures) {
  EXPECT_EQ(target::resolve_core("cortex-m4").id, "cortex-m4f");
  EXPECT_EQ(target::resolve_core("cortex-m33").id, "cortex-m33f");
  EXPECT_EQ(target::resolve_core("cortex-m0+").id, "cortex-m0plus");
  EXPECT_EQ(target::resolve_core("cortex-m3").id, "cortex-m3");
  EXPECT_THROW(target::resolve_core("cortex-a53"), Error);
  EXPECT_TRUE(target::kernel_features(target::resolve_core("cortex-m4f")).dsp);
  EXPECT_TRUE(target::kernel_features(target::resolve_core("cortex-m55")).dsp);
  // ESP32-S3's PIE SIMD is not the Arm DSP extension.
  EXPECT_TRUE(target::resolve_core("xtensa-lx7").has("xtensa-pie"));
  EXPECT_FALSE(target::kernel_features(target::resolve_core("xtensa-lx7")).dsp);
  EXPECT_FALSE(target::kernel_features(target::resolve_core("rv32imc")).dsp);
  EXPECT_EQ(target::compile_target("generic").core, "generic");
  EXPECT_EQ(target::compile_target("cortex-m4").core, "cortex-m4f");
  EXPECT_TRUE(target::compile_target("generic").generic());
  EXPECT_TRUE(target::compile_target("cortex-m4", /*reference_kernels=*/true).generic());
  EXPECT_THROW(target::compile_target("pentium"), Error);
  EXPECT_EQ(target::resolve_core("cortex-m4f").fpu, target::Fpu::kSingle);
  EXPECT_EQ(target::resolve_core("cortex-m7").fpu, target::Fpu::kDouble);
  EXPECT_EQ(target::resolve_core("rv32imc").fpu, target::Fpu::kNone);
  for (const std::string& id : target::emulated_core_ids()) EXPECT_TRUE(target::resolve_core(id).emulation) << id;
  EXPECT_FALSE(target::resolve_core("xtensa-lx6").emulation);
}

TEST(Api, Inspect) {
  const InspectResult r = inspect({kModel});
  ASSERT_EQ(r.inputs.size(), 1u);
  EXPECT_EQ(r.inputs[0].dtype, ir::DType::kInt8);
  EXPECT_TRUE(r.inputs[0].scale.has_value());
  EXPECT_EQ(r.unsupported(), 0u);
  EXPECT_GT(r.total_macs, 0);
  EXPECT_GT(r.weights_bytes, 0);
  EXPECT_EQ(r.ops.size(), 3u);
  expect_keys(r.to_json(), {"model", "description", "inputs", "outputs", "ops", "unsupported_ops", "op_counts",
                            "weights_bytes", "total_macs"});
  EXPECT_THROW(inspect({"/nonexistent.tflite"}), Error);
}

TEST(Api, Run) {
  const ir::Graph g = load_model(kModel);
  const fs::path in = fs::temp_directory_path() / "mf_api_test_in.bin";
  std::ofstream(in, std::ios::binary).write("\0", 1);
  RunRequest req{kModel, {in.string()}, true};
  const RunResult r = run(req);
  ASSERT_EQ(r.output_bytes.size(), 1u);
  EXPECT_EQ(static_cast<int64_t>(r.output_bytes[0].size()), r.outputs[0].bytes);
  EXPECT_EQ(r.tensor_bytes.size(), g.tensors.size());
  expect_keys(r.to_json(), {"model", "outputs"});
  expect_keys(r.to_json()["outputs"][0], {"index", "name", "dtype", "shape"});
  req.input_files.clear();
  EXPECT_THROW(run(req), Error);  // one input per model input
  fs::remove(in);
}

TEST(Api, CompileForCoresAndAliases) {
  const CompileResult generic = compile({kModel, "model", "generic"});
  EXPECT_EQ(generic.core, "generic");
  EXPECT_FALSE(has_dsp_kernel(generic.compiled.report["kernels"].get<std::vector<std::string>>()));
  const CompileResult m4 = compile({kModel, "model", "cortex-m4"});
  EXPECT_EQ(m4.core, "cortex-m4f");
  EXPECT_EQ(m4.to_json()["core"], "cortex-m4");  // report.json names the core as asked
  EXPECT_TRUE(has_dsp_kernel(m4.compiled.report["kernels"].get<std::vector<std::string>>()));
  EXPECT_TRUE(m4.compiled.files.count("model_model.c"));
  expect_keys(m4.to_json(), {"arena_bytes", "kernels", "ops", "memory_plan", "weights_bytes"});
  EXPECT_THROW(compile({kModel, "model", "cortex-m99"}), Error);
}

TEST(Api, CheckUsesTheBoardCoreKernels) {
  setenv("MCUFORGE_NO_CROSS", "1", 1);  // estimated code sizes: no cross compiler needed
  CheckRequest req;
  req.model = kKws;
  req.board = "nucleo-f446re";
  const CheckResult m4 = check(req);
  ASSERT_EQ(m4.boards.size(), 1u);
  EXPECT_EQ(m4.boards[0].compile_core, "cortex-m4f");
  EXPECT_TRUE(has_dsp_kernel(m4.boards[0].facts->code.kernels));
  expect_keys(m4.to_json(), {"model", "board", "fits", "flash", "ram", "latency", "compile_core", "kernels",
                             "arena_bytes", "advice"});
  req.board = "esp32-s3-devkitc-1-n8r8";
  const CheckResult s3 = check(req);
  EXPECT_EQ(s3.boards[0].compile_core, "xtensa-lx7");
  EXPECT_FALSE(has_dsp_kernel(s3.boards[0].facts->code.kernels));
  req.board = "nucleo-f446re";
  req.kernels = "reference";
  const CheckResult ref = check(req);
  EXPECT_EQ(ref.boards[0].compile_core, "generic");
  EXPECT_FALSE(has_dsp_kernel(ref.boards[0].facts->code.kernels));
  req.board = "no-such-board";
  EXPECT_THROW(check(req), Error);
  unsetenv("MCUFORGE_NO_CROSS");
}

TEST(Api, DeployCompilesWhatCheckSized) {
  setenv("MCUFORGE_NO_CROSS", "1", 1);
  DeployRequest req;
  req.model = kKws;
  req.board = "nucleo-f446re";
  bool reported = false;
  req.on_fit = [&](const BoardFit& f) { reported = f.facts->compiled; };
  const DeployResult d = deploy(req);  // no output_dir: the project stays in memory
  EXPECT_TRUE(reported);
  CheckRequest c;
  c.model = kKws;
  c.board = "nucleo-f446re";
  const CheckResult r = check(c);
  EXPECT_EQ(d.project.report["arena_bytes"], r.boards[0].facts->arena_bytes);
  EXPECT_EQ(d.project.report["kernels"], nlohmann::json(r.boards[0].facts->code.kernels));
  EXPECT_EQ(d.fit.fit.flash_need, r.boards[0].fit.flash_need);
  EXPECT_EQ(d.fit.fit.ram_need, r.boards[0].fit.ram_need);
  expect_keys(d.to_json(), {"board", "project", "compile_core", "files", "fits", "fit", "arena_bytes", "ram_bytes",
                            "weights_bytes", "kernels"});
  req.flash_budget = 1;  // does not fit: refused before anything is built
  EXPECT_THROW(deploy(req), Error);
  unsetenv("MCUFORGE_NO_CROSS");
}

TEST(Api, VerifyRefusesCoresQemuCannotRun) {
  VerifyRequest req;
  req.model = kModel;
  req.board = "esp32-s3-devkitc-1-n8r8";
  try {
    verify(req);
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("cannot be emulated"), std::string::npos) << e.what();
  }
  req.board.clear();
  req.core = "no-such-core";
  EXPECT_THROW(verify(req), Error);
}

TEST(Api, MeasuredFileNamesTheDatabaseCore) {
  const fs::path p = fs::temp_directory_path() / "mf_api_test_measured.json";
  std::ofstream(p) << R"({"core": "cortex-m4", "instructions": 1000})";
  EXPECT_EQ(read_measured(p.string()).core, "cortex-m4f");
  std::ofstream(p) << R"({"core": "cortex-a53", "instructions": 1000})";
  EXPECT_THROW(read_measured(p.string()), Error);
  fs::remove(p);
}

TEST(Api, ExportCArray) {
  const fs::path out = fs::temp_directory_path() / "mf_api_test" / "model_data.cc";
  const ExportResult r = export_c_array({kModel, out.string(), ""});
  EXPECT_EQ(r.name, "tflm_hello_world_int8");
  EXPECT_EQ(r.exported.files.size(), 3u);
  EXPECT_GT(r.model_bytes, 0);
  expect_keys(r.to_json(), {"name", "model_bytes", "arena_bytes", "arena_exact", "resolver", "warnings"});
}

}  // namespace
}  // namespace mcuforge::api
