// SPDX-License-Identifier: Apache-2.0
#include "ir/padding.h"

#include <algorithm>
#include <variant>

namespace mcuforge::ir {
namespace {

// Bounds far beyond real models that keep every intermediate of the geometry in range.
constexpr int64_t kMaxExtent = int64_t{1} << 24;

bool usable(int64_t v) { return v >= 1 && v <= kMaxExtent; }

bool usable_axis(int64_t in, int64_t filter, int64_t stride, int64_t dilation) {
  return usable(in) && usable(filter) && usable(stride) && usable(dilation) && usable((filter - 1) * dilation + 1);
}

// Padding and pads of a windowed op, whatever its options struct.
struct PaddingRef {
  Padding* padding = nullptr;
  Pads* pads = nullptr;
};

PaddingRef padding_of(Op& op) {
  if (auto* o = std::get_if<Conv2DOptions>(&op.options)) return {&o->padding, &o->pads};
  if (auto* o = std::get_if<DepthwiseConv2DOptions>(&op.options)) return {&o->padding, &o->pads};
  if (auto* o = std::get_if<Pool2DOptions>(&op.options)) return {&o->padding, &o->pads};
  if (auto* o = std::get_if<TransposeConvOptions>(&op.options)) return {&o->padding, &o->pads};  // tconv
  return {};
}

// Leading pad of TFLite's SAME along one axis (ComputePaddingWithOffset), and the total.
void same_axis(int64_t in, int64_t filter, int64_t stride, int64_t dilation, int32_t& before, int32_t& after) {
  const int64_t out = (in + stride - 1) / stride;
  const int64_t eff = (filter - 1) * dilation + 1;
  const int64_t total = std::max<int64_t>((out - 1) * stride + eff - in, 0);
  before = static_cast<int32_t>(total / 2);
  after = static_cast<int32_t>(total - total / 2);
}

// tconv family: TRANSPOSE_CONV (output_shape, filter OHWI, input, bias) is the transpose of a forward
// convolution from its output to its input, and TFLite derives its pads from that convolution's
// window: it slides over the output's height and width.
std::optional<WindowGeometry> transpose_conv_geometry(const Graph& graph, const Op& op, const TransposeConvOptions& o) {
  const auto valid = [&](int32_t k) { return k >= 0 && static_cast<size_t>(k) < graph.tensors.size(); };
  if (op.inputs.size() < 2 || op.outputs.empty() || !valid(op.inputs[1]) || !valid(op.outputs[0])) return std::nullopt;
  const Tensor& filter = graph.tensor(op.inputs[1]);
  const Tensor& output = graph.tensor(op.outputs[0]);
  if (filter.rank() != 4 || output.rank() != 4) return std::nullopt;
  WindowGeometry w;
  w.in_h = output.dim(1);
  w.in_w = output.dim(2);
  w.filter_h = filter.dim(1);
  w.filter_w = filter.dim(2);
  w.stride_h = o.stride_h;
  w.stride_w = o.stride_w;
  return w;
}

}  // namespace

std::optional<WindowGeometry> window_geometry(const Graph& graph, const Op& op) {
  if (op.inputs.empty() || op.inputs[0] < 0 || static_cast<size_t>(op.inputs[0]) >= graph.tensors.size()) {
    return std::nullopt;
  }
  if (const auto* t = std::get_if<TransposeConvOptions>(&op.options)) return transpose_conv_geometry(graph, op, *t);
  const Tensor& input = graph.tensor(op.inputs[0]);
  if (input.rank() != 4) return std::nullopt;
  WindowGeometry w;
  w.in_h = input.dim(1);
  w.in_w = input.dim(2);
  if (const auto* p = std::get_if<Pool2DOptions>(&op.options)) {
    w.filter_h = p->filter_h;
    w.filter_w = p->filter_w;
    w.stride_h = p->stride_h;
    w.stride_w = p->stride_w;
  } else {
    const Conv2DOptions* c = std::get_if<Conv2DOptions>(&op.options);
    const DepthwiseConv2DOptions* d = std::get_if<DepthwiseConv2DOptions>(&op.options);
    if (!c && !d) return std::nullopt;
    // The filter is OHWI (conv) or 1HWC (depthwise): height and width are dimensions 1 and 2.
    if (op.inputs.size() < 2 || op.inputs[1] < 0 || static_cast<size_t>(op.inputs[1]) >= graph.tensors.size()) {
      return std::nullopt;
    }
    const Tensor& filter = graph.tensor(op.inputs[1]);
    if (filter.rank() != 4) return std::nullopt;
    w.filter_h = filter.dim(1);
    w.filter_w = filter.dim(2);
    w.stride_h = c ? c->stride_h : d->stride_h;
    w.stride_w = c ? c->stride_w : d->stride_w;
    w.dilation_h = c ? c->dilation_h : d->dilation_h;
    w.dilation_w = c ? c->dilation_w : d->dilation_w;
  }
  return w;
}

Pads pads_for(Padding padding, const WindowGeometry& w) {
  Pads p;
  if (padding != Padding::kSame) return p;
  // An axis with unusable sizes keeps zero pads: prepare reports its sizes, axis by axis.
  if (usable_axis(w.in_h, w.filter_h, w.stride_h, w.dilation_h)) {
    same_axis(w.in_h, w.filter_h, w.stride_h, w.dilation_h, p.top, p.bottom);
  }
  if (usable_axis(w.in_w, w.filter_w, w.stride_w, w.dilation_w)) {
    same_axis(w.in_w, w.filter_w, w.stride_w, w.dilation_w, p.left, p.right);
  }
  return p;
}

int64_t window_output_size(int64_t in, int64_t pad_before, int64_t pad_after, int64_t filter, int64_t stride,
                           int64_t dilation) {
  const int64_t eff = (filter - 1) * dilation + 1;
  const int64_t span = in + pad_before + pad_after - eff;
  if (span < 0) return 0;
  return span / stride + 1;
}

void resolve_padding(Graph& graph) {
  for (Op& op : graph.ops) {
    PaddingRef ref = padding_of(op);
    if (!ref.padding || *ref.padding == Padding::kExplicit) continue;
    const auto w = window_geometry(graph, op);
    *ref.pads = w ? pads_for(*ref.padding, *w) : Pads{};
  }
}

std::optional<Padding> implicit_padding(const Graph& graph, const Op& op) {
  Op copy = op;  // padding_of hands out mutable pointers
  PaddingRef ref = padding_of(copy);
  if (!ref.pads) return std::nullopt;
  const auto w = window_geometry(graph, op);
  const auto gives_pads = [&](Padding p) { return w ? pads_for(p, *w) == *ref.pads : (p == Padding::kValid && *ref.pads == Pads{}); };
  // The source's own spelling when it still gives these pads (SAME with zero pads stays SAME).
  if (*ref.padding != Padding::kExplicit && gives_pads(*ref.padding)) return *ref.padding;
  if (gives_pads(Padding::kValid)) return Padding::kValid;
  if (gives_pads(Padding::kSame)) return Padding::kSame;
  return std::nullopt;
}

}  // namespace mcuforge::ir
