// SPDX-License-Identifier: Apache-2.0
// The pad family: PAD and PADV2 (a constant value around the input; one prepare, as TFLM registers
// one kernel for both) and MIRROR_PAD (mirrored edges, REFLECT or SYMMETRIC). The paddings tensor
// must be a constant [rank, 2] int32/int64 tensor of non-negative counts (TFLM needs it constant too:
// the output shape depends on it). PAD's value, as in TFLM: the optional third input (a scalar of the
// input's type, constant or computed, int8 with the output's quantization), else the output zero
// point for int8 and 0 for every other type (int16 included).
#include <fmt/format.h>

#include <array>
#include <cstring>
#include <limits>
#include <variant>

#include "c99/c_literals.h"
#include "mcuforge/mf_pad.h"
#include "ops/call_writer.h"
#include "ops/conv_util.h"
#include "ops/data_move_util.h"

namespace mcuforge::ops {
namespace {

std::string pad_params_initializer(const mf_pad_params& p) {
  constexpr size_t n = MF_PAD_MAX_DIMS;
  return fmt::format("{{{}, {}, {}, {}, {}, {}}}", p.rank, p.element_bytes, int_list(p.in_dims, n),
                     int_list(p.before, n), int_list(p.after, n), p.reflect);
}

// PAD / PADV2. Without a value input the value lives here (run) and as a C constant (emit).
class ConstantPad : public PreparedOp {
 public:
  ConstantPad(const mf_pad_params& p, bool value_input, ir::DType dtype, int32_t default_value)
      : p_(p), value_input_(value_input), dtype_(dtype), default_value_(default_value) {
    // The default value as one element of the input's type (native byte order, as the kernel reads it).
    if (dtype == ir::DType::kInt8) {
      const int8_t v = static_cast<int8_t>(default_value);
      std::memcpy(value_bytes_.data(), &v, 1);
    }  // every other type pads with 0 (all-zero bytes, 0.0f included)
  }
  void run(const OpBuffers& b) const override {
    const void* value = value_input_ ? b.inputs[2] : static_cast<const void*>(value_bytes_.data());
    check_status(mf_pad(&p_, b.inputs[0], value, b.outputs[0]), "mf_pad");
  }
  std::string kernel_name() const override { return "mf_pad"; }
  void emit(CallWriter& ctx) const override {
    const std::string params = ctx.constant("mf_pad_params", "params", pad_params_initializer(p_));
    std::string value;
    if (value_input_) {
      value = ctx.input(2);
    } else {
      const std::string literal = dtype_ == ir::DType::kFloat32 ? c99::float_literal(0.0f)
                                                                : c99::int_literal(default_value_);
      value = address_of(ctx.constant(c99::c_type(dtype_), "pad_value", literal));
    }
    ctx.call("mf_pad", {address_of(params), ctx.input(0), value, ctx.output(0)});
  }

 private:
  mf_pad_params p_;
  bool value_input_;
  ir::DType dtype_;
  int32_t default_value_;
  alignas(8) std::array<uint8_t, 8> value_bytes_{};
};

class MirrorPad : public PreparedOp {
 public:
  explicit MirrorPad(const mf_pad_params& p) : p_(p) {}
  void run(const OpBuffers& b) const override {
    check_status(mf_mirror_pad(&p_, b.inputs[0], b.outputs[0]), "mf_mirror_pad");
  }
  std::string kernel_name() const override { return "mf_mirror_pad"; }
  void emit(CallWriter& ctx) const override {
    const std::string params = ctx.constant("mf_pad_params", "params", pad_params_initializer(p_));
    ctx.call("mf_mirror_pad", {address_of(params), ctx.input(0), ctx.output(0)});
  }

