// SPDX-License-Identifier: Apache-2.0
// api::run: one inference on the host with mcuforge's reference kernels (the executor).
#include "api/api.h"
#include "api/inputs.h"
#include "diagnostics/error.h"
#include "exec/executor.h"

namespace mcuforge::api {

RunResult run(const RunRequest& request) {
  const ir::Graph g = load_model(request.model);
  exec::Executor executor(g);
  if (request.input_files.size() != g.inputs.size()) {
    throw Error("the model has " + std::to_string(g.inputs.size()) + " input(s) but " +
                    std::to_string(request.input_files.size()) + " --input file(s) were given",
                "pass one --input per model input, in order (see `mcuforge inspect`)");
  }
  std::vector<std::vector<uint8_t>> inputs;
  RunResult r;
  for (size_t k = 0; k < request.input_files.size(); ++k) {
    std::string note;
    inputs.push_back(read_input(request.input_files[k], g.tensor(g.inputs[k]), k, &note));
    if (!note.empty()) r.input_notes.push_back(note);
  }
  r.model = request.model;
  r.output_bytes = executor.invoke(inputs);
  for (int32_t i : g.outputs) r.outputs.push_back(tensor_info(g, i));
  if (request.keep_tensors)
    for (size_t i = 0; i < g.tensors.size(); ++i) r.tensor_bytes.push_back(executor.tensor_bytes(static_cast<int32_t>(i)));
  return r;
}

nlohmann::json RunResult::to_json() const {
  nlohmann::json j = {{"model", model}, {"outputs", nlohmann::json::array()}};
  for (size_t k = 0; k < outputs.size(); ++k)
    j["outputs"].push_back({{"index", k}, {"name", outputs[k].name}, {"dtype", ir::dtype_name(outputs[k].dtype)}, {"shape", outputs[k].shape}});
  j["input_notes"] = input_notes;
  return j;
}

}  // namespace mcuforge::api
