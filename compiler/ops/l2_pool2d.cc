// SPDX-License-Identifier: Apache-2.0
// L2_POOL_2D (tconv family): float32 only, as in TFLM; the window clipped to the input, padded
// elements not counted (TFLM reference L2Pool). Validation and params come from ops/pool_util.h.
#include "mcuforge/mf_l2_pool2d.h"
#include "ops/call_writer.h"
#include "ops/op.h"
#include "ops/pool_util.h"

namespace mcuforge::ops {
namespace {

class L2Pool2D : public PreparedOp {
 public:
  explicit L2Pool2D(const PoolSetup& s) : s_(s) {}

  void run(const OpBuffers& b) const override {
    check_status(mf_l2_pool2d_f32(&s_.params, &s_.in, static_cast<const float*>(b.inputs[0]), &s_.out,
                                  static_cast<float*>(b.outputs[0])),
                 "mf_l2_pool2d_f32");
  }

  void emit(CallWriter& ctx) const override { emit_pool(ctx, s_, kernel_name()); }

  // Same sliding-window access order as the other pools.
  Overlap output_overlap() const override { return {0, pool_overlap_distance(s_)}; }

  std::string kernel_name() const override { return "mf_l2_pool2d_f32"; }

 private:
  PoolSetup s_;
};

}  // namespace

std::unique_ptr<PreparedOp> prepare_l2_pool2d(const ir::Graph& g, const ir::Op& op) {
  const ir::Tensor* input = g.op_input(op, 0);
  if (input && input->dtype != ir::DType::kFloat32) {
    op_error(op, "L2_POOL_2D of " + std::string(ir::dtype_name(input->dtype)) + " is not supported",
             "TFLM implements L2_POOL_2D in float32 only; keep this op in float32 (dequantize around it)");
  }
  return std::make_unique<L2Pool2D>(prepare_pool(g, op));
}

}  // namespace mcuforge::ops
