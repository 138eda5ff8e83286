// SPDX-License-Identifier: Apache-2.0
// `mcuforge supported-ops [--json]` (also `inspect --ops`): every op mcuforge runs with its dtype
// forms, kernel variants and TFLM support, then the TFLM builtins it does not run and why
// (api::supported_ops).
#include <fmt/format.h>

#include "api/api.h"
#include "commands.h"

namespace mcuforge::cli {
namespace {

std::string joined(const std::vector<std::string>& words, const char* sep) {
  std::string s;
  for (const std::string& w : words) s += (s.empty() ? "" : sep) + w;
  return s;
}

std::string variants_text(const std::vector<api::KernelVariant>& variants) {
  std::vector<std::string> names;
  for (const api::KernelVariant& v : variants) names.push_back(v.kernel.substr(v.kernel.find("__") + 2));
  return names.empty() ? "-" : joined(names, ", ");
}

}  // namespace

int supported_ops_command(const SupportedOpsOptions& o) {
  const api::SupportedOpsResult r = api::supported_ops();
  if (o.json) {
    fmt::print("{}\n", r.to_json().dump(2));
    return 0;
  }
  fmt::print("Ops mcuforge runs, bit-exact with TensorFlow Lite Micro's reference kernels (dtype int16 =\n"
             "int16x8: int16 activations, int8 weights), and their kernel variants per ISA:\n\n");
  fmt::print("  {:<30} {:<36} {:<24} {}\n", "op", "dtypes", "variants", "TFLM");
  for (const api::SupportedOp& op : r.ops) {
    // Long dtype lists (CAST, QUANTIZE) wrap under their column.
    std::vector<std::string> lines(1);
    for (const std::string& d : op.dtypes) {
      if (!lines.back().empty() && lines.back().size() + d.size() + 1 > 36) lines.emplace_back();
      lines.back() += (lines.back().empty() ? "" : " ") + d;
    }
    fmt::print("  {:<30} {:<36} {:<24} {}\n", op.op, lines[0], variants_text(op.variants), op.tflm);
    for (size_t k = 1; k < lines.size(); ++k) fmt::print("  {:<30} {}\n", "", lines[k]);
  }
  fmt::print("\n{} ops; {} of the {} builtin ops TensorFlow Lite Micro registers.\n", r.ops.size(),
             r.tflm_builtins_supported, r.tflm_builtins);
  if (!r.tflm_ops_not_supported.empty()) {
    fmt::print("\nTFLM builtins mcuforge does not run:\n");
    for (const api::UnsupportedOp& u : r.tflm_ops_not_supported) fmt::print("  {:<30} {}\n", u.op, u.reason);
  }
  return 0;
}

}  // namespace mcuforge::cli
