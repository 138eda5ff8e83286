// SPDX-License-Identifier: Apache-2.0
#include "passes/lower_for_target.h"

#include <variant>

namespace mcuforge::passes {
namespace {

int uses_of(const ir::Graph& g, int32_t tensor) {
  int n = 0;
  for (const ir::Op& op : g.ops)
    for (int32_t t : op.inputs) n += t == tensor;
  return n;
}

bool single_channel_depthwise(const ir::Graph& g, const ir::Op& op) {
  const auto* o = std::get_if<ir::DepthwiseConv2DOptions>(&op.options);
  if (!o || op.type != ir::OpType::DEPTHWISE_CONV_2D || op.inputs.size() < 2 || op.outputs.size() != 1) return false;
  if (op.inputs[0] < 0 || op.inputs[1] < 0) return false;
  const ir::Tensor& in = g.tensor(op.inputs[0]);
  const ir::Tensor& f = g.tensor(op.inputs[1]);
  const ir::Tensor& out = g.tensor(op.outputs[0]);
  return in.dtype == ir::DType::kInt8 && f.dtype == ir::DType::kInt8 && out.dtype == ir::DType::kInt8 &&
         in.rank() == 4 && f.rank() == 4 && out.rank() == 4 && in.dim(3) == 1 && f.dim(0) == 1 &&
         f.dim(3) == out.dim(3) && f.is_constant() && !f.quant.empty() &&
         (f.quant.scale.size() == 1 || static_cast<int32_t>(f.quant.scale.size()) == f.dim(3)) &&
         // the filter is rewritten in place: nothing else may read it
         uses_of(g, op.inputs[1]) == 1;
}

void to_conv(ir::Graph& g, ir::Op& op) {
  const ir::DepthwiseConv2DOptions d = std::get<ir::DepthwiseConv2DOptions>(op.options);
  ir::Tensor& f = g.tensors[static_cast<size_t>(op.inputs[1])];
  const int32_t h = f.dim(1), w = f.dim(2), m = f.dim(3);
  std::vector<uint8_t> t(f.data.size());
  for (int32_t y = 0; y < h; ++y)
    for (int32_t x = 0; x < w; ++x)
      for (int32_t c = 0; c < m; ++c) t[static_cast<size_t>((c * h + y) * w + x)] = f.data[static_cast<size_t>((y * w + x) * m + c)];
  f.data = std::move(t);
  f.shape = {m, h, w, 1};
  f.quant.axis = 0;
  ir::Conv2DOptions c;
  c.padding = d.padding;
  c.pads = d.pads;
  c.stride_w = d.stride_w;
  c.stride_h = d.stride_h;
  c.dilation_w = d.dilation_w;
  c.dilation_h = d.dilation_h;
  c.activation = d.activation;
  op.options = c;
  op.type = ir::OpType::CONV_2D;
  op.name = "CONV_2D";
}

}  // namespace

int lower_for_target(ir::Graph& g, const ops::TargetFeatures& target) {
  if (!target.dsp) return 0;
  int n = 0;
  for (ir::Op& op : g.ops) {
    if (single_channel_depthwise(g, op)) {
      to_conv(g, op);
      ++n;
    }
  }
  return n;
}

}  // namespace mcuforge::passes
