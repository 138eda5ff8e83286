// SPDX-License-Identifier: Apache-2.0
// SPLIT: cuts the input (input 1) into num_splits equal parts along a constant axis (input 0).
#include <variant>

#include "ops/data_move_util.h"

namespace mcuforge::ops {

std::unique_ptr<PreparedOp> prepare_split(const ir::Graph& g, const ir::Op& op) {
  const auto* opts = std::get_if<ir::SplitOptions>(&op.options);
  if (!opts) op_error(op, "has no SplitOptions");
  const int32_t n = opts->num_splits;
  if (n < 1 || static_cast<size_t>(n) != op.outputs.size()) {
    op_error(op, "num_splits " + std::to_string(n) + " does not match its " + std::to_string(op.outputs.size()) +
                     " outputs");
  }
  require_operands(op, 2, op.outputs.size());
  const std::vector<int32_t> axis_values = constant_indices(g, op, 0, "axis");
  if (axis_values.size() != 1) op_error(op, "the axis tensor must hold exactly one value");
  const ir::Tensor& in = g.tensor(op.inputs[1]);
  const int32_t elem = movable_element_bytes(op, in, "the input");
  if (in.rank() == 0) op_error(op, "the input is a scalar; there is no axis to split");
  const int32_t axis = normalize_axis(op, axis_values[0], in.rank(), "axis");
  if (in.dim(axis) % n != 0) {
    op_error(op, "input dimension " + std::to_string(axis) + " (" + std::to_string(in.dim(axis)) +
                     ") is not divisible by num_splits " + std::to_string(n),
             "use SPLIT_V for unequal parts");
  }
  std::vector<int32_t> expected = in.shape;
  expected[static_cast<size_t>(axis)] /= n;
  for (size_t k = 0; k < op.outputs.size(); ++k) {
    const ir::Tensor& out = g.op_output(op, k);
    require_same_type(op, in, out, "the input (vs output " + std::to_string(k) + ")");
    if (out.shape != expected) {
      op_error(op, "output " + std::to_string(k) + " shape " + ir::shape_to_string(out.shape) + " should be " +
                       ir::shape_to_string(expected));
    }
  }
  const int64_t part = dims_product(expected, static_cast<size_t>(axis), expected.size()) * elem;
  return make_scatter(static_cast<int32_t>(dims_product(in.shape, 0, static_cast<size_t>(axis))),
                      std::vector<int32_t>(op.outputs.size(), static_cast<int32_t>(part)), 1);
}

}  // namespace mcuforge::ops
