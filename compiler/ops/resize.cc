// SPDX-License-Identifier: Apache-2.0
// The resize family: RESIZE_NEAREST_NEIGHBOR (float32, int8, int16) and RESIZE_BILINEAR (float32, int8;
// int16 as TensorFlow Lite runs it), after TFLM's resize_nearest_neighbor.cc / resize_bilinear.cc.
// A row of kResizes says what differs between the two; one prepare validates the operands (4-D NHWC
// input, constant int32 size of two positive entries, output [N, size, C], same dtype and quantization)
// and turns the options into per-row and per-column coordinate tables, computed with TFLM's own float
// (nearest, float bilinear) or fixed-point (integer bilinear) formulas, so that the C kernels
// (runtime/include/mcuforge/mf_resize.h) only gather and blend and never touch float in integer paths.
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <variant>

#include "c99/c_literals.h"
#include "mcuforge/mf_resize.h"
#include "ops/call_writer.h"
#include "ops/conv_util.h"
#include "ops/data_move_util.h"
#include "ops/elementwise_util.h"
#include "ops/op.h"

namespace mcuforge::ops {
namespace {

struct Resize {
  ir::OpType type;
  bool bilinear;
  // TFLM refuses align_corners together with half_pixel_centers in RESIZE_BILINEAR only.
  bool refuses_both_flags;
  const char* dtypes;  // for messages
};

constexpr std::array kResizes = {
    Resize{ir::OpType::RESIZE_NEAREST_NEIGHBOR, false, false, "float32, int8 and int16"},
    Resize{ir::OpType::RESIZE_BILINEAR, true, true, "float32, int8 and int16"},
};

const Resize& resize_of(ir::OpType type) {
  for (const Resize& r : kResizes)
    if (r.type == type) return r;
  throw std::logic_error("internal error: op type is not a resize");
}

std::string dims_initializer(const mf_resize_dims& d) {
  return fmt::format("{{{}, {}, {}, {}, {}, {}}}", d.batches, d.in_h, d.in_w, d.depth, d.out_h, d.out_w);
}

// ---------------------------------------------------------------------------------------------------
// coordinate tables, TFLM's arithmetic

// GetNearestNeighbor (reference resize_nearest_neighbor.h): float scale, floor (or round with
// align_corners), clamp to the input.
std::vector<int32_t> nearest_table(int32_t in, int32_t out, const ir::ResizeOptions& o) {
  const float scale = (o.align_corners && out > 1) ? static_cast<float>(in - 1) / static_cast<float>(out - 1)
                                                    : static_cast<float>(in) / static_cast<float>(out);
  const float offset = o.half_pixel_centers ? 0.5f : 0.0f;
  std::vector<int32_t> t(static_cast<size_t>(out));
  for (int32_t i = 0; i < out; ++i) {
    const float pos = (static_cast<float>(i) + offset) * scale;
    int32_t v = o.align_corners ? static_cast<int32_t>(std::round(pos)) : static_cast<int32_t>(std::floor(pos));
    v = std::min(v, in - 1);
    if (o.half_pixel_centers) v = std::max(v, 0);
    t[static_cast<size_t>(i)] = v;
  }
  return t;
}

// ResizeBilinearInteger: the scale in 1/1024ths rounded to nearest, positions in 1/1024ths.
std::vector<mf_resize_tap> integer_taps(int32_t in, int32_t out, const ir::ResizeOptions& o) {
  int32_t scale = ((1 << 10) * in + out / 2) / out;
  if (o.align_corners && out > 1) scale = ((1 << 10) * (in - 1) + (out - 1) / 2) / (out - 1);
  std::vector<mf_resize_tap> t(static_cast<size_t>(out));
  for (int32_t i = 0; i < out; ++i) {
    const int32_t pos = o.half_pixel_centers ? i * scale + scale / 2 - (1 << 9) : i * scale;
    const int32_t lo = std::max(pos / (1 << 10), 0);
    const int32_t hi = std::min((pos + (1 << 10) - 1) / (1 << 10), in - 1);
    t[static_cast<size_t>(i)] = mf_resize_tap{lo, hi, pos - (1 << 10) * lo};
  }
  return t;
}

// ResizeBilinear<float>: float scale and position, floor/ceil bounds, weights (pos - lo) and 1 - that.
std::vector<mf_resize_tap_f32> float_taps(int32_t in, int32_t out, const ir::ResizeOptions& o) {
  float scale = static_cast<float>(in) / static_cast<float>(out);
  if (o.align_corners && out > 1) scale = static_cast<float>(in - 1) / static_cast<float>(out - 1);
  std::vector<mf_resize_tap_f32> t(static_cast<size_t>(out));
  for (int32_t i = 0; i < out; ++i) {
    const float value = static_cast<float>(i);
    const float pos = o.half_pixel_centers ? (value + 0.5f) * scale - 0.5f : value * scale;
    const int32_t lo = std::max(static_cast<int32_t>(std::floor(pos)), 0);
    const int32_t hi = std::min(static_cast<int32_t>(std::ceil(pos)), in - 1);
    const float frac = pos - static_cast<float>(lo);
    t[static_cast<size_t>(i)] = mf_resize_tap_f32{lo, hi, frac, 1.0f - frac};
  }
  return t;
}

// TFLM's bilinear kernels clamp only the upper neighbour: at extreme upsampling ratios the rounded
// scale puts the lower one past the input, where TFLM reads outside its tensor. Refuse those.
template <typename Tap>
void check_taps(const ir::Op& op, const std::vector<Tap>& taps, int32_t in, const char* axis) {
  for (const Tap& t : taps) {
    if (t.lo > in - 1 || t.lo > t.hi) {
      op_error(op, fmt::format("at this {} ratio TFLM's bilinear interpolation reads {} {} of an input of {}, "
                               "outside the tensor",
                               axis, axis == std::string("height") ? "row" : "column", t.lo, in),
               "resize in two steps or to a size closer to the input's");
    }
  }
}

// ---------------------------------------------------------------------------------------------------
// prepared ops

class ResizeNearest : public PreparedOp {
 public:
  ResizeNearest(const mf_resize_dims& d, int32_t element_bytes, std::vector<int32_t> ys, std::vector<int32_t> xs)
      : ys_(std::move(ys)), xs_(std::move(xs)) {
    p_.dims = d;
    p_.element_bytes = element_bytes;
    p_.y_index = ys_.data();
    p_.x_index = xs_.data();
  }
  void run(const OpBuffers& b) const override {
    check_status(mf_resize_nearest(&p_, b.inputs[0], b.outputs[0]), "mf_resize_nearest");
  }
  std::string kernel_name() const override { return "mf_resize_nearest"; }
  void emit(CallWriter& ctx) const override {
    const std::string ys = ctx.array("int32_t", "y_index", to_strings(ys_));
    const std::string xs = ctx.array("int32_t", "x_index", to_strings(xs_));
    const std::string params =
        ctx.constant("mf_resize_nearest_params", "params",
                     fmt::format("{{{}, {}, {}, {}}}", dims_initializer(p_.dims), p_.element_bytes, ys, xs));
    ctx.call(kernel_name(), {address_of(params), ctx.input(0), ctx.output(0)});
  }

