// SPDX-License-Identifier: Apache-2.0
// api::supported_ops: the op table of `mcuforge supported-ops` from three lists that already exist:
// the kernels' dtype forms (ops/op_support.def), the ISA variants (runtime/kernels/arch/, as
// embedded in the compiler) and TFLM's resolver (export/tflm_export.h).
#include <algorithm>
#include <regex>

#include "api/api.h"
#include "emit/runtime_files.h"
#include "ir/op_type.h"
#include "ops/op_support.h"

namespace mcuforge::api {
namespace {

// (reference kernel, variant) pairs from the embedded runtime: each variant is a file
// kernels/arch/<isa>/<reference>__<variant suffix>.c (the list kernels/kernels.inc declares).
std::vector<std::pair<std::string, KernelVariant>> kernel_variants() {
  std::vector<std::pair<std::string, KernelVariant>> out;
  static const std::regex file(R"(kernels/arch/(\w+)/((\w+?)__\w+)\.c)");
  for (const emit::RuntimeFile& f : emit::runtime_files()) {
    std::smatch m;
    const std::string path(f.path);
    if (std::regex_match(path, m, file)) out.push_back({m[3].str(), KernelVariant{m[2].str(), m[1].str()}});
  }
  return out;
}

std::string tflm_support_text(const std::string& op) {
  if (exporter::tflm_resolver_method(op).empty()) return "no";
  const std::vector<ir::DType> only = exporter::tflm_kernel_dtypes(op);
  if (only.empty()) return "yes";
  std::string s;
  for (ir::DType d : only) s += (s.empty() ? "" : ", ") + std::string(ir::dtype_name(d));
  return s + " only";
}

}  // namespace

SupportedOpsResult supported_ops() {
  SupportedOpsResult r;
  const auto variants = kernel_variants();
  for (const ops::OpSupport& s : ops::supported_ops()) {
    SupportedOp o;
    o.op = s.name;
    o.tflite_code = ir::op_tflite_code(s.type);
    o.dtypes = s.dtypes;
    for (const std::string& reference : s.variant_kernels) {
      for (const auto& [ref, v] : variants)
        if (ref == reference) o.variants.push_back(v);
    }
    o.tflm = tflm_support_text(s.name);
    r.ops.push_back(std::move(o));
  }
  for (const std::string& name : exporter::tflm_builtin_ops()) {
    ++r.tflm_builtins;
    const bool runs = std::any_of(r.ops.begin(), r.ops.end(), [&](const SupportedOp& o) { return o.op == name; });
    if (runs) {
      ++r.tflm_builtins_supported;
      continue;
    }
    const auto type = ir::op_type_from_name(name);
    r.tflm_ops_not_supported.push_back({name, type ? ops::unsupported_reason(*type, name).brief : "no kernel yet"});
  }
  return r;
}

nlohmann::json SupportedOpsResult::to_json() const {
  nlohmann::json j;
  j["ops"] = nlohmann::json::array();
  for (const SupportedOp& o : ops) {
    nlohmann::json v = nlohmann::json::array();
    for (const KernelVariant& k : o.variants) v.push_back({{"kernel", k.kernel}, {"isa", k.isa}});
    j["ops"].push_back({{"op", o.op}, {"tflite_code", o.tflite_code}, {"dtypes", o.dtypes}, {"variants", v},
                        {"tflm", o.tflm}});
  }
  j["tflm_ops_not_supported"] = nlohmann::json::array();
  for (const UnsupportedOp& u : tflm_ops_not_supported)
    j["tflm_ops_not_supported"].push_back({{"op", u.op}, {"reason", u.reason}});
  j["tflm_builtins"] = tflm_builtins;
  j["tflm_builtins_supported"] = tflm_builtins_supported;
  return j;
}

}  // namespace mcuforge::api
