// SPDX-License-Identifier: Apache-2.0
// `mcuforge inspect MODEL [--json]`: inputs/outputs, op table with MACs, weights, unsupported ops.
#include <fmt/format.h>

#include <map>
#include <nlohmann/json.hpp>
#include <optional>

#include "commands.h"
#include "diagnostics/error.h"
#include "opdefs/op_def.h"
#include "passes/load_model.h"
#include "ops/op.h"

namespace mcuforge::cli {
namespace {

nlohmann::json tensor_json(const ir::Graph& g, int32_t index) {
  const ir::Tensor& t = g.tensor(index);
  nlohmann::json j = {{"index", index}, {"name", t.name}, {"dtype", ir::dtype_name(t.dtype)},
                      {"shape", t.shape}, {"bytes", t.num_bytes()}};
  if (!t.quant.empty()) {
    j["scale"] = t.quant.scale[0];
    j["zero_point"] = t.quant.zero_point[0];
  }
  return j;
}

std::string quant_text(const ir::Tensor& t) {
  if (t.quant.empty()) return "";
  return fmt::format("scale {:.9g} zero_point {}", t.quant.scale[0], t.quant.zero_point[0]);
}

}  // namespace

int inspect_command(const InspectOptions& o) {
  const ir::Graph g = passes::load_model(o.model);  // reads and folds constants

  struct OpRow {
    std::string name, kernel, reason;
    int64_t macs = 0;
    bool supported = false;
  };
  std::vector<OpRow> rows;
  for (const ir::Op& op : g.ops) {
    OpRow r;
    r.name = op.type == ir::OpType::kCustom ? "CUSTOM:" + op.name : op.name;
    try {
      auto p = ops::prepare(g, op);
      r.supported = true;
      r.macs = opdefs::macs(g, op);
      r.kernel = p->kernel_name();
    } catch (const Error& e) {
      r.reason = e.what();
    }
    rows.push_back(r);
  }
  int64_t weights = 0;
  for (const ir::Tensor& t : g.tensors) {
    if (!t.data.empty()) weights += static_cast<int64_t>(t.data.size());
  }
  int64_t total_macs = 0;
  std::map<std::string, std::pair<int, int64_t>> by_type;
  for (const OpRow& r : rows) {
    total_macs += r.macs;
    by_type[r.name].first += 1;
    by_type[r.name].second += r.macs;
  }

  if (o.json) {
    nlohmann::json j;
    j["model"] = o.model;
    j["description"] = g.description;
    for (int32_t i : g.inputs) j["inputs"].push_back(tensor_json(g, i));
    for (int32_t i : g.outputs) j["outputs"].push_back(tensor_json(g, i));
    j["ops"] = nlohmann::json::array();
    j["unsupported_ops"] = nlohmann::json::array();
    for (size_t k = 0; k < rows.size(); ++k) {
      nlohmann::json r = {{"index", k}, {"op", rows[k].name}, {"supported", rows[k].supported},
                          {"macs", rows[k].macs}};
      if (rows[k].supported) r["kernel"] = rows[k].kernel;
      else {
        r["reason"] = rows[k].reason;
        j["unsupported_ops"].push_back({{"index", k}, {"op", rows[k].name}, {"reason", rows[k].reason}});
      }
      j["ops"].push_back(r);
    }
    for (const auto& [name, cm] : by_type) j["op_counts"][name] = {{"count", cm.first}, {"macs", cm.second}};
    j["weights_bytes"] = weights;
    j["total_macs"] = total_macs;
    fmt::print("{}\n", j.dump(2));
    return 0;
  }

  fmt::print("Model {}\n", o.model);
  if (!g.description.empty()) fmt::print("  {}\n", g.description);
  auto print_tensors = [&](const char* title, const std::vector<int32_t>& idx) {
    fmt::print("\n{}:\n", title);
    for (size_t k = 0; k < idx.size(); ++k) {
      const ir::Tensor& t = g.tensor(idx[k]);
      fmt::print("  {:<2} {:<28} {:<8} {:<18} {}\n", k, t.name, ir::dtype_name(t.dtype),
                 ir::shape_to_string(t.shape), quant_text(t));
    }
  };
  print_tensors("Inputs", g.inputs);
  print_tensors("Outputs", g.outputs);
  fmt::print("\nOps:\n  {:<32} {:>5} {:>14}\n", "op", "count", "MACs");
  for (const auto& [name, cm] : by_type) fmt::print("  {:<32} {:>5} {:>14}\n", name, cm.first, cm.second);
  fmt::print("\nWeights: {} bytes\nTotal MACs: {}\n", weights, total_macs);
  size_t unsupported = 0;
  for (size_t k = 0; k < rows.size(); ++k) {
    if (rows[k].supported) continue;
    if (unsupported++ == 0) fmt::print("\nOps mcuforge cannot run:\n");
    fmt::print("  {}\n", rows[k].reason);
  }
  if (unsupported == 0) fmt::print("\nAll {} ops are supported.\n", rows.size());
  return 0;
}

}  // namespace mcuforge::cli
