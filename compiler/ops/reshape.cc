// SPDX-License-Identifier: Apache-2.0
// RESHAPE: the output shape is stored in the model; the data is copied unchanged (the memory planner
// aliases input and output where it can, making this a no-op in generated code).
#include "mcuforge/mf_copy.h"
#include "ops/call_writer.h"
#include "ops/op.h"

namespace mcuforge::ops {
namespace {

class Reshape : public PreparedOp {
 public:
  explicit Reshape(size_t bytes) : bytes_(bytes) {}
  void run(const OpBuffers& b) const override {
    check_status(mf_copy(bytes_, b.inputs[0], b.outputs[0]), "mf_copy");
  }
  std::string kernel_name() const override { return "mf_copy"; }
  bool output_aliases_input() const override { return true; }
  void emit(CallWriter& ctx) const override {
    // With input and output in the same buffer this is a no-op, so nothing is emitted.
    if (ctx.same_memory(0, 0)) return;
    ctx.call("mf_copy", {std::to_string(bytes_) + "u", ctx.input(0), ctx.output(0)});
  }

 private:
  size_t bytes_;
};

}  // namespace

std::unique_ptr<PreparedOp> prepare_reshape(const ir::Graph& g, const ir::Op& op) {
  if (op.inputs.empty() || op.inputs[0] == ir::kNoTensor || op.outputs.size() != 1) {
    op_error(op, "expects 1 data input (and an optional shape input) and 1 output");
  }
  const ir::Tensor& in = g.tensor(op.inputs[0]);
  const ir::Tensor& out = g.op_output(op, 0);
  if (in.dtype != out.dtype) op_error(op, "input and output types differ");
  if (in.num_elements() != out.num_elements()) {
    op_error(op, "input shape " + ir::shape_to_string(in.shape) + " and output shape " +
                     ir::shape_to_string(out.shape) + " have different element counts");
  }
  if (in.quant.scale != out.quant.scale || in.quant.zero_point != out.quant.zero_point) {
    op_error(op, "input and output quantization differ, which RESHAPE cannot express");
  }
  return std::make_unique<Reshape>(static_cast<size_t>(out.num_bytes()));
}

}  // namespace mcuforge::ops
