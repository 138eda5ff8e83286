// SPDX-License-Identifier: Apache-2.0
// api::load_model (the one place a model is loaded) and the tensor facts every command reports.
#include "api/api.h"
#include "passes/load_model.h"

namespace mcuforge::api {

ir::Graph load_model(const std::string& path) { return passes::load_model(path); }

TensorInfo tensor_info(const ir::Graph& g, int32_t index) {
  const ir::Tensor& t = g.tensor(index);
  TensorInfo i;
  i.index = index;
  i.name = t.name;
  i.dtype = t.dtype;
  i.shape = t.shape;
  i.bytes = t.num_bytes();
  if (!t.quant.empty()) {
    i.scale = t.quant.scale[0];
    i.zero_point = t.quant.zero_point[0];
  }
  return i;
}

nlohmann::json TensorInfo::to_json() const {
  nlohmann::json j = {{"index", index}, {"name", name}, {"dtype", ir::dtype_name(dtype)}, {"shape", shape}, {"bytes", bytes}};
  if (scale) j["scale"] = *scale;
  if (zero_point) j["zero_point"] = *zero_point;
  return j;
}

}  // namespace mcuforge::api