 private:
  mf_pad_params p_;
};

bool is_one_of(ir::DType t, std::initializer_list<ir::DType> types) {
  for (ir::DType d : types) {
    if (t == d) return true;
  }
  return false;
}

// What every pad op checks: data input and output of one supported type and quantization, and a
// constant paddings tensor (input 1) that gives the output's shape. `max_pad(axis)` bounds the counts
// (MIRROR_PAD cannot reach past the far edge). Fills everything of the params but `reflect`.
template <typename MaxPad>
mf_pad_params pad_geometry(const ir::Graph& g, const ir::Op& op, std::initializer_list<ir::DType> types,
                           const std::string& type_list, MaxPad max_pad) {
  const ir::Tensor& in = g.tensor(op.inputs[0]);
  const ir::Tensor& out = g.op_output(op, 0);
  require_same_type(op, in, out, "the input");
  if (!is_one_of(in.dtype, types)) {
    op_error(op, "input type " + std::string(ir::dtype_name(in.dtype)) + " is not supported",
             "this op supports " + type_list + " (as TFLM)");
  }
  const int32_t rank = in.rank();
  if (rank > MF_PAD_MAX_DIMS) {
    op_error(op, "input rank " + std::to_string(rank) + " is above the supported " + std::to_string(MF_PAD_MAX_DIMS));
  }
  const ir::Tensor& paddings = g.tensor(op.inputs[1]);
  const std::vector<int32_t> pads = constant_indices(g, op, 1, "paddings");
  if (static_cast<int32_t>(pads.size()) != 2 * rank || (paddings.rank() != 2 && rank > 0)) {
    op_error(op, "the paddings tensor has shape " + ir::shape_to_string(paddings.shape) + ", expected [" +
                     std::to_string(rank) + ", 2] (before and after for each input axis)",
             "the model is inconsistent; re-export it");
  }
  mf_pad_params p{};
  p.element_bytes = movable_element_bytes(op, in, "the input");
  std::vector<int32_t> expected;
  for (int32_t a = 0; a < rank; ++a) {
    const int32_t before = pads[static_cast<size_t>(2 * a)], after = pads[static_cast<size_t>(2 * a + 1)];
    if (before < 0 || after < 0) {
      op_error(op, "padding of axis " + std::to_string(a) + " is negative (" + std::to_string(before) + ", " +
                       std::to_string(after) + ")",
               "paddings must be >= 0 (TFLM leaves negative paddings undefined); use SLICE to crop");
    }
    const int64_t limit = max_pad(in.dim(a));
    if ((before > 0 && before > limit) || (after > 0 && after > limit)) {
      op_error(op, "padding of axis " + std::to_string(a) + " (" + std::to_string(before) + ", " +
                       std::to_string(after) + ") is larger than " + std::to_string(limit) + " for an axis of size " +
                       std::to_string(in.dim(a)),
               "MIRROR_PAD can mirror at most size - 1 (REFLECT) or size (SYMMETRIC) elements per side");
    }
    expected.push_back(static_cast<int32_t>(int64_t{in.dim(a)} + before + after));
    p.in_dims[a] = in.dim(a);
    p.before[a] = before;
    p.after[a] = after;
  }
  if (out.shape != expected) {
    op_error(op, "output shape " + ir::shape_to_string(out.shape) + " should be " + ir::shape_to_string(expected),
             "the model is inconsistent; re-export it");
  }
  // The kernels take rank >= 1: a scalar is a one-element vector with no padding.
  p.rank = rank == 0 ? 1 : rank;
  if (rank == 0) p.in_dims[0] = 1;
  return p;
}

std::unique_ptr<PreparedOp> prepare_constant_pad(const ir::Graph& g, const ir::Op& op) {
  const bool value_input = op.inputs.size() == 3 && op.inputs[2] != ir::kNoTensor;
  require_operands(op, value_input ? 3 : 2, 1);
  using ir::DType;
  const mf_pad_params p = pad_geometry(g, op, {DType::kFloat32, DType::kInt8, DType::kInt16, DType::kInt32},
                                       "float32, int8, int16 and int32",
                                       [](int32_t) { return std::numeric_limits<int32_t>::max(); });
  const ir::Tensor& in = g.tensor(op.inputs[0]);
  const ir::Tensor& out = g.op_output(op, 0);
  if (value_input) {
    const ir::Tensor& value = g.tensor(op.inputs[2]);
    if (value.dtype != in.dtype || value.num_elements() != 1) {
      op_error(op, "the pad value must be one element of the input's type, it is " +
                       std::string(ir::dtype_name(value.dtype)) + " of shape " + ir::shape_to_string(value.shape),
               "the model is inconsistent; re-export it");
    }
    // TFLM checks this for int8 only; the value's bytes are copied unchanged.
    if (in.dtype == DType::kInt8 && !same_quantization(value, out)) {
      op_error(op, "the int8 pad value and the output have different quantization (scale/zero point)",
               "the value is copied unchanged, so it must be quantized like the output; re-export the model");
    }
  }
  int32_t default_value = 0;
  if (in.dtype == DType::kInt8 && !out.quant.zero_point.empty()) {
    const int64_t zp = out.quant.zero_point[0];
    if (zp < -128 || zp > 127) {
      op_error(op, "the output zero point " + std::to_string(zp) + " is outside int8",
               "the model is inconsistent; re-export it");
    }
    default_value = static_cast<int32_t>(zp);
  }
  return std::make_unique<ConstantPad>(p, value_input, in.dtype, default_value);
}

}  // namespace

std::unique_ptr<PreparedOp> prepare_pad(const ir::Graph& g, const ir::Op& op) { return prepare_constant_pad(g, op); }

std::unique_ptr<PreparedOp> prepare_padv2(const ir::Graph& g, const ir::Op& op) {
  return prepare_constant_pad(g, op);
}

std::unique_ptr<PreparedOp> prepare_mirror_pad(const ir::Graph& g, const ir::Op& op) {
  require_operands(op, 2, 1);
  const auto* opts = std::get_if<ir::MirrorPadOptions>(&op.options);
  if (!opts) op_error(op, "has no MirrorPadOptions");
  if (opts->mode != 0 && opts->mode != 1) {
    op_error(op, "mode " + std::to_string(opts->mode) + " is neither REFLECT (0) nor SYMMETRIC (1)",
             "the model is inconsistent; re-export it");
  }
  const bool reflect = opts->mode == 0;
  using ir::DType;
  mf_pad_params p = pad_geometry(g, op, {DType::kFloat32, DType::kInt8}, "float32 and int8",
                                 [reflect](int32_t size) { return reflect ? size - 1 : size; });
  p.reflect = reflect ? 1 : 0;
  return std::make_unique<MirrorPad>(p);
}

}  // namespace mcuforge::ops
