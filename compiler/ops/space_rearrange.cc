// SPDX-License-Identifier: Apache-2.0
// Space rearrangement, part of the index family: DEPTH_TO_SPACE and SPACE_TO_DEPTH (TFLM's
// depth_to_space.cc / space_to_depth.cc) are transposes of a 6-D view and run on mf_transpose;
// BATCH_TO_SPACE_ND and SPACE_TO_BATCH_ND (batch_to_space_nd.cc / space_to_batch_nd.cc) run on
// mf_space_batch (runtime/include/mcuforge/mf_index.h) with their constant block shape and crops /
// paddings. All of them copy values unchanged: the output keeps the input's type and quantization.
// The prepare_<stem> functions of ops.def are at the end.
#include <fmt/format.h>

#include <variant>

#include "mcuforge/mf_index.h"
#include "mcuforge/mf_transpose.h"
#include "ops/call_writer.h"
#include "ops/conv_util.h"
#include "ops/data_move_util.h"
#include "ops/op.h"

namespace mcuforge::ops {
namespace {

using ir::DType;

// float32 and int8 are what TFLM runs; int32 (and int16 for the *_ND ops) are checked against
// TensorFlow Lite, which has no int16 DEPTH_TO_SPACE / SPACE_TO_DEPTH.
void require_space_dtype(const ir::Op& op, const ir::Tensor& in, const ir::Tensor& out, bool int16) {
  require_same_type(op, in, out, "the input");
  if (in.dtype != DType::kFloat32 && in.dtype != DType::kInt8 && in.dtype != DType::kInt32 &&
      !(int16 && in.dtype == DType::kInt16)) {
    op_error(op, "the input has type " + std::string(ir::dtype_name(in.dtype)),
             "mcuforge runs " + op.name + " with float32, int8" + (int16 ? ", int16" : "") +
                 " and int32 tensors (TFLM: float32 and int8)");
  }
}

void require_shape(const ir::Op& op, const ir::Tensor& out, const std::vector<int32_t>& expected) {
  if (out.shape != expected) {
    op_error(op, "output shape " + ir::shape_to_string(out.shape) + " should be " + ir::shape_to_string(expected),
             "the model is inconsistent; re-export it");
  }
}

class Transpose6 : public PreparedOp {
 public:
  explicit Transpose6(const mf_transpose_params& p) : p_(p) {}
  void run(const OpBuffers& b) const override {
    check_status(mf_transpose(&p_, b.inputs[0], b.outputs[0]), "mf_transpose");
  }
  std::string kernel_name() const override { return "mf_transpose"; }
  void emit(CallWriter& ctx) const override {
    constexpr size_t n = MF_TRANSPOSE_MAX_DIMS;
    const std::string params =
        ctx.constant("mf_transpose_params", "params",
                     fmt::format("{{{}, {}, {}, {}}}", p_.rank, p_.element_bytes, int_list(p_.in_dims, n),
                                 int_list(p_.perm, n)));
    ctx.call("mf_transpose", {address_of(params), ctx.input(0), ctx.output(0)});
  }

