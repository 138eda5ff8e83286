// SPDX-License-Identifier: Apache-2.0
// MAX_POOL_2D: float32, int8, int16; the maximum over the window clipped to the input (TFLM
// reference MaxPool).
#include "ops/call_writer.h"
#include "ops/op.h"
#include "ops/pool_util.h"

namespace mcuforge::ops {
namespace {

class MaxPool2D : public PreparedOp {
 public:
  explicit MaxPool2D(const PoolSetup& s) : s_(s) {}

  void run(const OpBuffers& b) const override {
    const mf_pool2d_params* p = &s_.params;
    switch (s_.dtype) {
      case ir::DType::kInt8:
        check_status(mf_max_pool2d_s8(p, &s_.in, static_cast<const int8_t*>(b.inputs[0]), &s_.out,
                                      static_cast<int8_t*>(b.outputs[0])),
                     "mf_max_pool2d_s8");
        break;
      case ir::DType::kInt16:
        check_status(mf_max_pool2d_s16(p, &s_.in, static_cast<const int16_t*>(b.inputs[0]), &s_.out,
                                       static_cast<int16_t*>(b.outputs[0])),
                     "mf_max_pool2d_s16");
        break;
      default:
        check_status(mf_max_pool2d_f32(p, &s_.in, static_cast<const float*>(b.inputs[0]), &s_.out,
                                       static_cast<float*>(b.outputs[0])),
                     "mf_max_pool2d_f32");
        break;
    }
  }

  void emit(CallWriter& ctx) const override { emit_pool(ctx, s_, kernel_name()); }

  Overlap output_overlap() const override { return {0, pool_overlap_distance(s_)}; }

  std::string kernel_name() const override {
    switch (s_.dtype) {
      case ir::DType::kInt8: return "mf_max_pool2d_s8";
      case ir::DType::kInt16: return "mf_max_pool2d_s16";
      default: return "mf_max_pool2d_f32";
    }
  }

 private:
  PoolSetup s_;
};

}  // namespace

std::unique_ptr<PreparedOp> prepare_max_pool2d(const ir::Graph& g, const ir::Op& op) {
  return std::make_unique<MaxPool2D>(prepare_pool(g, op));
}

}  // namespace mcuforge::ops
