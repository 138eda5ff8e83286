// SPDX-License-Identifier: Apache-2.0
// `mcuforge inspect MODEL [--json]`: inputs/outputs, op table with MACs, weights, unsupported ops
// (api::inspect).
#include <fmt/format.h>

#include "api/api.h"
#include "commands.h"
#include "diagnostics/error.h"

namespace mcuforge::cli {
namespace {

std::string quant_text(const api::TensorInfo& t) {
  if (!t.scale) return "";
  return fmt::format("scale {:.9g} zero_point {}", *t.scale, *t.zero_point);
}

}  // namespace

int inspect_command(const InspectOptions& o) {
  if (o.ops) {
    if (!o.model.empty()) throw Error("inspect --ops lists the ops mcuforge runs and takes no model",
                                      "drop the model, or drop --ops to inspect the model");
    return supported_ops_command({o.json});
  }
  if (o.model.empty()) throw Error("inspect needs a model file", "e.g. `mcuforge inspect model.tflite`, or "
                                   "`mcuforge inspect --ops` for the ops mcuforge runs");
  const api::InspectResult r = api::inspect({o.model});
  if (o.json) {
    fmt::print("{}\n", r.to_json().dump(2));
    return 0;
  }
  fmt::print("Model {}\n", o.model);
  if (!r.description.empty()) fmt::print("  {}\n", r.description);
  auto print_tensors = [&](const char* title, const std::vector<api::TensorInfo>& tensors) {
    fmt::print("\n{}:\n", title);
    for (size_t k = 0; k < tensors.size(); ++k) {
      const api::TensorInfo& t = tensors[k];
      fmt::print("  {:<2} {:<28} {:<8} {:<18} {}\n", k, t.name, ir::dtype_name(t.dtype), ir::shape_to_string(t.shape), quant_text(t));
    }
  };
  print_tensors("Inputs", r.inputs);
  print_tensors("Outputs", r.outputs);
  fmt::print("\nOps:\n  {:<32} {:>5} {:>14}\n", "op", "count", "MACs");
  for (const auto& [name, cm] : r.op_counts) fmt::print("  {:<32} {:>5} {:>14}\n", name, cm.first, cm.second);
  fmt::print("\nWeights: {} bytes\nTotal MACs: {}\n", r.weights_bytes, r.total_macs);
  size_t unsupported = 0;
  for (const api::OpInfo& op : r.ops) {
    if (op.supported) continue;
    if (unsupported++ == 0) fmt::print("\nOps mcuforge cannot run:\n");
    fmt::print("  {}\n", op.reason);
  }
  if (unsupported == 0) fmt::print("\nAll {} ops are supported.\n", r.ops.size());
  return 0;
}

}  // namespace mcuforge::cli