 private:
  mf_transpose_params p_;
};

// DEPTH_TO_SPACE: input [N, H, W, bs * bs * C] seen as [N, H, W, bs, bs, C], output [N, H, bs, W, bs, C]
// = [N, H * bs, W * bs, C]. SPACE_TO_DEPTH is the inverse: [N, H, bs, W, bs, C] -> [N, H, W, bs, bs, C].
// Both swap axes 2 and 3 of the 6-D view.
std::unique_ptr<PreparedOp> prepare_depth_space(const ir::Graph& g, const ir::Op& op, bool to_space) {
  require_operands(op, 1, 1);
  const ir::Tensor& in = g.tensor(op.inputs[0]);
  const ir::Tensor& out = g.op_output(op, 0);
  require_space_dtype(op, in, out, false);
  if (in.rank() != 4) op_error(op, "the input has rank " + std::to_string(in.rank()), op.name + " takes NHWC (rank 4)");
  const auto* o = std::get_if<ir::BlockSizeOptions>(&op.options);
  const int32_t bs = o ? o->block_size : 0;
  if (bs < 1) {
    op_error(op, "block_size is " + std::to_string(bs) + " (or the options are missing)", "block_size must be 1 or more");
  }
  const int32_t n = in.dim(0), h = in.dim(1), w = in.dim(2), c = in.dim(3);
  // The output has as many elements as the input, so a block that fits it keeps every product in int32.
  if (int64_t{bs} * bs > (to_space ? int64_t{c} : int64_t{h} * w) && !(bs == 1)) {
    op_error(op, "block_size " + std::to_string(bs) + " is larger than the input " + ir::shape_to_string(in.shape) +
                     " allows",
             "the model is inconsistent; re-export it");
  }
  mf_transpose_params p{};
  p.rank = 6;
  p.element_bytes = movable_element_bytes(op, in, "the input");
  const int32_t perm[6] = {0, 1, 3, 2, 4, 5};
  for (int a = 0; a < 6; ++a) p.perm[a] = perm[a];
  if (to_space) {
    if (c % (bs * bs) != 0) {
      op_error(op, "block_size " + std::to_string(bs) + " squared does not divide the input depth " + std::to_string(c),
               "the model is inconsistent; re-export it");
    }
    const int32_t in_dims[6] = {n, h, w, bs, bs, c / (bs * bs)};
    for (int a = 0; a < 6; ++a) p.in_dims[a] = in_dims[a];
    require_shape(op, out, {n, h * bs, w * bs, c / (bs * bs)});
  } else {
    if (h % bs != 0 || w % bs != 0) {
      op_error(op, "block_size " + std::to_string(bs) + " does not divide the input height " + std::to_string(h) +
                       " and width " + std::to_string(w),
               "the model is inconsistent; re-export it");
    }
    const int32_t in_dims[6] = {n, h / bs, bs, w / bs, bs, c};
    for (int a = 0; a < 6; ++a) p.in_dims[a] = in_dims[a];
    require_shape(op, out, {n, h / bs, w / bs, c * bs * bs});
  }
  return std::make_unique<Transpose6>(p);
}

class SpaceBatch : public PreparedOp {
 public:
  explicit SpaceBatch(const mf_space_batch_params& p) : p_(p) {}
  void run(const OpBuffers& b) const override {
    check_status(mf_space_batch(&p_, b.inputs[0], b.outputs[0]), "mf_space_batch");
  }
  std::string kernel_name() const override { return "mf_space_batch"; }
  void emit(CallWriter& ctx) const override {
    const std::string params = ctx.constant(
        "mf_space_batch_params", "params",
        fmt::format("{{{}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {}}}", p_.element_bytes, p_.to_batch,
                    p_.in_batch, p_.in_h, p_.in_w, p_.out_batch, p_.out_h, p_.out_w, p_.depth, p_.block_h, p_.block_w,
                    p_.pad_top, p_.pad_left, p_.pad_byte));
    ctx.call("mf_space_batch", {address_of(params), ctx.input(0), ctx.output(0)});
  }

