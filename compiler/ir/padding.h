// SPDX-License-Identifier: Apache-2.0
// Explicit window padding. TFLite spells padding SAME or VALID and lets the runtime derive the pads
// from the shapes; ONNX gives pads. The IR keeps explicit pads for conv, depthwise conv and pooling
// so that ops, passes and writers never recompute TFLite's rule: importers call resolve_padding once,
// writers ask implicit_padding which SAME/VALID spelling (if any) gives an op's pads.
#pragma once

#include <optional>

#include "ir/graph.h"

namespace mcuforge::ir {

// The window of a conv, depthwise conv or pooling op over the input's height and width (NHWC). For
// TRANSPOSE_CONV it is the window of the forward convolution it transposes, over the op's output.
struct WindowGeometry {
  int32_t in_h = 0, in_w = 0;
  int32_t filter_h = 0, filter_w = 0;
  int32_t stride_h = 1, stride_w = 1;
  int32_t dilation_h = 1, dilation_w = 1;
};

// The op's window, or nullopt when it is not a windowed op or its input/filter ranks are wrong.
// Sizes are as the model gives them (prepare reports non-positive or absurd ones).
std::optional<WindowGeometry> window_geometry(const Graph& graph, const Op& op);

// TFLite's pads for SAME (out = ceil(in / stride), the odd element goes after) or VALID (none); an
// axis with unusable sizes gets zero pads.
Pads pads_for(Padding padding, const WindowGeometry& w);

// Output extent of one axis with explicit pads: (in + before + after - dilated filter) / stride + 1;
// 0 or less when the dilated filter does not fit the padded input.
int64_t window_output_size(int64_t in, int64_t pad_before, int64_t pad_after, int64_t filter, int64_t stride,
                           int64_t dilation);

// Sets `pads` of every conv / depthwise conv / pooling op whose padding is SAME or VALID.
void resolve_padding(Graph& graph);

// SAME or VALID when that spelling gives the op's pads (the op's own spelling first, then VALID), else
// nullopt (a writer for a SAME/VALID-only format then needs a PAD op).
std::optional<Padding> implicit_padding(const Graph& graph, const Op& op);

}  // namespace mcuforge::ir
