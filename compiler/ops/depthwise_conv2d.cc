// SPDX-License-Identifier: Apache-2.0
// DEPTHWISE_CONV_2D: float32, int8 (per-channel or per-tensor weights, weight zero point ignored as in
// TFLM) and int16x8 (int64 bias and accumulator, the only form TFLM implements).
#include <fmt/format.h>

#include <variant>

#include "ops/call_writer.h"

#include "mcuforge/mf_depthwise_conv2d.h"
#include "ops/conv_util.h"
#include "ops/op.h"
#include "ops/quant_util.h"
#include "ops/window_overlap.h"

namespace mcuforge::ops {
namespace {

class DepthwiseConv2D : public PreparedOp {
 public:
  DepthwiseConv2D(ConvKind kind, mf_depthwise_conv2d_params params, std::vector<mf_requant> requant,
                  mf_dims4 in, mf_dims4 filter, mf_dims4 out)
      : kind_(kind), params_(params), requant_(std::move(requant)), in_(in), filter_(filter), out_(out) {
    params_.requant = requant_.empty() ? nullptr : requant_.data();
  }

  void run(const OpBuffers& b) const override {
    const void* bias = b.inputs.size() > 2 ? b.inputs[2] : nullptr;
    switch (kind_) {
      case ConvKind::kF32:
        check_status(mf_depthwise_conv2d_f32(&params_, &in_, static_cast<const float*>(b.inputs[0]), &filter_,
                                             static_cast<const float*>(b.inputs[1]),
                                             static_cast<const float*>(bias), &out_,
                                             static_cast<float*>(b.outputs[0])),
                     "mf_depthwise_conv2d_f32");
        break;
      case ConvKind::kS8:
        check_status(mf_depthwise_conv2d_s8(&params_, &in_, static_cast<const int8_t*>(b.inputs[0]), &filter_,
                                            static_cast<const int8_t*>(b.inputs[1]),
                                            static_cast<const int32_t*>(bias), &out_,
                                            static_cast<int8_t*>(b.outputs[0])),
                     "mf_depthwise_conv2d_s8");
        break;
      case ConvKind::kS16:
        check_status(mf_depthwise_conv2d_s16(&params_, &in_, static_cast<const int16_t*>(b.inputs[0]),
                                             &filter_, static_cast<const int8_t*>(b.inputs[1]),
                                             static_cast<const int64_t*>(bias), &out_,
                                             static_cast<int16_t*>(b.outputs[0])),
                     "mf_depthwise_conv2d_s16");
        break;
    }
  }


  void emit(CallWriter& ctx) const override {
    const std::string rq = requant_.empty() ? "NULL" : ctx.requant_array("requant", requant_);
    const mf_depthwise_conv2d_params& p = params_;
    const std::string params = ctx.constant(
        "mf_depthwise_conv2d_params", "params",
        fmt::format("{{{}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {}}}", p.stride_h, p.stride_w, p.dilation_h,
                    p.dilation_w, p.pad_h, p.pad_w, p.depth_multiplier, p.input_offset, p.output_offset, rq,
                    CallWriter::act_range(p.act), CallWriter::act_range_f32(p.act_f32)));
    ctx.call(kernel_name(), {address_of(params), address_of(ctx.dims4("in_dims", in_)), ctx.input(0),
                             address_of(ctx.dims4("filter_dims", filter_)), ctx.input(1), ctx.input(2),
                             address_of(ctx.dims4("out_dims", out_)), ctx.output(0)});
  }

  // The DSP variant is faster only with depth multiplier 1 (it runs the reference otherwise).
  void select_variant(const TargetFeatures& t) override {
    dsp_ = t.dsp && kind_ == ConvKind::kS8 && params_.depth_multiplier == 1;
  }

  // Sliding window written in memory order: the output may start a little below its dying input.
  // The DSP variant keeps that order.
  Overlap output_overlap() const override {
    WindowAccess a = make_window_access(in_, out_, filter_.h, filter_.w, params_.stride_h, params_.stride_w,
                                                    params_.dilation_h, params_.dilation_w, params_.pad_h,
                                                    params_.pad_w, conv_elem_bytes(kind_));
    a.depthwise = true;
    a.depth_multiplier = params_.depth_multiplier;
    return {0, window_overlap_distance(a)};
  }