 private:
  mf_space_batch_params p_;
};

// SPACE_TO_BATCH_ND (paddings) and BATCH_TO_SPACE_ND (crops) on NHWC or NHC tensors, as TFLM runs them.
std::unique_ptr<PreparedOp> prepare_space_batch(const ir::Graph& g, const ir::Op& op, bool to_batch) {
  require_operands(op, 3, 1);
  const ir::Tensor& in = g.tensor(op.inputs[0]);
  const ir::Tensor& out = g.op_output(op, 0);
  require_space_dtype(op, in, out, true);
  const int32_t rank = in.rank();
  if (rank != 3 && rank != 4) {
    op_error(op, "the input has rank " + std::to_string(rank), op.name + " takes NHWC or NHC tensors (rank 3 or 4), as TFLM");
  }
  const int32_t spatial = rank - 2;
  const std::string pads_name = to_batch ? "paddings" : "crops";
  const std::vector<int32_t> block = constant_indices(g, op, 1, "block_shape");
  const std::vector<int32_t> pads = constant_indices(g, op, 2, pads_name);
  const ir::Tensor& block_t = g.tensor(op.inputs[1]);
  const ir::Tensor& pads_t = g.tensor(op.inputs[2]);
  if (block_t.rank() != 1 || static_cast<int32_t>(block.size()) != spatial) {
    op_error(op, "block_shape has shape " + ir::shape_to_string(block_t.shape) + "; it needs one entry per spatial axis (" +
                     std::to_string(spatial) + ")");
  }
  if (pads_t.shape != std::vector<int32_t>{spatial, 2}) {
    op_error(op, pads_name + " has shape " + ir::shape_to_string(pads_t.shape) + "; it must be [" +
                     std::to_string(spatial) + ", 2]");
  }
  for (int32_t b : block) {
    if (b < 1) op_error(op, "block_shape " + ir::shape_to_string(block) + " has an entry below 1");
  }
  for (int32_t v : pads) {
    if (v < 0) op_error(op, pads_name + " " + ir::shape_to_string(pads) + " has a negative entry");
  }
  mf_space_batch_params p{};
  p.element_bytes = movable_element_bytes(op, in, "the input");
  p.to_batch = to_batch ? 1 : 0;
  p.in_batch = in.dim(0);
  p.in_h = in.dim(1);
  p.in_w = rank == 4 ? in.dim(2) : 1;
  p.depth = in.dim(rank - 1);
  p.block_h = block[0];
  p.block_w = rank == 4 ? block[1] : 1;
  p.pad_top = pads[0];
  p.pad_left = rank == 4 ? pads[2] : 0;
  const int32_t after_h = pads[1], after_w = rank == 4 ? pads[3] : 0;
  const int64_t blocks = int64_t{p.block_h} * p.block_w;
  if (to_batch) {
    const int64_t ph = int64_t{p.in_h} + p.pad_top + after_h, pw = int64_t{p.in_w} + p.pad_left + after_w;
    if (ph % p.block_h != 0 || pw % p.block_w != 0) {
      op_error(op, "the padded spatial size " + std::to_string(ph) + " x " + std::to_string(pw) +
                       " is not a multiple of block_shape " + ir::shape_to_string(block),
               "the model is inconsistent; re-export it");
    }
    if (int64_t{p.in_batch} * blocks > INT32_MAX || ph > INT32_MAX || pw > INT32_MAX) op_error(op, "the output is too large");
    p.out_batch = static_cast<int32_t>(p.in_batch * blocks);
    p.out_h = static_cast<int32_t>(ph / p.block_h);
    p.out_w = static_cast<int32_t>(pw / p.block_w);
    // Padded elements hold the output zero point (0 for float), as TensorFlow Lite writes them. TFLM
    // (pinned version) never sets the offset it pads with: its value is whatever its persistent buffer
    // held (0 in a fresh arena), so padded cases are checked against TensorFlow Lite.
    p.pad_byte = out.quant.empty() ? 0 : static_cast<int32_t>(static_cast<uint8_t>(out.quant.zero_point[0]));
    if (in.dtype != DType::kInt8 && p.pad_byte != 0) {
      op_error(op, "the output zero point is not 0", "only int8 tensors may pad with a non-zero zero point");
    }
  } else {
    if (p.in_batch % blocks != 0) {
      op_error(op, "the input batch " + std::to_string(p.in_batch) + " is not a multiple of the block size " +
                       std::to_string(blocks),
               "the model is inconsistent; re-export it");
    }
    const int64_t oh = int64_t{p.in_h} * p.block_h - p.pad_top - after_h;
    const int64_t ow = int64_t{p.in_w} * p.block_w - p.pad_left - after_w;
    if (oh < 0 || ow < 0 || oh > INT32_MAX || ow > INT32_MAX) {
      op_error(op, "crops " + ir::shape_to_string(pads) + " remove more than the whole spatial size");
    }
    p.out_batch = static_cast<int32_t>(p.in_batch / blocks);
    p.out_h = static_cast<int32_t>(oh);
    p.out_w = static_cast<int32_t>(ow);
  }
  std::vector<int32_t> expected = {p.out_batch, p.out_h};
  if (rank == 4) expected.push_back(p.out_w);
  expected.push_back(p.depth);
  require_shape(op, out, expected);
  return std::make_unique<SpaceBatch>(p);
}

}  // namespace

std::unique_ptr<PreparedOp> prepare_depth_to_space(const ir::Graph& g, const ir::Op& op) {
  return prepare_depth_space(g, op, true);
}
std::unique_ptr<PreparedOp> prepare_space_to_depth(const ir::Graph& g, const ir::Op& op) {
  return prepare_depth_space(g, op, false);
}
std::unique_ptr<PreparedOp> prepare_batch_to_space_nd(const ir::Graph& g, const ir::Op& op) {
  return prepare_space_batch(g, op, false);
}
std::unique_ptr<PreparedOp> prepare_space_to_batch_nd(const ir::Graph& g, const ir::Op& op) {
  return prepare_space_batch(g, op, true);
}

}  // namespace mcuforge::ops
