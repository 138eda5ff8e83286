// SPDX-License-Identifier: Apache-2.0
// SHAPE: the input's shape as an int32 or int64 vector. Shapes are static in mcuforge, so the value is
// known at compile time; the constant-folding pass replaces SHAPE by a constant.
#include <fmt/format.h>

#include "mcuforge/mf_shape.h"
#include "ops/call_writer.h"
#include "ops/conv_util.h"
#include "ops/data_move_util.h"

namespace mcuforge::ops {
namespace {

class Shape : public PreparedOp {
 public:
  explicit Shape(const mf_shape_params& p) : p_(p) {}
  // The input's data is not needed (the constant folder passes nullptr for it).
  void run(const OpBuffers& b) const override { check_status(mf_shape(&p_, b.outputs[0]), "mf_shape"); }
  std::string kernel_name() const override { return "mf_shape"; }
  // Normally folded away before code generation; emitted as is when it survives.
  void emit(CallWriter& ctx) const override {
    const std::string params =
        ctx.constant("mf_shape_params", "params",
                     fmt::format("{{{}, {}, {}}}", p_.rank, p_.element_bytes, int_list(p_.dims, MF_SHAPE_MAX_DIMS)));
    ctx.call("mf_shape", {address_of(params), ctx.output(0)});
  }

 private:
  mf_shape_params p_;
};

}  // namespace

std::unique_ptr<PreparedOp> prepare_shape(const ir::Graph& g, const ir::Op& op) {
  require_operands(op, 1, 1);
  const ir::Tensor& in = g.tensor(op.inputs[0]);
  const ir::Tensor& out = g.op_output(op, 0);
  if (out.dtype != ir::DType::kInt32 && out.dtype != ir::DType::kInt64) {
    op_error(op, "the output has type " + std::string(ir::dtype_name(out.dtype)), "SHAPE outputs int32 or int64");
  }
  if (in.rank() > MF_SHAPE_MAX_DIMS) op_error(op, "input rank " + std::to_string(in.rank()) + " is too large");
  if (out.shape != std::vector<int32_t>{in.rank()}) {
    op_error(op, "output shape " + ir::shape_to_string(out.shape) + " should be [" + std::to_string(in.rank()) + "]");
  }
  mf_shape_params p{};
  p.rank = in.rank();
  p.element_bytes = out.dtype == ir::DType::kInt32 ? 4 : 8;
  for (int32_t a = 0; a < in.rank(); ++a) p.dims[a] = in.dim(a);
  return std::make_unique<Shape>(p);
}

}  // namespace mcuforge::ops
