// SPDX-License-Identifier: Apache-2.0
#include "ir/graph.h"

namespace mcuforge::ir {

int64_t Tensor::num_elements() const {
  int64_t n = 1;
  for (int32_t d : shape) n *= d;  // the importer bounds every shape, so this cannot overflow
  return n;
}

const Tensor* Graph::op_input(const Op& op, size_t k) const {
  if (k >= op.inputs.size() || op.inputs[k] == kNoTensor) return nullptr;
  return &tensor(op.inputs[k]);
}

std::string shape_to_string(const std::vector<int32_t>& shape) {
  std::string s = "[";
  for (size_t i = 0; i < shape.size(); ++i) {
    if (i) s += ", ";
    s += std::to_string(shape[i]);
  }
  return s + "]";
}

}  // namespace mcuforge::ir
