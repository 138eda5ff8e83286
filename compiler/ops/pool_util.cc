// SPDX-License-Identifier: Apache-2.0
#include "ops/pool_util.h"

#include "ops/window_overlap.h"

#include <fmt/format.h>

#include <algorithm>
#include <variant>

#include "ops/call_writer.h"
#include "ops/conv_util.h"
#include "ops/op.h"
#include "ops/quant_util.h"

namespace mcuforge::ops {

PoolSetup prepare_pool(const ir::Graph& g, const ir::Op& op) {
  if (op.inputs.size() != 1 || op.outputs.size() != 1) op_error(op, "expects 1 input and 1 output");
  const auto* opts = std::get_if<ir::Pool2DOptions>(&op.options);
  if (!opts) op_error(op, "has no Pool2DOptions");
  const ir::Tensor& input = required_input(g, op, 0, "input");
  const ir::Tensor& output = g.op_output(op, 0);
  using ir::DType;
  if (input.dtype != output.dtype ||
      (input.dtype != DType::kFloat32 && input.dtype != DType::kInt8 && input.dtype != DType::kInt16)) {
    op_error(op, "unsupported type combination: input " + std::string(ir::dtype_name(input.dtype)) +
                     ", output " + std::string(ir::dtype_name(output.dtype)),
             "pooling supports float32, int8 and int16 with the same type on input and output");
  }
  PoolSetup s{};
  s.dtype = input.dtype;
  s.in = dims4_of(op, input, "input");
  s.out = dims4_of(op, output, "output");
  if (s.in.n != s.out.n || s.in.c != s.out.c) {
    op_error(op, "input " + ir::shape_to_string(input.shape) + " and output " +
                     ir::shape_to_string(output.shape) + " differ in batch or channels");
  }
  mf_pool2d_params& p = s.params;
  p.stride_h = opts->stride_h;
  p.stride_w = opts->stride_w;
  p.filter_h = opts->filter_h;
  p.filter_w = opts->filter_w;
  p.pad_h = window_padding(op, opts->pads.top, opts->pads.bottom, "height", s.in.h, p.filter_h, p.stride_h, 1, s.out.h);
  p.pad_w = window_padding(op, opts->pads.left, opts->pads.right, "width", s.in.w, p.filter_w, p.stride_w, 1, s.out.w);
  p.act_f32 = activation_range_f32(opts->activation);
  if (s.dtype != DType::kFloat32) {
    check_activation_quant(op, input, "input");
    check_activation_quant(op, output, "output");
    // The kernels do not requantize (TFLM neither): TFLite requires equal parameters here.
    if (input.quant.scale != output.quant.scale || input.quant.zero_point != output.quant.zero_point) {
      op_error(op, "input and output quantization differ, which pooling cannot express",
               "TFLite requires pooling to keep the input's scale and zero point; re-convert the model");
    }
    p.act = activation_range_quantized(opts->activation, output);
    // The integer average kernels sum in int32 (see mf_pool2d.h).
    const int64_t window = int64_t{std::min(p.filter_h, s.in.h)} * std::min(p.filter_w, s.in.w);
    if (window >= (int64_t{1} << (s.dtype == DType::kInt8 ? 23 : 16))) {
      op_error(op, "the pooling window is too large for a 32-bit sum");
    }
  }
  return s;
}

void emit_pool(CallWriter& ctx, const PoolSetup& s, const std::string& kernel) {
  const mf_pool2d_params& p = s.params;
  const std::string params = ctx.constant(
      "mf_pool2d_params", "params",
      fmt::format("{{{}, {}, {}, {}, {}, {}, {}, {}}}", p.stride_h, p.stride_w, p.filter_h, p.filter_w, p.pad_h,
                  p.pad_w, CallWriter::act_range(p.act), CallWriter::act_range_f32(p.act_f32)));
  ctx.call(kernel, {address_of(params), address_of(ctx.dims4("in_dims", s.in)), ctx.input(0), address_of(ctx.dims4("out_dims", s.out)),
                    ctx.output(0)});
}

int64_t pool_overlap_distance(const PoolSetup& s) {
  WindowAccess a = make_window_access(s.in, s.out, s.params.filter_h, s.params.filter_w, s.params.stride_h,
                                                  s.params.stride_w, 1, 1, s.params.pad_h, s.params.pad_w,
                                                  static_cast<int64_t>(ir::dtype_size(s.dtype)));
  a.depthwise = true;
  return window_overlap_distance(a);
}

}  // namespace mcuforge::ops
