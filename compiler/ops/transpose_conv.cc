// SPDX-License-Identifier: Apache-2.0
// TRANSPOSE_CONV (tconv family): float32, int8 (per-channel or per-tensor weights, optional int32
// bias) and int16x8 (optional int64 bias; TFLM's transpose_conv always accumulates int16x8 in int64,
// unlike CONV_2D's int16x8_accumulator rule). Operands: output_shape (a constant the output must
// equal), filter OHWI, input, optional bias. The pads are those of the forward convolution from the
// output to the input (ir/padding.h); the output shape must be one that convolution maps back onto
// the input. The kernels gather (mf_transpose_conv.h), so unlike TFLM no accumulator scratch is used.
#include <fmt/format.h>

#include <variant>

#include "ir/padding.h"
#include "mcuforge/mf_transpose_conv.h"
#include "ops/call_writer.h"
#include "ops/conv_util.h"
#include "ops/op.h"
#include "ops/quant_util.h"

namespace mcuforge::ops {
namespace {

class TransposeConv : public PreparedOp {
 public:
  TransposeConv(ConvKind kind, mf_transpose_conv_params params, std::vector<mf_requant> requant, mf_dims4 in,
                mf_dims4 filter, mf_dims4 out)
      : kind_(kind), params_(params), requant_(std::move(requant)), in_(in), filter_(filter), out_(out) {
    params_.requant = requant_.empty() ? nullptr : requant_.data();
  }

  // Operands are (output_shape, filter, input, bias): the kernel reads inputs 2, 1 and 3.
  void run(const OpBuffers& b) const override {
    const void* bias = b.inputs.size() > 3 ? b.inputs[3] : nullptr;
    switch (kind_) {
      case ConvKind::kF32:
        check_status(mf_transpose_conv_f32(&params_, &in_, static_cast<const float*>(b.inputs[2]), &filter_,
                                           static_cast<const float*>(b.inputs[1]),
                                           static_cast<const float*>(bias), &out_,
                                           static_cast<float*>(b.outputs[0])),
                     "mf_transpose_conv_f32");
        break;
      case ConvKind::kS8:
        check_status(mf_transpose_conv_s8(&params_, &in_, static_cast<const int8_t*>(b.inputs[2]), &filter_,
                                          static_cast<const int8_t*>(b.inputs[1]),
                                          static_cast<const int32_t*>(bias), &out_,
                                          static_cast<int8_t*>(b.outputs[0])),
                     "mf_transpose_conv_s8");
        break;
      case ConvKind::kS16:
        check_status(mf_transpose_conv_s16(&params_, &in_, static_cast<const int16_t*>(b.inputs[2]), &filter_,
                                           static_cast<const int8_t*>(b.inputs[1]),
                                           static_cast<const int64_t*>(bias), &out_,
                                           static_cast<int16_t*>(b.outputs[0])),
                     "mf_transpose_conv_s16");
        break;
    }
  }

  void emit(CallWriter& ctx) const override {
    const std::string rq = requant_.empty() ? "NULL" : ctx.requant_array("requant", requant_);
    const mf_transpose_conv_params& p = params_;
    const std::string params = ctx.constant(
        "mf_transpose_conv_params", "params",
        fmt::format("{{{}, {}, {}, {}, {}, {}, {}, {}, {}}}", p.stride_h, p.stride_w, p.pad_h, p.pad_w,
                    p.input_offset, p.output_offset, rq, CallWriter::act_range(p.act),
                    CallWriter::act_range_f32(p.act_f32)));
    std::vector<std::string> args = {address_of(params), address_of(ctx.dims4("in_dims", in_)), ctx.input(2),
                                     address_of(ctx.dims4("filter_dims", filter_)), ctx.input(1),
                                     ctx.op().inputs.size() > 3 ? ctx.input(3) : "NULL",
                                     address_of(ctx.dims4("out_dims", out_)), ctx.output(0)};
    ctx.call(kernel_name(), args);
  }

  // The output is written while inputs are still read anywhere: no in-place (default).

  // The DSP variant handles every int8 case (two output channels per pass, SMLAD over input channels).
  void select_variant(const TargetFeatures& t) override { dsp_ = t.dsp && kind_ == ConvKind::kS8; }

  std::string kernel_name() const override {
    switch (kind_) {
      case ConvKind::kF32: return "mf_transpose_conv_f32";
      case ConvKind::kS8: return dsp_ ? "mf_transpose_conv_s8__cm_dsp" : "mf_transpose_conv_s8";
      default: return "mf_transpose_conv_s16";
    }
  }

