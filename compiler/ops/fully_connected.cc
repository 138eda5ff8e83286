// SPDX-License-Identifier: Apache-2.0
// FULLY_CONNECTED: float32, int8 (per-tensor weights with their zero point, or per-channel weights)
// and int16x8 (int16 activations, int8 weights; an int32 bias, or no bias with quantized_bias_type
// int32, takes the 32-bit accumulator, everything else the 64-bit one, as in TFLM). The
// input is read as [batches, accum_depth]; keep_num_dims only changes the output shape, which the
// model already states. Shuffled weights and hybrid (float input, int8 weights) are rejected.
#include <fmt/format.h>

#include <variant>

#include "ops/call_writer.h"

#include "mcuforge/mf_fully_connected.h"
#include "ops/conv_util.h"
#include "ops/op.h"
#include "ops/quant_util.h"

namespace mcuforge::ops {
namespace {

class FullyConnected : public PreparedOp {
 public:
  FullyConnected(ConvKind kind, mf_fully_connected_params params, std::vector<mf_requant> requant,
                 mf_fc_dims dims, mf_acc_width acc)
      : kind_(kind), params_(params), requant_(std::move(requant)), dims_(dims), acc_(acc) {
    params_.requant = requant_.empty() ? nullptr : requant_.data();
  }

  void run(const OpBuffers& b) const override {
    const void* bias = b.inputs.size() > 2 ? b.inputs[2] : nullptr;
    switch (kind_) {
      case ConvKind::kF32:
        check_status(mf_fully_connected_f32(&params_, &dims_, static_cast<const float*>(b.inputs[0]),
                                            static_cast<const float*>(b.inputs[1]),
                                            static_cast<const float*>(bias), static_cast<float*>(b.outputs[0])),
                     "mf_fully_connected_f32");
        break;
      case ConvKind::kS8:
        check_status(mf_fully_connected_s8(&params_, &dims_, static_cast<const int8_t*>(b.inputs[0]),
                                           static_cast<const int8_t*>(b.inputs[1]),
                                           static_cast<const int32_t*>(bias), static_cast<int8_t*>(b.outputs[0])),
                     "mf_fully_connected_s8");
        break;
      case ConvKind::kS16:
        check_status(mf_fully_connected_s16(&params_, &dims_, static_cast<const int16_t*>(b.inputs[0]),
                                            static_cast<const int8_t*>(b.inputs[1]),
                                            acc_, acc_ == MF_ACC64 ? nullptr : static_cast<const int32_t*>(bias),
                                            acc_ == MF_ACC64 ? static_cast<const int64_t*>(bias) : nullptr,
                                            static_cast<int16_t*>(b.outputs[0])),
                     "mf_fully_connected_s16");
        break;
    }
  }


  void emit(CallWriter& ctx) const override {
    const std::string rq = requant_.empty() ? "NULL" : ctx.requant_array("requant", requant_);
    const mf_fully_connected_params& p = params_;
    const std::string params = ctx.constant(
        "mf_fully_connected_params", "params",
        fmt::format("{{{}, {}, {}, {}, {}, {}}}", p.input_offset, p.filter_offset, p.output_offset, rq,
                    CallWriter::act_range(p.act), CallWriter::act_range_f32(p.act_f32)));
    const std::string dims = ctx.constant(
        "mf_fc_dims", "dims", fmt::format("{{{}, {}, {}}}", dims_.batches, dims_.accum_depth, dims_.output_depth));
    std::vector<std::string> args = {address_of(params), address_of(dims), ctx.input(0), ctx.input(1)};
    if (kind_ == ConvKind::kS16) {
      args.push_back(acc_ == MF_ACC64 ? "MF_ACC64" : "MF_ACC32");
      args.push_back(acc_ == MF_ACC64 ? "NULL" : ctx.input(2));
      args.push_back(acc_ == MF_ACC64 ? ctx.input(2) : "NULL");
    } else {
      args.push_back(ctx.input(2));
    }
    args.push_back(ctx.output(0));
    ctx.call(kernel_name(), args);
  }

  void select_variant(const TargetFeatures& t) override { dsp_ = t.dsp && kind_ == ConvKind::kS8; }

  std::string kernel_name() const override {
    switch (kind_) {
      case ConvKind::kF32: return "mf_fully_connected_f32";
      case ConvKind::kS8: return dsp_ ? "mf_fully_connected_s8__cm_dsp" : "mf_fully_connected_s8";
      default: return "mf_fully_connected_s16";
    }
  }

