// SPDX-License-Identifier: Apache-2.0
// PACK: stacks N equally shaped inputs along a new output axis (a concatenation on a new axis).
#include <variant>

#include "ops/data_move_util.h"

namespace mcuforge::ops {

std::unique_ptr<PreparedOp> prepare_pack(const ir::Graph& g, const ir::Op& op) {
  const auto* opts = std::get_if<ir::PackOptions>(&op.options);
  if (!opts) op_error(op, "has no PackOptions");
  if (opts->values_count < 1 || static_cast<size_t>(opts->values_count) != op.inputs.size()) {
    op_error(op, "values_count " + std::to_string(opts->values_count) + " does not match its " +
                     std::to_string(op.inputs.size()) + " inputs");
  }
  require_operands(op, op.inputs.size(), 1);
  const ir::Tensor& out = g.op_output(op, 0);
  const ir::Tensor& in0 = g.tensor(op.inputs[0]);
  const int32_t elem = movable_element_bytes(op, out, "the output");
  const int32_t axis = normalize_axis(op, opts->axis, in0.rank() + 1, "axis");
  std::vector<int32_t> expected = in0.shape;
  expected.insert(expected.begin() + axis, opts->values_count);
  if (out.shape != expected) {
    op_error(op, "output shape " + ir::shape_to_string(out.shape) + " should be " + ir::shape_to_string(expected),
             "the model is inconsistent; re-export it");
  }
  for (size_t k = 0; k < op.inputs.size(); ++k) {
    const ir::Tensor& in = g.tensor(op.inputs[k]);
    require_same_type(op, in, out, "input " + std::to_string(k));
    if (in.shape != in0.shape) {
      op_error(op, "input " + std::to_string(k) + " shape " + ir::shape_to_string(in.shape) +
                       " differs from input 0 shape " + ir::shape_to_string(in0.shape));
    }
  }
  const int64_t part = dims_product(in0.shape, static_cast<size_t>(axis), in0.shape.size()) * elem;
  return make_gather(static_cast<int32_t>(dims_product(in0.shape, 0, static_cast<size_t>(axis))),
                     std::vector<int32_t>(op.inputs.size(), static_cast<int32_t>(part)));
}

}  // namespace mcuforge::ops
