// SPDX-License-Identifier: Apache-2.0
// `mcuforge run MODEL --input FILE... --output-dir DIR [--json]`: one host inference.
// Everything is computed before the first byte is written, and each file is written to a temporary
// name and renamed, so a failure never leaves half-written outputs.
#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>

#include "commands.h"
#include "diagnostics/error.h"
#include "exec/executor.h"
#include "passes/load_model.h"
#include "file_util.h"
#include "inputs.h"
#include "npy.h"

namespace mcuforge::cli {
namespace fs = std::filesystem;

int run_command(const RunOptions& o) {
  const ir::Graph g = passes::load_model(o.model);  // reads and folds constants
  exec::Executor executor(g);
  if (o.inputs.size() != g.inputs.size()) {
    throw Error("the model has " + std::to_string(g.inputs.size()) + " input(s) but " +
                    std::to_string(o.inputs.size()) + " --input file(s) were given",
                "pass one --input per model input, in order (see `mcuforge inspect`)");
  }
  std::vector<std::vector<uint8_t>> inputs;
  for (size_t k = 0; k < o.inputs.size(); ++k) inputs.push_back(read_input(o.inputs[k], g.tensor(g.inputs[k]), k));
  const auto outputs = executor.invoke(inputs);

  // Nothing is written until every output exists; directories first, then the optional tensor dump,
  // then the outputs, all or none (a failed write removes the ones this run already wrote).
  auto make_dir = [](const std::string& dir, const char* what) {
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (!fs::is_directory(dir)) {
      throw Error(std::string("cannot create ") + what + " directory '" + dir + "'" +
                      (ec ? ": " + ec.message() : ""),
                  "check the path and permissions");
    }
  };
  make_dir(o.output_dir, "output");
  if (!o.dump_tensors_dir.empty()) {
    make_dir(o.dump_tensors_dir, "tensor dump");
    for (size_t i = 0; i < g.tensors.size(); ++i) {
      write_atomically(fs::path(o.dump_tensors_dir) / fmt::format("t{}.bin", i),
                       executor.tensor_bytes(static_cast<int32_t>(i)));
    }
  }
  nlohmann::json summary = {{"model", o.model}, {"outputs", nlohmann::json::array()}};
  std::vector<fs::path> written;
  try {
    for (size_t k = 0; k < outputs.size(); ++k) {
      const ir::Tensor& t = g.tensor(g.outputs[k]);
      const fs::path bin = fs::path(o.output_dir) / fmt::format("out_{}.bin", k);
      const fs::path npy = fs::path(o.output_dir) / fmt::format("out_{}.npy", k);
      write_atomically(bin, outputs[k]);
      written.push_back(bin);
      write_atomically(npy, encode_npy(t.dtype, t.shape, outputs[k]));
      written.push_back(npy);
      summary["outputs"].push_back({{"index", k}, {"name", t.name}, {"dtype", ir::dtype_name(t.dtype)},
                                    {"shape", t.shape}, {"bin", bin.string()}, {"npy", npy.string()}});
    }
  } catch (...) {
    std::error_code ec;
    for (const auto& p : written) fs::remove(p, ec);
    throw;
  }
  if (o.json) {
    fmt::print("{}\n", summary.dump(2));
  } else {
    for (const auto& out : summary["outputs"]) {
      fmt::print("output {} '{}' {} {} -> {}\n", out["index"].get<int>(), out["name"].get<std::string>(),
                 out["dtype"].get<std::string>(), out["shape"].dump(), out["bin"].get<std::string>());
    }
  }
  return 0;
}

}  // namespace mcuforge::cli