 private:
  ConvKind kind_;
  mf_fully_connected_params params_;
  std::vector<mf_requant> requant_;  // params_.requant points here
  mf_fc_dims dims_;
  mf_acc_width acc_;  // int16x8 only: TFLM's accumulator choice (int16x8_accumulator)
  bool dsp_ = false;  // generated code calls mf_fully_connected_s8__cm_dsp (select_variant)
};

}  // namespace

std::unique_ptr<PreparedOp> prepare_fully_connected(const ir::Graph& g, const ir::Op& op) {
  if (op.inputs.size() < 2 || op.inputs.size() > 3 || op.outputs.size() != 1) {
    op_error(op, "expects 2 or 3 inputs (input, weights, optional bias) and 1 output");
  }
  const auto* opts = std::get_if<ir::FullyConnectedOptions>(&op.options);
  if (!opts) op_error(op, "has no FullyConnectedOptions");
  if (opts->shuffled_weights) {
    op_error(op, "shuffled (SHUFFLED4x16INT8) weights are not supported",
             "convert the model with the default weights format");
  }
  const ir::Tensor& input = required_input(g, op, 0, "input");
  const ir::Tensor& filter = required_input(g, op, 1, "weights");
  const ir::Tensor* bias = optional_input(g, op, 2);
  const ir::Tensor& output = g.op_output(op, 0);
  const ConvKind kind = conv_kind(op, input, filter, output);

  if (filter.rank() != 2 || filter.dim(0) <= 0 || filter.dim(1) <= 0) {
    op_error(op, "the weights must be a non-empty [units, depth] matrix but have shape " +
                     ir::shape_to_string(filter.shape));
  }
  if (output.rank() < 1 || output.num_elements() <= 0) {
    op_error(op, "the output shape " + ir::shape_to_string(output.shape) + " is empty");
  }
  mf_fc_dims dims{};
  dims.output_depth = output.dim(output.rank() - 1);
  dims.accum_depth = filter.dim(1);
  if (dims.output_depth != filter.dim(0)) {
    op_error(op, "the output's last dimension (" + std::to_string(dims.output_depth) +
                     ") differs from the number of weight rows (" + std::to_string(filter.dim(0)) + ")");
  }
  const int64_t batches = output.num_elements() / dims.output_depth;
  if (input.num_elements() != batches * dims.accum_depth) {
    op_error(op, "input shape " + ir::shape_to_string(input.shape) + " does not hold " +
                     std::to_string(batches) + " rows of depth " + std::to_string(dims.accum_depth) +
                     " as the weights " + ir::shape_to_string(filter.shape) + " and output " +
                     ir::shape_to_string(output.shape) + " require");
  }
  if (input.num_elements() > INT32_MAX || filter.num_elements() > INT32_MAX || batches > INT32_MAX) {
    op_error(op, "tensors with more than 2^31 elements are not supported");
  }
  dims.batches = static_cast<int32_t>(batches);
  check_bias(op, bias, kind, dims.output_depth);

  mf_fully_connected_params p{};
  p.act_f32 = activation_range_f32(opts->activation);
  std::vector<mf_requant> requant;
  mf_acc_width acc = MF_ACC32;
  if (kind != ConvKind::kF32) {
    check_activation_quant(op, input, "input");
    check_activation_quant(op, output, "output");
    check_filter_quant(op, filter, dims.output_depth, 0);
    if (kind == ConvKind::kS16) acc = int16x8_accumulator(bias, opts->quantized_bias_type);
    if (acc == MF_ACC64) check_accum_depth(op, dims.accum_depth);
    if (filter.quant.per_channel()) {
      // Per-channel weights are symmetric: TFLM applies no weight offset here.
      requant = per_channel_requant(input, filter, output, dims.output_depth);
    } else {
      // TFLM's per-tensor path (GetQuantizedConvolutionMultipler) multiplies the two scales in float
      // before widening to double, unlike the per-channel path.
      const float product = input.quant.scale[0] * filter.quant.scale[0];
      requant.assign(static_cast<size_t>(dims.output_depth),
                     quantize_multiplier(static_cast<double>(product) / static_cast<double>(scale_of(output))));
      p.filter_offset = -zero_point_of(filter);
    }
    requant = checked_requant(op, std::move(requant), acc == MF_ACC64 ? 14 : 30);
    p.act = activation_range_quantized(opts->activation, output);
    if (kind == ConvKind::kS8) {
      p.input_offset = -zero_point_of(input);
      p.output_offset = zero_point_of(output);
    }
  }
  return std::make_unique<FullyConnected>(kind, p, std::move(requant), dims, acc);
}

}  // namespace mcuforge::ops
