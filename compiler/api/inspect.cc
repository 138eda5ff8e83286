// SPDX-License-Identifier: Apache-2.0
// api::inspect: inputs/outputs, every op with its kernel or why it cannot run, MACs and weights.
#include "api/api.h"
#include "diagnostics/error.h"
#include "opdefs/op_def.h"
#include "ops/op.h"

namespace mcuforge::api {

size_t InspectResult::unsupported() const {
  size_t n = 0;
  for (const OpInfo& o : ops) n += o.supported ? 0 : 1;
  return n;
}

InspectResult inspect(const InspectRequest& request) {
  const ir::Graph g = load_model(request.model);
  InspectResult r;
  r.model = request.model;
  r.description = g.description;
  for (int32_t i : g.inputs) r.inputs.push_back(tensor_info(g, i));
  for (int32_t i : g.outputs) r.outputs.push_back(tensor_info(g, i));
  for (size_t k = 0; k < g.ops.size(); ++k) {
    const ir::Op& op = g.ops[k];
    OpInfo o;
    o.index = static_cast<int64_t>(k);
    o.op = op.type == ir::OpType::kCustom ? "CUSTOM:" + op.name : op.name;
    try {
      auto p = ops::prepare(g, op);
      o.supported = true;
      o.macs = opdefs::macs(g, op);
      o.kernel = p->kernel_name();
    } catch (const Error& e) {
      o.reason = e.what();
    }
    r.total_macs += o.macs;
    r.op_counts[o.op].first += 1;
    r.op_counts[o.op].second += o.macs;
    r.ops.push_back(o);
  }
  for (const ir::Tensor& t : g.tensors)
    if (!t.data.empty()) r.weights_bytes += static_cast<int64_t>(t.data.size());
  return r;
}

nlohmann::json InspectResult::to_json() const {
  nlohmann::json j;
  j["model"] = model;
  j["description"] = description;
  for (const auto& t : inputs) j["inputs"].push_back(t.to_json());
  for (const auto& t : outputs) j["outputs"].push_back(t.to_json());
  j["ops"] = nlohmann::json::array();
  j["unsupported_ops"] = nlohmann::json::array();
  for (const OpInfo& o : ops) {
    nlohmann::json r = {{"index", o.index}, {"op", o.op}, {"supported", o.supported}, {"macs", o.macs}};
    if (o.supported) r["kernel"] = o.kernel;
    else {
      r["reason"] = o.reason;
      j["unsupported_ops"].push_back({{"index", o.index}, {"op", o.op}, {"reason", o.reason}});
    }
    j["ops"].push_back(r);
  }
  for (const auto& [name, cm] : op_counts) j["op_counts"][name] = {{"count", cm.first}, {"macs", cm.second}};
  j["weights_bytes"] = weights_bytes;
  j["total_macs"] = total_macs;
  return j;
}

}  // namespace mcuforge::api
