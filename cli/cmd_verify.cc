// SPDX-License-Identifier: Apache-2.0
// `mcuforge verify MODEL --core C | --board B [--input FILE ...] [--json]`: verification without
// hardware (api::verify): the model compiled as `mcuforge compile` does for the core, cross-built with
// a bare-metal harness, run in QEMU, every output byte compared with the host executor; plus the exact
// instruction count of one invoke, the image's section sizes and the peak stack.
// Exit codes: 0 bit-exact, 1 outputs differ or the image failed on the target, 2 bad input or a
// missing cross compiler/QEMU (with the apt command), 70 internal error.
#include <fmt/format.h>

#include <cstdio>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "api/api.h"
#include "api/file_util.h"
#include "commands.h"
#include "diagnostics/error.h"

namespace mcuforge::cli {
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

std::string grouped(uint64_t v) {
  const std::string digits = std::to_string(v);
  std::string s;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) s.push_back(',');
    s.push_back(digits[i]);
  }
  return s;
}

}  // namespace

int verify_command(const VerifyOptions& o) {
  api::VerifyRequest req;
  req.model = o.model;
  req.core = o.core;
  req.board = o.board;
  req.input_files = o.inputs;
  req.seed = o.seed;
  req.kernels = o.kernels;
  req.opt = o.opt;
  req.keep_dir = o.keep_dir;
  req.timeout_seconds = o.timeout_seconds;
  req.count = o.count;
  const api::VerifyResult v = api::verify(req);
  const json& j = v.report;
  const emulate::CoreSpec& core = v.core;
  const bool bit_exact = v.bit_exact;
  const std::string& failure = v.failure;

  if (!o.output_dir.empty()) {
    std::error_code ec;
    fs::create_directories(o.output_dir, ec);
    if (ec || !fs::is_directory(o.output_dir)) {
      throw Error("cannot create output directory '" + o.output_dir + "'", "check the path and permissions");
    }
    for (size_t k = 0; k < v.target_outputs.size(); ++k) {
      api::write_atomically(fs::path(o.output_dir) / fmt::format("out_{}.bin", k), v.target_outputs[k]);
    }
  }

  if (o.json) {
    fmt::print("{}\n", j.dump(2));
  } else {
    fmt::print("Verified {} on {} (QEMU {}: {})\n", o.model, core.name, core.machine, core.machine_note);
    if (bit_exact) {
      fmt::print("  bit-exact     all {} output bytes equal the host executor ({})\n", grouped(v.expected_bytes),
                 v.input_source);
    } else {
      fmt::print("  NOT bit-exact {}\n", failure);
      for (const auto& out : j["outputs"]) {
        if (out["differing_bytes"].get<int64_t>() > 0 || out["bytes"] != out["target_bytes"]) {
          fmt::print("    output {}: {} of {} bytes differ, first at byte {}{}\n", out["index"].get<size_t>(),
                     out["differing_bytes"].get<int64_t>(), out["bytes"].get<size_t>(), out["first_difference"].dump(),
                     out.contains("max_abs_difference")
                         ? fmt::format(" (max |difference| {:.3g})", out["max_abs_difference"].get<double>())
                         : "");
        }
      }
    }
    const int64_t macs = j["macs"].get<int64_t>();
    if (!j["instructions"].is_null()) {
      const uint64_t instructions = j["instructions"].get<uint64_t>();
      fmt::print("  instructions  {} per inference ({} MACs, {:.3f} MACs/instruction)\n", grouped(instructions),
                 grouped(static_cast<uint64_t>(macs)),
                 instructions ? static_cast<double>(macs) / static_cast<double>(instructions) : 0.0);
    } else {
      fmt::print("  instructions  not counted{}\n", v.plugin_note.empty() ? "" : " (" + v.plugin_note + ")");
    }
    const json& gen = j["generated"];
    auto u = [&](const json& x, const char* key) { return x[key].get<uint64_t>(); };
    fmt::print("  image         text {}  rodata {}  data {}  bss {} bytes (flash {}, static RAM {})\n",
               grouped(u(j, "text_bytes")), grouped(u(j, "rodata_bytes")), grouped(u(j, "data_bytes")),
               grouped(u(j, "bss_bytes")), grouped(u(j, "flash_bytes")), grouped(u(j, "ram_static_bytes")));
    fmt::print("  model code    text {}  rodata {}  data {}  bss {} bytes (weights {})\n", grouped(u(gen, "text_bytes")),
               grouped(u(gen, "rodata_bytes")), grouped(u(gen, "data_bytes")), grouped(u(gen, "bss_bytes")),
               grouped(u(j, "weights_bytes")));
    if (!j["stack_bytes"].is_null()) fmt::print("  stack peak    {} bytes\n", grouped(u(j, "stack_bytes")));
    if (!v.build_dir.empty()) fmt::print("  build         {}\n", v.build_dir);
  }
  if (!failure.empty() && !o.json) {
    std::fprintf(stderr, "mcuforge: verification failed: %s\n", failure.c_str());
  }
  return failure.empty() ? 0 : 1;
}

}  // namespace mcuforge::cli