  std::string kernel_name() const override {
    switch (kind_) {
      case ConvKind::kF32: return "mf_depthwise_conv2d_f32";
      case ConvKind::kS8: return dsp_ ? "mf_depthwise_conv2d_s8__cm_dsp" : "mf_depthwise_conv2d_s8";
      default: return "mf_depthwise_conv2d_s16";
    }
  }

 private:
  ConvKind kind_;
  mf_depthwise_conv2d_params params_;
  std::vector<mf_requant> requant_;  // params_.requant points here
  mf_dims4 in_, filter_, out_;
  bool dsp_ = false;  // generated code calls mf_depthwise_conv2d_s8__cm_dsp (select_variant)
};

}  // namespace

std::unique_ptr<PreparedOp> prepare_depthwise_conv2d(const ir::Graph& g, const ir::Op& op) {
  if (op.inputs.size() < 2 || op.inputs.size() > 3 || op.outputs.size() != 1) {
    op_error(op, "expects 2 or 3 inputs (input, filter, optional bias) and 1 output");
  }
  const auto* opts = std::get_if<ir::DepthwiseConv2DOptions>(&op.options);
  if (!opts) op_error(op, "has no DepthwiseConv2DOptions");
  const ir::Tensor& input = required_input(g, op, 0, "input");
  const ir::Tensor& filter = required_input(g, op, 1, "filter");
  const ir::Tensor* bias = optional_input(g, op, 2);
  const ir::Tensor& output = g.op_output(op, 0);

  const ConvKind kind = conv_kind(op, input, filter, output);
  const mf_dims4 in = dims4_of(op, input, "input");
  const mf_dims4 f = dims4_of(op, filter, "filter");
  const mf_dims4 out = dims4_of(op, output, "output");
  if (in.n != out.n) op_error(op, "input and output batch sizes differ");
  if (f.n != 1 || f.c != out.c) {
    op_error(op, "the filter shape " + ir::shape_to_string(filter.shape) + " does not match [1, KH, KW, " +
                     std::to_string(out.c) + "]");
  }
  if (out.c % in.c != 0 || opts->depth_multiplier != out.c / in.c) {
    op_error(op, "output channels (" + std::to_string(out.c) + ") are not input channels (" +
                     std::to_string(in.c) + ") times depth_multiplier (" +
                     std::to_string(opts->depth_multiplier) + ")");
  }
  check_bias(op, bias, kind, out.c);
  if (kind == ConvKind::kS16 && bias && bias->dtype != ir::DType::kInt64) {
    op_error(op, "int16x8 DEPTHWISE_CONV_2D needs an int64 bias (TFLM reads the bias as int64), not " +
                     std::string(ir::dtype_name(bias->dtype)),
             "convert the model with the TFLite int16x8 quantizer, which emits int64 biases");
  }

  mf_depthwise_conv2d_params p{};
  p.stride_h = opts->stride_h;
  p.stride_w = opts->stride_w;
  p.dilation_h = opts->dilation_h;
  p.dilation_w = opts->dilation_w;
  p.depth_multiplier = opts->depth_multiplier;
  p.pad_h = window_padding(op, opts->pads.top, opts->pads.bottom, "height", in.h, f.h, p.stride_h, p.dilation_h, out.h);
  p.pad_w = window_padding(op, opts->pads.left, opts->pads.right, "width", in.w, f.w, p.stride_w, p.dilation_w, out.w);
  p.act_f32 = activation_range_f32(opts->activation);

  std::vector<mf_requant> requant;
  if (kind != ConvKind::kF32) {
    check_activation_quant(op, input, "input");
    check_activation_quant(op, output, "output");
    check_filter_quant(op, filter, out.c, 3);
    if (kind == ConvKind::kS16) check_accum_depth(op, int64_t{f.h} * f.w);
    requant = checked_requant(op, per_channel_requant(input, filter, output, out.c),
                              kind == ConvKind::kS16 ? 14 : 30);
    p.act = activation_range_quantized(opts->activation, output);
    if (kind == ConvKind::kS8) {
      p.input_offset = -zero_point_of(input);
      p.output_offset = zero_point_of(output);
    }
  }
  return std::make_unique<DepthwiseConv2D>(kind, p, std::move(requant), in, f, out);
}

}  // namespace mcuforge::ops
