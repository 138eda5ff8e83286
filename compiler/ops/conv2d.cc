// SPDX-License-Identifier: Apache-2.0
// CONV_2D: float32, int8 (per-channel or per-tensor weights; the weight zero point is ignored as in
// TFLM) and int16x8 (int16 activations, int8 weights; the bias type, or without a bias the
// quantized_bias_type option, picks a 32- or 64-bit accumulator as in TFLM). Grouped convolution
// when the input has a multiple of the filter's channels.
#include <fmt/format.h>

#include <variant>

#include "ops/call_writer.h"

#include "mcuforge/mf_conv2d.h"
#include "ops/conv_util.h"
#include "ops/op.h"
#include "ops/quant_util.h"
#include "ops/window_overlap.h"

namespace mcuforge::ops {
namespace {

class Conv2D : public PreparedOp {
 public:
  Conv2D(ConvKind kind, mf_conv2d_params params, std::vector<mf_requant> requant, mf_dims4 in,
         mf_dims4 filter, mf_dims4 out, mf_acc_width acc)
      : kind_(kind), params_(params), requant_(std::move(requant)), in_(in), filter_(filter), out_(out),
        acc_(acc) {
    params_.requant = requant_.empty() ? nullptr : requant_.data();
  }

  void run(const OpBuffers& b) const override {
    const void* bias = b.inputs.size() > 2 ? b.inputs[2] : nullptr;
    switch (kind_) {
      case ConvKind::kF32:
        check_status(mf_conv2d_f32(&params_, &in_, static_cast<const float*>(b.inputs[0]), &filter_,
                                   static_cast<const float*>(b.inputs[1]), static_cast<const float*>(bias),
                                   &out_, static_cast<float*>(b.outputs[0])),
                     "mf_conv2d_f32");
        break;
      case ConvKind::kS8:
        check_status(mf_conv2d_s8(&params_, &in_, static_cast<const int8_t*>(b.inputs[0]), &filter_,
                                  static_cast<const int8_t*>(b.inputs[1]), static_cast<const int32_t*>(bias),
                                  &out_, static_cast<int8_t*>(b.outputs[0])),
                     "mf_conv2d_s8");
        break;
      case ConvKind::kS16:
        check_status(mf_conv2d_s16(&params_, &in_, static_cast<const int16_t*>(b.inputs[0]), &filter_,
                                   static_cast<const int8_t*>(b.inputs[1]),
                                   acc_,
                                   acc_ == MF_ACC64 ? nullptr : static_cast<const int32_t*>(bias),
                                   acc_ == MF_ACC64 ? static_cast<const int64_t*>(bias) : nullptr, &out_,
                                   static_cast<int16_t*>(b.outputs[0])),
                     "mf_conv2d_s16");
        break;
    }
  }


  void emit(CallWriter& ctx) const override {
    const std::string rq = requant_.empty() ? "NULL" : ctx.requant_array("requant", requant_);
    const mf_conv2d_params& p = params_;
    const std::string params = ctx.constant(
        "mf_conv2d_params", "params",
        fmt::format("{{{}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {}}}", p.stride_h, p.stride_w, p.dilation_h,
                    p.dilation_w, p.pad_h, p.pad_w, p.input_offset, p.output_offset, rq,
                    CallWriter::act_range(p.act), CallWriter::act_range_f32(p.act_f32)));
    std::vector<std::string> args = {address_of(params), address_of(ctx.dims4("in_dims", in_)), ctx.input(0),
                                     address_of(ctx.dims4("filter_dims", filter_)), ctx.input(1)};
    if (kind_ == ConvKind::kS16) {
      args.push_back(acc_ == MF_ACC64 ? "MF_ACC64" : "MF_ACC32");
      args.push_back(acc_ == MF_ACC64 ? "NULL" : ctx.input(2));
      args.push_back(acc_ == MF_ACC64 ? ctx.input(2) : "NULL");
    } else {
      args.push_back(ctx.input(2));
    }
    args.push_back(address_of(ctx.dims4("out_dims", out_)));
    args.push_back(ctx.output(0));
    if (dsp_) args.push_back(ctx.scratch());
    ctx.call(kernel_name(), args);
  }

  // The DSP variant handles every ungrouped int8 convolution (im2col of two pixels + SMLAD).
  void select_variant(const TargetFeatures& t) override {
    dsp_ = t.dsp && kind_ == ConvKind::kS8 && filter_.c == in_.c;
  }

  size_t scratch_bytes() const override {
    if (!dsp_) return 0;
    return static_cast<size_t>(low_memory_ ? mf_conv2d_s8__cm_dsp_rows_scratch_size(&filter_)
                                           : mf_conv2d_s8__cm_dsp_scratch_size(&filter_));
  }

