// SPDX-License-Identifier: Apache-2.0
// FILL: an output of constant shape `dims` (input 0) with every element equal to the scalar `value`
// (input 1). The value's bytes are copied as they are (no requantization), as in TFLM.
#include <fmt/format.h>

#include "mcuforge/mf_fill.h"
#include "ops/call_writer.h"
#include "ops/conv_util.h"
#include "ops/data_move_util.h"

namespace mcuforge::ops {
namespace {

class Fill : public PreparedOp {
 public:
  explicit Fill(const mf_fill_params& p) : p_(p) {}
  void run(const OpBuffers& b) const override {
    check_status(mf_fill(&p_, b.inputs[1], b.outputs[0]), "mf_fill");
  }
  std::string kernel_name() const override { return "mf_fill"; }
  void emit(CallWriter& ctx) const override {
    const std::string params =
        ctx.constant("mf_fill_params", "params", fmt::format("{{{}, {}}}", p_.count, p_.element_bytes));
    ctx.call("mf_fill", {address_of(params), ctx.input(1), ctx.output(0)});
  }

 private:
  mf_fill_params p_;
};

}  // namespace

std::unique_ptr<PreparedOp> prepare_fill(const ir::Graph& g, const ir::Op& op) {
  require_operands(op, 2, 1);
  const ir::Tensor& value = g.tensor(op.inputs[1]);
  const ir::Tensor& out = g.op_output(op, 0);
  if (value.rank() != 0) op_error(op, "the value must be a scalar, it has shape " + ir::shape_to_string(value.shape));
  if (value.dtype != out.dtype) {
    op_error(op, "the value has type " + std::string(ir::dtype_name(value.dtype)) + " but the output has " +
                     std::string(ir::dtype_name(out.dtype)));
  }
  const int32_t elem = movable_element_bytes(op, out, "the output");
  const std::vector<int32_t> dims = constant_indices(g, op, 0, "dims");
  if (dims != out.shape) {
    op_error(op, "dims " + ir::shape_to_string(dims) + " differ from the output shape " +
                     ir::shape_to_string(out.shape),
             "the model is inconsistent; re-export it");
  }
  return std::make_unique<Fill>(mf_fill_params{static_cast<int32_t>(out.num_elements()), elem});
}

}  // namespace mcuforge::ops