 private:
  static std::vector<std::string> to_strings(const std::vector<int32_t>& v) {
    std::vector<std::string> s;
    for (int32_t x : v) s.push_back(std::to_string(x));
    return s;
  }
  std::vector<int32_t> ys_, xs_;  // p_'s tables point here
  mf_resize_nearest_params p_{};
};

class ResizeBilinearQ : public PreparedOp {
 public:
  ResizeBilinearQ(const mf_resize_dims& d, ir::DType dtype, std::vector<mf_resize_tap> ys,
                  std::vector<mf_resize_tap> xs)
      : dtype_(dtype), ys_(std::move(ys)), xs_(std::move(xs)) {
    p_.dims = d;
    p_.y_taps = ys_.data();
    p_.x_taps = xs_.data();
  }
  void run(const OpBuffers& b) const override {
    if (dtype_ == ir::DType::kInt8) {
      check_status(mf_resize_bilinear_s8(&p_, static_cast<const int8_t*>(b.inputs[0]),
                                         static_cast<int8_t*>(b.outputs[0])),
                   "mf_resize_bilinear_s8");
    } else {
      check_status(mf_resize_bilinear_s16(&p_, static_cast<const int16_t*>(b.inputs[0]),
                                          static_cast<int16_t*>(b.outputs[0])),
                   "mf_resize_bilinear_s16");
    }
  }
  std::string kernel_name() const override {
    if (dtype_ == ir::DType::kInt16) return "mf_resize_bilinear_s16";
    return dsp_ ? "mf_resize_bilinear_s8__cm_dsp" : "mf_resize_bilinear_s8";
  }
  // The DSP variant blends four int8 channels per step (kernels/arch/cm_dsp/).
  void select_variant(const TargetFeatures& t) override { dsp_ = t.dsp && dtype_ == ir::DType::kInt8; }
  void emit(CallWriter& ctx) const override {
    const std::string ys = ctx.array("mf_resize_tap", "y_taps", taps(ys_));
    const std::string xs = ctx.array("mf_resize_tap", "x_taps", taps(xs_));
    const std::string params = ctx.constant("mf_resize_bilinear_q_params", "params",
                                            fmt::format("{{{}, {}, {}}}", dims_initializer(p_.dims), ys, xs));
    ctx.call(kernel_name(), {address_of(params), ctx.input(0), ctx.output(0)});
  }

