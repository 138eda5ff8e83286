// SPDX-License-Identifier: Apache-2.0
// `mcuforge run MODEL --input FILE... --output-dir DIR [--json]`: one host inference (api::run).
// Everything is computed before the first byte is written, and each file is written to a temporary
// name and renamed, so a failure never leaves half-written outputs.
#include <fmt/format.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "api/api.h"
#include "api/file_util.h"
#include "data/npy.h"
#include "commands.h"
#include "diagnostics/error.h"

namespace mcuforge::cli {
namespace fs = std::filesystem;

int run_command(const RunOptions& o) {
  api::RunRequest req;
  req.model = o.model;
  req.input_files = o.inputs;
  req.keep_tensors = !o.dump_tensors_dir.empty();
  const api::RunResult r = api::run(req);

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
    for (size_t i = 0; i < r.tensor_bytes.size(); ++i)
      api::write_atomically(fs::path(o.dump_tensors_dir) / fmt::format("t{}.bin", i), r.tensor_bytes[i]);
  }
  nlohmann::json summary = r.to_json();
  std::vector<fs::path> written;
  try {
    for (size_t k = 0; k < r.outputs.size(); ++k) {
      const api::TensorInfo& t = r.outputs[k];
      const fs::path bin = fs::path(o.output_dir) / fmt::format("out_{}.bin", k);
      const fs::path npy = fs::path(o.output_dir) / fmt::format("out_{}.npy", k);
      api::write_atomically(bin, r.output_bytes[k]);
      written.push_back(bin);
      api::write_atomically(npy, data::encode_npy(t.dtype, t.shape, r.output_bytes[k]));
      written.push_back(npy);
      summary["outputs"][k]["bin"] = bin.string();
      summary["outputs"][k]["npy"] = npy.string();
    }
  } catch (...) {
    std::error_code ec;
    for (const auto& p : written) fs::remove(p, ec);
    throw;
  }
  if (o.json) {
    fmt::print("{}\n", summary.dump(2));
  } else {
    for (const std::string& note : r.input_notes) fmt::print("note: {}\n", note);
    for (const auto& out : summary["outputs"]) {
      fmt::print("output {} '{}' {} {} -> {}\n", out["index"].get<int>(), out["name"].get<std::string>(),
                 out["dtype"].get<std::string>(), out["shape"].dump(), out["bin"].get<std::string>());
    }
  }
  return 0;
}

}  // namespace mcuforge::cli
