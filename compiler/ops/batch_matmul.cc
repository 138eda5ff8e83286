// SPDX-License-Identifier: Apache-2.0
// BATCH_MATMUL (resize family file set; TFLM's batch_matmul.cc): float32, int8 (zero points on both
// operands, FULLY_CONNECTED-style requantization with the float product of the two input scales) and
// int16 (symmetric, int64 accumulator). Ranks 2 to 5; the leading dimensions broadcast, and are turned
// into three batch dimensions with per-operand strides (0 where an operand is broadcast), as TFLM's
// rank-5 extension does. adj_x / adj_y say how the operands are stored; the kernel transposes into
// scratch what is not already in dot-product layout (runtime/include/mcuforge/mf_batch_matmul.h).
#include <fmt/format.h>

#include <algorithm>
#include <variant>

#include "mcuforge/mf_batch_matmul.h"
#include "ops/call_writer.h"
#include "ops/conv_util.h"
#include "ops/data_move_util.h"
#include "ops/elementwise_util.h"
#include "ops/op.h"
#include "ops/quant_util.h"

namespace mcuforge::ops {
namespace {

constexpr size_t kMaxRank = 2 + MF_BATCH_MATMUL_BATCH_DIMS;

class BatchMatMul : public PreparedOp {
 public:
  BatchMatMul(const mf_batch_matmul_params& p, ir::DType dtype) : p_(p), dtype_(dtype) {}

  void run(const OpBuffers& b) const override {
    switch (dtype_) {
      case ir::DType::kInt8:
        check_status(mf_batch_matmul_s8(&p_, static_cast<const int8_t*>(b.inputs[0]),
                                        static_cast<const int8_t*>(b.inputs[1]), static_cast<int8_t*>(b.outputs[0]),
                                        b.scratch),
                     "mf_batch_matmul_s8");
        break;
      case ir::DType::kInt16:
        check_status(mf_batch_matmul_s16(&p_, static_cast<const int16_t*>(b.inputs[0]),
                                         static_cast<const int16_t*>(b.inputs[1]),
                                         static_cast<int16_t*>(b.outputs[0]), b.scratch),
                     "mf_batch_matmul_s16");
        break;
      default:
        check_status(mf_batch_matmul_f32(&p_, static_cast<const float*>(b.inputs[0]),
                                         static_cast<const float*>(b.inputs[1]), static_cast<float*>(b.outputs[0]),
                                         b.scratch),
                     "mf_batch_matmul_f32");
        break;
    }
  }

  size_t scratch_bytes() const override { return mf_batch_matmul_scratch_size(&p_, ir::dtype_size(dtype_)); }

  std::string kernel_name() const override {
    switch (dtype_) {
      case ir::DType::kInt8: return dsp_ ? "mf_batch_matmul_s8__cm_dsp" : "mf_batch_matmul_s8";
      case ir::DType::kInt16: return "mf_batch_matmul_s16";
      default: return "mf_batch_matmul_f32";
    }
  }

  // The DSP variant dots one LHS row with two RHS rows at a time in SIMD (kernels/arch/cm_dsp/).
  void select_variant(const TargetFeatures& t) override { dsp_ = t.dsp && dtype_ == ir::DType::kInt8; }

  void emit(CallWriter& ctx) const override {
    const mf_batch_matmul_params& p = p_;
    const std::string params = ctx.constant(
        "mf_batch_matmul_params", "params",
        fmt::format("{{{}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {}}}", int_list(p.batch, 3),
                    int_list(p.lhs_stride, 3), int_list(p.rhs_stride, 3), p.rows, p.depth, p.cols, p.adj_x, p.adj_y,
                    p.lhs_offset, p.rhs_offset, p.output_offset, CallWriter::requant(p.requant),
                    CallWriter::act_range(p.act)));
    ctx.call(kernel_name(), {address_of(params), ctx.input(0), ctx.input(1), ctx.output(0), ctx.scratch()});
  }