 private:
  static std::vector<std::string> taps(const std::vector<mf_resize_tap>& v) {
    std::vector<std::string> s;
    for (const mf_resize_tap& t : v) s.push_back(fmt::format("{{{}, {}, {}}}", t.lo, t.hi, t.frac));
    return s;
  }
  ir::DType dtype_;
  std::vector<mf_resize_tap> ys_, xs_;  // p_'s tables point here
  mf_resize_bilinear_q_params p_{};
  bool dsp_ = false;  // generated code calls mf_resize_bilinear_s8__cm_dsp (select_variant)
};

class ResizeBilinearF32 : public PreparedOp {
 public:
  ResizeBilinearF32(const mf_resize_dims& d, std::vector<mf_resize_tap_f32> ys, std::vector<mf_resize_tap_f32> xs)
      : ys_(std::move(ys)), xs_(std::move(xs)) {
    p_.dims = d;
    p_.y_taps = ys_.data();
    p_.x_taps = xs_.data();
  }
  void run(const OpBuffers& b) const override {
    check_status(mf_resize_bilinear_f32(&p_, static_cast<const float*>(b.inputs[0]), static_cast<float*>(b.outputs[0])),
                 "mf_resize_bilinear_f32");
  }
  std::string kernel_name() const override { return "mf_resize_bilinear_f32"; }
  void emit(CallWriter& ctx) const override {
    const std::string ys = ctx.array("mf_resize_tap_f32", "y_taps", taps(ys_));
    const std::string xs = ctx.array("mf_resize_tap_f32", "x_taps", taps(xs_));
    const std::string params = ctx.constant("mf_resize_bilinear_f32_params", "params",
                                            fmt::format("{{{}, {}, {}}}", dims_initializer(p_.dims), ys, xs));
    ctx.call(kernel_name(), {address_of(params), ctx.input(0), ctx.output(0)});
  }