  // Row by row (mf_conv2d_s8__cm_dsp_rows): worth it for windows of several rows.
  bool has_low_memory_variant() const override {
    return dsp_ && filter_.h > 1 &&
           mf_conv2d_s8__cm_dsp_rows_scratch_size(&filter_) < mf_conv2d_s8__cm_dsp_scratch_size(&filter_);
  }
  void use_low_memory_variant(bool on) override { low_memory_ = on && has_low_memory_variant(); }

  // Sliding window written in memory order: the output may start a little below its dying input.
  // The DSP variant keeps that order (it reads both pixels of a pair before writing either).
  Overlap output_overlap() const override {
    WindowAccess a = make_window_access(in_, out_, filter_.h, filter_.w, params_.stride_h, params_.stride_w,
                                                    params_.dilation_h, params_.dilation_w, params_.pad_h,
                                                    params_.pad_w, conv_elem_bytes(kind_));
    a.group_in_channels = filter_.c;
    a.group_out_channels = out_.c / (in_.c / filter_.c);
    return {0, window_overlap_distance(a)};
  }

  std::string kernel_name() const override {
    switch (kind_) {
      case ConvKind::kF32: return "mf_conv2d_f32";
      case ConvKind::kS8:
        return !dsp_ ? "mf_conv2d_s8" : low_memory_ ? "mf_conv2d_s8__cm_dsp_rows" : "mf_conv2d_s8__cm_dsp";
      default: return "mf_conv2d_s16";
    }
  }

 private:
  ConvKind kind_;
  mf_conv2d_params params_;
  std::vector<mf_requant> requant_;  // params_.requant points here
  mf_dims4 in_, filter_, out_;
  mf_acc_width acc_;  // int16x8 only: TFLM's accumulator choice (int16x8_accumulator)
  bool dsp_ = false;         // generated code calls mf_conv2d_s8__cm_dsp (select_variant)
  bool low_memory_ = false;  // ... its row-by-row form (use_low_memory_variant)
};

}  // namespace

std::unique_ptr<PreparedOp> prepare_conv2d(const ir::Graph& g, const ir::Op& op) {
  if (op.inputs.size() < 2 || op.inputs.size() > 3 || op.outputs.size() != 1) {
    op_error(op, "expects 2 or 3 inputs (input, filter, optional bias) and 1 output");
  }
  const auto* opts = std::get_if<ir::Conv2DOptions>(&op.options);
  if (!opts) op_error(op, "has no Conv2DOptions");
  const ir::Tensor& input = required_input(g, op, 0, "input");
  const ir::Tensor& filter = required_input(g, op, 1, "filter");
  const ir::Tensor* bias = optional_input(g, op, 2);
  const ir::Tensor& output = g.op_output(op, 0);

  const ConvKind kind = conv_kind(op, input, filter, output);
  const mf_dims4 in = dims4_of(op, input, "input");
  const mf_dims4 f = dims4_of(op, filter, "filter");
  const mf_dims4 out = dims4_of(op, output, "output");
  if (in.n != out.n) op_error(op, "input and output batch sizes differ");
  if (f.n != out.c) {
    op_error(op, "the filter has " + std::to_string(f.n) + " output channels but the output has " +
                     std::to_string(out.c));
  }
  if (in.c % f.c != 0 || out.c % (in.c / f.c) != 0) {
    op_error(op, "input channels (" + std::to_string(in.c) + ") are not a multiple of the filter's (" +
                     std::to_string(f.c) + ") with the output channels (" + std::to_string(out.c) +
                     ") divisible by the group count");
  }
  check_bias(op, bias, kind, out.c);

  mf_conv2d_params p{};
  p.stride_h = opts->stride_h;
  p.stride_w = opts->stride_w;
  p.dilation_h = opts->dilation_h;
  p.dilation_w = opts->dilation_w;
  p.pad_h = window_padding(op, opts->pads.top, opts->pads.bottom, "height", in.h, f.h, p.stride_h, p.dilation_h, out.h);
  p.pad_w = window_padding(op, opts->pads.left, opts->pads.right, "width", in.w, f.w, p.stride_w, p.dilation_w, out.w);
  p.act_f32 = activation_range_f32(opts->activation);

  std::vector<mf_requant> requant;
  mf_acc_width acc = MF_ACC32;
  if (kind != ConvKind::kF32) {
    check_activation_quant(op, input, "input");
    check_activation_quant(op, output, "output");
    check_filter_quant(op, filter, out.c, 0);
    if (kind == ConvKind::kS16) acc = int16x8_accumulator(bias, opts->quantized_bias_type);
    if (acc == MF_ACC64) check_accum_depth(op, int64_t{f.h} * f.w * f.c);
    requant = checked_requant(op, per_channel_requant(input, filter, output, out.c),
                              acc == MF_ACC64 ? 14 : 30);
    p.act = activation_range_quantized(opts->activation, output);
    if (kind == ConvKind::kS8) {
      p.input_offset = -zero_point_of(input);
      p.output_offset = zero_point_of(output);
    }
  }
  return std::make_unique<Conv2D>(kind, p, std::move(requant), in, f, out, acc);
}

}  // namespace mcuforge::ops
