// SPDX-License-Identifier: Apache-2.0
// CONCATENATION: joins inputs along an existing axis. TFLM copies the bytes of every input (int8
// included, without requantizing), so inputs must share the output's type and quantization.
#include <variant>

#include "ops/data_move_util.h"

namespace mcuforge::ops {

std::unique_ptr<PreparedOp> prepare_concatenation(const ir::Graph& g, const ir::Op& op) {
  if (op.inputs.empty() || op.outputs.size() != 1) op_error(op, "expects at least 1 input and 1 output");
  for (int32_t t : op.inputs) {
    if (t == ir::kNoTensor) op_error(op, "an input is missing");
  }
  const auto* opts = std::get_if<ir::ConcatenationOptions>(&op.options);
  if (!opts) op_error(op, "has no ConcatenationOptions");
  if (opts->activation != ir::Activation::kNone) {
    op_error(op, "has a fused activation, which TFLM's CONCATENATION does not support",
             "re-export the model with the activation as a separate op");
  }
  const ir::Tensor& out = g.op_output(op, 0);
  const int32_t elem = movable_element_bytes(op, out, "the output");
  const int32_t rank = out.rank();
  if (rank == 0) op_error(op, "the output is a scalar; there is no axis to concatenate along");
  const int32_t axis = normalize_axis(op, opts->axis, rank, "axis");

  const int64_t inner = dims_product(out.shape, static_cast<size_t>(axis) + 1, out.shape.size()) * elem;
  std::vector<int32_t> parts;
  int64_t total = 0;
  for (size_t k = 0; k < op.inputs.size(); ++k) {
    const ir::Tensor& in = g.tensor(op.inputs[k]);
    const std::string role = "input " + std::to_string(k);
    require_same_type(op, in, out, role);
    bool shape_ok = in.rank() == rank;
    for (int32_t d = 0; shape_ok && d < rank; ++d) shape_ok = d == axis || in.dim(d) == out.dim(d);
    if (!shape_ok) {
      op_error(op, role + " shape " + ir::shape_to_string(in.shape) + " does not fit output shape " +
                       ir::shape_to_string(out.shape) + " on axis " + std::to_string(axis),
               "all inputs must have the output's rank and dimensions except along the axis");
    }
    total += in.dim(axis);
    parts.push_back(static_cast<int32_t>(in.dim(axis) * inner));
  }
  if (total != out.dim(axis)) {
    op_error(op, "the inputs add up to " + std::to_string(total) + " along axis " + std::to_string(axis) +
                     " but the output has " + std::to_string(out.dim(axis)));
  }
  return make_gather(static_cast<int32_t>(dims_product(out.shape, 0, static_cast<size_t>(axis))), std::move(parts));
}

}  // namespace mcuforge::ops