 private:
  ConvKind kind_;
  mf_transpose_conv_params params_;
  std::vector<mf_requant> requant_;  // params_.requant points here
  mf_dims4 in_, filter_, out_;
  bool dsp_ = false;  // generated code calls mf_transpose_conv_s8__cm_dsp (select_variant)
};

// Input 0 must be a constant holding exactly the output's shape (TFLM ignores it and uses the output
// tensor; a model where they differ is broken).
void check_output_shape_operand(const ir::Graph& g, const ir::Op& op, const ir::Tensor& output) {
  const ir::Tensor& shape = required_input(g, op, 0, "output_shape");
  if (!shape.is_constant()) {
    op_error(op, "its output_shape operand is not a constant: the output shape would only be known at run time",
             "mcuforge plans memory ahead of time; give TRANSPOSE_CONV a constant output_shape (re-export the "
             "model with a fixed input size)");
  }
  if ((shape.dtype != ir::DType::kInt32 && shape.dtype != ir::DType::kInt64) || shape.num_elements() != 4) {
    op_error(op, "its output_shape operand must hold 4 int32 values (N, H, W, C), it is " +
                     std::string(ir::dtype_name(shape.dtype)) + " " + ir::shape_to_string(shape.shape));
  }
  std::vector<int32_t> dims;
  for (int64_t i = 0; i < 4; ++i) {
    const int64_t v = shape.dtype == ir::DType::kInt32 ? shape.data_as<int32_t>()[i] : shape.data_as<int64_t>()[i];
    dims.push_back(static_cast<int32_t>(v));
    if (v != output.dim(static_cast<int32_t>(i))) {
      op_error(op, "its output_shape operand says " + std::to_string(v) + " for dimension " + std::to_string(i) +
                       " but the output tensor is " + ir::shape_to_string(output.shape),
               "the model is inconsistent; re-convert it");
    }
  }
}

// The leading pad along one axis, after checking that the forward convolution of the output (size
// `out`) with this filter, stride and pads has exactly the input's size `in`.
int32_t transpose_padding(const ir::Op& op, const char* axis, int32_t pad_before, int32_t pad_after, int32_t in,
                          int32_t filter, int32_t stride, int32_t out) {
  constexpr int32_t kMax = int32_t{1} << 24;
  if (stride < 1 || stride > kMax) {
    op_error(op, std::string("stride_") + axis + " is " + std::to_string(stride) + "; it must be >= 1");
  }
  if (filter > kMax) op_error(op, std::string("the filter ") + axis + " size is too large");
  if (pad_before < 0 || pad_after < 0 || pad_before > kMax || pad_after > kMax) {
    op_error(op, std::string("the ") + axis + " padding (" + std::to_string(pad_before) + ", " +
                     std::to_string(pad_after) + ") must be between 0 and 2^24");
  }
  const int64_t back = ir::window_output_size(out, pad_before, pad_after, filter, stride, 1);
  if (back != in) {
    op_error(op, fmt::format("output {0} {1} does not fit input {0} {2}: a convolution of the output with filter "
                             "{0} {3}, stride {4} and padding ({5}, {6}) gives {7}, not {2}",
                             axis, out, in, filter, stride, pad_before, pad_after, back),
             "fix output_shape (and the output tensor) to a size the transpose convolution can produce from "
             "this input, stride and padding");
  }
  return pad_before;
}

}  // namespace

std::unique_ptr<PreparedOp> prepare_transpose_conv(const ir::Graph& g, const ir::Op& op) {
  if (op.inputs.size() < 3 || op.inputs.size() > 4 || op.outputs.size() != 1) {
    op_error(op, "expects 3 or 4 inputs (output_shape, filter, input, optional bias) and 1 output");
  }
  const auto* opts = std::get_if<ir::TransposeConvOptions>(&op.options);
  if (!opts) op_error(op, "has no TransposeConvOptions");
  const ir::Tensor& filter = required_input(g, op, 1, "filter");
  const ir::Tensor& input = required_input(g, op, 2, "input");
  const ir::Tensor* bias = optional_input(g, op, 3);
  const ir::Tensor& output = g.op_output(op, 0);

  const ConvKind kind = conv_kind(op, input, filter, output);
  const mf_dims4 in = dims4_of(op, input, "input");
  const mf_dims4 f = dims4_of(op, filter, "filter");
  const mf_dims4 out = dims4_of(op, output, "output");
  check_output_shape_operand(g, op, output);
  if (in.n != out.n) op_error(op, "input and output batch sizes differ");
  if (f.n != out.c) {
    op_error(op, "the filter has " + std::to_string(f.n) + " output channels but the output has " +
                     std::to_string(out.c));
  }
  if (f.c != in.c) {
    op_error(op, "the filter has " + std::to_string(f.c) + " input channels but the input has " +
                     std::to_string(in.c));
  }
  check_bias(op, bias, kind, out.c);
  if (kind == ConvKind::kS16 && bias && bias->dtype != ir::DType::kInt64) {
    op_error(op, "an int16x8 TRANSPOSE_CONV bias of type " + std::string(ir::dtype_name(bias->dtype)) +
                     " is not supported (TFLM reads it as int64)",
             "quantize the bias as int64, as the TFLite converter does for 16x8 models");
  }

  mf_transpose_conv_params p{};
  p.stride_h = opts->stride_h;
  p.stride_w = opts->stride_w;
  p.pad_h = transpose_padding(op, "height", opts->pads.top, opts->pads.bottom, in.h, f.h, p.stride_h, out.h);
  p.pad_w = transpose_padding(op, "width", opts->pads.left, opts->pads.right, in.w, f.w, p.stride_w, out.w);
  p.act_f32 = activation_range_f32(opts->activation);

  std::vector<mf_requant> requant;
  if (kind != ConvKind::kF32) {
    check_activation_quant(op, input, "input");
    check_activation_quant(op, output, "output");
    check_filter_quant(op, filter, out.c, 0);
    if (kind == ConvKind::kS16) check_accum_depth(op, int64_t{f.h} * f.w * f.c);
    requant = checked_requant(op, per_channel_requant(input, filter, output, out.c), kind == ConvKind::kS16 ? 14 : 30);
    p.act = activation_range_quantized(opts->activation, output);
    if (kind == ConvKind::kS8) {
      p.input_offset = -zero_point_of(input);
      p.output_offset = zero_point_of(output);
    }
  }
  return std::make_unique<TransposeConv>(kind, p, std::move(requant), in, f, out);
}

}  // namespace mcuforge::ops