 private:
  mf_batch_matmul_params p_;
  ir::DType dtype_;
  bool dsp_ = false;  // generated code calls mf_batch_matmul_s8__cm_dsp (select_variant)
};

// The shape extended to `rank` with leading 1s.
std::vector<int32_t> extended(const std::vector<int32_t>& shape, size_t rank) {
  std::vector<int32_t> e(rank - shape.size(), 1);
  e.insert(e.end(), shape.begin(), shape.end());
  return e;
}

// Elements per step of batch dim k of an operand extended to rank 5, or 0 where it is broadcast (size 1).
void batch_strides(const std::vector<int32_t>& ext5, int32_t* strides) {
  for (size_t k = 0; k < MF_BATCH_MATMUL_BATCH_DIMS; ++k) {
    strides[k] = ext5[k] == 1 ? 0 : static_cast<int32_t>(dims_product(ext5, k + 1, ext5.size()));
  }
}

void check_quant(const ir::Op& op, const ir::Tensor& lhs, const ir::Tensor& rhs, const ir::Tensor& out,
                 mf_batch_matmul_params& p) {
  const bool int16 = lhs.dtype == ir::DType::kInt16;
  check_per_tensor_quant(op, lhs, "LHS", int16);
  check_per_tensor_quant(op, rhs, "RHS", int16);
  check_per_tensor_quant(op, out, "output", int16);
  // GetQuantizedConvolutionMultipler: the scales' product in float, widened, divided in double.
  const float product = lhs.quant.scale[0] * rhs.quant.scale[0];
  p.requant = quantize_multiplier(static_cast<double>(product) / static_cast<double>(out.quant.scale[0]));
  p.requant = checked_requant(op, {p.requant}, int16 ? 14 : 30)[0];
  if (int16) {
    p.act = {-32768, 32767};
  } else {
    p.act = {-128, 127};
    p.lhs_offset = -zero_point_of(lhs);
    p.rhs_offset = -zero_point_of(rhs);
    p.output_offset = zero_point_of(out);
  }
}

}  // namespace

std::unique_ptr<PreparedOp> prepare_batch_matmul(const ir::Graph& g, const ir::Op& op) {
  require_operands(op, 2, 1);
  const auto* o = std::get_if<ir::BatchMatMulOptions>(&op.options);
  if (!o) op_error(op, "has no BatchMatMulOptions");
  const ir::Tensor& lhs = g.tensor(op.inputs[0]);
  const ir::Tensor& rhs = g.tensor(op.inputs[1]);
  const ir::Tensor& out = g.op_output(op, 0);
  const ir::DType t = lhs.dtype;
  if (t != ir::DType::kFloat32 && t != ir::DType::kInt8 && t != ir::DType::kInt16) {
    op_error(op, "type " + dtype_signature(g, op) + " is not supported (float32, int8 and int16 are)");
  }
  if (rhs.dtype != t || out.dtype != t) {
    op_error(op, "operand types " + dtype_signature(g, op) + " differ; LHS, RHS and output must share one type",
             "hybrid (float x int8) and int32-output batch matmuls are not supported, as in TFLM");
  }
  const size_t rank = std::max(lhs.shape.size(), rhs.shape.size());
  if (lhs.rank() < 2 || rhs.rank() < 2 || rank > kMaxRank) {
    op_error(op, "operand ranks must be 2 to 5 but the shapes are " + ir::shape_to_string(lhs.shape) + " and " +
                     ir::shape_to_string(rhs.shape));
  }
  const std::vector<int32_t> l = extended(lhs.shape, kMaxRank), r = extended(rhs.shape, kMaxRank);
  mf_batch_matmul_params p{};
  p.adj_x = o->adj_x;
  p.adj_y = o->adj_y;
  p.rows = o->adj_x ? l[4] : l[3];
  p.depth = o->adj_x ? l[3] : l[4];
  p.cols = o->adj_y ? r[3] : r[4];
  const int32_t depth_r = o->adj_y ? r[4] : r[3];
  if (p.depth != depth_r) {
    op_error(op, fmt::format("LHS {} (adj_x {}) and RHS {} (adj_y {}) do not agree on the accumulation depth "
                             "({} vs {})",
                             ir::shape_to_string(lhs.shape), o->adj_x, ir::shape_to_string(rhs.shape), o->adj_y,
                             p.depth, depth_r));
  }
  std::vector<int32_t> expected;
  for (size_t k = 0; k < MF_BATCH_MATMUL_BATCH_DIMS; ++k) {
    if (l[k] != r[k] && l[k] != 1 && r[k] != 1) {
      op_error(op, "batch dimensions of " + ir::shape_to_string(lhs.shape) + " and " + ir::shape_to_string(rhs.shape) +
                       " do not broadcast");
    }
    p.batch[k] = l[k] == 1 ? r[k] : l[k];
    if (k + rank >= kMaxRank) expected.push_back(p.batch[k]);
  }
  expected.push_back(p.rows);
  expected.push_back(p.cols);
  if (out.shape != expected) {
    op_error(op, "output shape " + ir::shape_to_string(out.shape) + " should be " + ir::shape_to_string(expected));
  }
  if (lhs.num_elements() <= 0 || rhs.num_elements() <= 0 || out.num_elements() <= 0 ||
      std::max({lhs.num_elements(), rhs.num_elements(), out.num_elements()}) > INT32_MAX) {
    op_error(op, "operands must have between 1 and 2^31 - 1 elements");
  }
  batch_strides(l, p.lhs_stride);
  batch_strides(r, p.rhs_stride);
  if (t != ir::DType::kFloat32) check_quant(op, lhs, rhs, out, p);
  if (t == ir::DType::kInt16 && p.depth >= (1 << 16)) {
    op_error(op, "accumulation depth " + std::to_string(p.depth) + " is too large for the int16 kernel (below 65536)");
  }
  return std::make_unique<BatchMatMul>(p, t);
}

}  // namespace mcuforge::ops