 private:
  static std::vector<std::string> taps(const std::vector<mf_resize_tap_f32>& v) {
    std::vector<std::string> s;
    for (const mf_resize_tap_f32& t : v) {
      s.push_back(fmt::format("{{{}, {}, {}, {}}}", t.lo, t.hi, c99::float_literal(t.frac),
                              c99::float_literal(t.one_minus_frac)));
    }
    return s;
  }
  std::vector<mf_resize_tap_f32> ys_, xs_;  // p_'s tables point here
  mf_resize_bilinear_f32_params p_{};
};

// ---------------------------------------------------------------------------------------------------
// the shared prepare

std::unique_ptr<PreparedOp> prepare_resize(const ir::Graph& g, const ir::Op& op) {
  const Resize& r = resize_of(op.type);
  require_operands(op, 2, 1);
  const auto* o = std::get_if<ir::ResizeOptions>(&op.options);
  if (!o) op_error(op, "has no resize options");
  if (r.refuses_both_flags && o->align_corners && o->half_pixel_centers) {
    op_error(op, "align_corners and half_pixel_centers are both set, which TFLM refuses",
             "set at most one of them when converting the model (TensorFlow's resize does not combine them)");
  }
  const ir::Tensor& in = g.tensor(op.inputs[0]);
  const ir::Tensor& size = g.tensor(op.inputs[1]);
  const ir::Tensor& out = g.op_output(op, 0);
  if (in.dtype != ir::DType::kFloat32 && in.dtype != ir::DType::kInt8 && in.dtype != ir::DType::kInt16) {
    op_error(op, "input type " + std::string(ir::dtype_name(in.dtype)) + " is not supported (" + r.dtypes + " are)");
  }
  if (out.dtype != in.dtype) {
    op_error(op, "output type " + std::string(ir::dtype_name(out.dtype)) + " differs from the input's " +
                     std::string(ir::dtype_name(in.dtype)));
  }
  if (in.rank() != 4) {
    op_error(op, "the input must be 4-D NHWC but has shape " + ir::shape_to_string(in.shape));
  }
  if (size.dtype != ir::DType::kInt32 || size.rank() != 1 || size.num_elements() != 2) {
    op_error(op, "the size operand must be an int32 tensor of two values [height, width] but is " +
                     std::string(ir::dtype_name(size.dtype)) + " " + ir::shape_to_string(size.shape));
  }
  if (!size.is_constant()) {
    op_error(op, "the output size is computed at run time; only a constant size tensor is supported (as in TFLM)",
             "give the resize a constant size (a fixed output shape) when exporting the model");
  }
  const std::vector<int32_t> hw = constant_indices(g, op, 1, "size");
  if (hw[0] <= 0 || hw[1] <= 0) {
    op_error(op, fmt::format("the output size [{}, {}] must be positive", hw[0], hw[1]));
  }
  const std::vector<int32_t> expected = {in.dim(0), hw[0], hw[1], in.dim(3)};
  if (out.shape != expected) {
    op_error(op, "output shape " + ir::shape_to_string(out.shape) + " should be " + ir::shape_to_string(expected) +
                     " (the input's batch and channels, the size tensor's height and width)");
  }
  if (in.num_elements() <= 0 || in.num_elements() > INT32_MAX || out.num_elements() > INT32_MAX) {
    op_error(op, "tensors must have between 1 and 2^31 - 1 elements");
  }
  if (in.dtype != ir::DType::kFloat32) {
    check_per_tensor_quant(op, in, "input");
    check_per_tensor_quant(op, out, "output");
    if (!ew_same_quant(in, out)) {
      op_error(op, "input and output quantization differ; the kernel interpolates quantized values as they are",
               "quantize the resize output with the input's scale and zero point (TFLite's converter does)");
    }
  }
  const mf_resize_dims d{in.dim(0), in.dim(1), in.dim(2), in.dim(3), hw[0], hw[1]};
  if (!r.bilinear) {
    return std::make_unique<ResizeNearest>(d, static_cast<int32_t>(ir::dtype_size(in.dtype)),
                                           nearest_table(d.in_h, d.out_h, *o), nearest_table(d.in_w, d.out_w, *o));
  }
  if (in.dtype == ir::DType::kFloat32) {
    auto ys = float_taps(d.in_h, d.out_h, *o);
    auto xs = float_taps(d.in_w, d.out_w, *o);
    check_taps(op, ys, d.in_h, "height");
    check_taps(op, xs, d.in_w, "width");
    return std::make_unique<ResizeBilinearF32>(d, std::move(ys), std::move(xs));
  }
  if (int64_t{1024} * std::max(d.in_h, d.in_w) * 2 > INT32_MAX ||
      int64_t{1024} * std::max(d.in_h, d.in_w) + std::max(d.out_h, d.out_w) > INT32_MAX / 2) {
    op_error(op, "the input is too large for TFLM's fixed-point bilinear interpolation (1/1024 steps in int32)");
  }
  auto ys = integer_taps(d.in_h, d.out_h, *o);
  auto xs = integer_taps(d.in_w, d.out_w, *o);
  check_taps(op, ys, d.in_h, "height");
  check_taps(op, xs, d.in_w, "width");
  return std::make_unique<ResizeBilinearQ>(d, in.dtype, std::move(ys), std::move(xs));
}

}  // namespace

std::unique_ptr<PreparedOp> prepare_resize_nearest_neighbor(const ir::Graph& g, const ir::Op& op) {
  return prepare_resize(g, op);
}

std::unique_ptr<PreparedOp> prepare_resize_bilinear(const ir::Graph& g, const ir::Op& op) {
  return prepare_resize(g, op);
}

}  // namespace mcuforge::ops
