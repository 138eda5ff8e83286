// SPDX-License-Identifier: Apache-2.0
// CAST between int8, uint8, int16, int32, uint32, float32 and bool (C conversion semantics; see
// mf_convert.h for the cases C leaves undefined). Quantization parameters are ignored, as in TFLite.
#include "mcuforge/mf_convert.h"
#include "ops/call_writer.h"
#include "ops/elementwise_util.h"
#include "ops/op.h"

namespace mcuforge::ops {
namespace {

class Cast : public PreparedOp {
 public:
  Cast(mf_elem_type in, mf_elem_type out, int32_t count) : in_(in), out_(out), count_(count) {}
  void run(const OpBuffers& b) const override {
    check_status(mf_cast(in_, out_, count_, b.inputs[0], b.outputs[0]), "mf_cast");
  }
  std::string kernel_name() const override { return "mf_cast"; }
  // In place only when the output element is not wider than the input's (mf_convert.h).
  int32_t inplace_input() const override { return elem_size(out_) <= elem_size(in_) ? 0 : -1; }
  void emit(CallWriter& ctx) const override {
    ctx.call(kernel_name(), {elem_type_name(in_), elem_type_name(out_), std::to_string(count_), ctx.input(0),
                             ctx.output(0)});
  }

 private:
  mf_elem_type in_, out_;
  int32_t count_;
};

}  // namespace

std::unique_ptr<PreparedOp> prepare_cast(const ir::Graph& g, const ir::Op& op) {
  ew_require_operands(op, 1, 1);
  const ir::Tensor& in = ew_input(g, op, 0);
  const ir::Tensor& out = g.op_output(op, 0);
  if (in.num_elements() != out.num_elements()) {
    op_error(op, "input shape " + ir::shape_to_string(in.shape) + " and output shape " +
                     ir::shape_to_string(out.shape) + " have different element counts");
  }
  return std::make_unique<Cast>(elem_type(op, in.dtype), elem_type(op, out.dtype), ew_count(op, in));
}

}  // namespace mcuforge::ops
