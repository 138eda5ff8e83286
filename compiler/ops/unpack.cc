// SPDX-License-Identifier: Apache-2.0
// UNPACK: splits the input along an axis into `num` outputs of size 1 there, dropping that axis.
#include <variant>

#include "ops/data_move_util.h"

namespace mcuforge::ops {

std::unique_ptr<PreparedOp> prepare_unpack(const ir::Graph& g, const ir::Op& op) {
  const auto* opts = std::get_if<ir::UnpackOptions>(&op.options);
  if (!opts) op_error(op, "has no UnpackOptions");
  if (opts->num < 1 || static_cast<size_t>(opts->num) != op.outputs.size()) {
    op_error(op, "num " + std::to_string(opts->num) + " does not match its " + std::to_string(op.outputs.size()) +
                     " outputs");
  }
  require_operands(op, 1, op.outputs.size());
  const ir::Tensor& in = g.tensor(op.inputs[0]);
  const int32_t elem = movable_element_bytes(op, in, "the input");
  if (in.rank() == 0) op_error(op, "the input is a scalar; there is no axis to unpack");
  const int32_t axis = normalize_axis(op, opts->axis, in.rank(), "axis");
  if (in.dim(axis) != opts->num) {
    op_error(op, "input dimension " + std::to_string(axis) + " is " + std::to_string(in.dim(axis)) +
                     " but num is " + std::to_string(opts->num));
  }
  std::vector<int32_t> expected = in.shape;
  expected.erase(expected.begin() + axis);
  for (size_t k = 0; k < op.outputs.size(); ++k) {
    const ir::Tensor& out = g.op_output(op, k);
    require_same_type(op, in, out, "the input (vs output " + std::to_string(k) + ")");
    if (out.shape != expected) {
      op_error(op, "output " + std::to_string(k) + " shape " + ir::shape_to_string(out.shape) + " should be " +
                       ir::shape_to_string(expected));
    }
  }
  const int64_t part = dims_product(in.shape, static_cast<size_t>(axis) + 1, in.shape.size()) * elem;
  return make_scatter(static_cast<int32_t>(dims_product(in.shape, 0, static_cast<size_t>(axis))),
                      std::vector<int32_t>(op.outputs.size(), static_cast<int32_t>(part)), 0);
}

}  // namespace mcuforge::ops
