// SPDX-License-Identifier: Apache-2.0
// fold-pad: a PAD / PADV2 that only adds zero-point padding around height and width, read only by
// CONV_2D / DEPTHWISE_CONV_2D ops (as their input), becomes part of those ops' explicit pads (ir/padding.h)
// and disappears: the padded tensor is never stored, which saves its arena bytes and a copy.
#pragma once

#include <cstddef>

#include "ir/graph.h"

namespace mcuforge::passes {

// Folds every PAD that can be folded exactly; returns the number of PAD ops removed. Exact means:
//  * the padding is on axes 1 and 2 (H, W) of an NHWC tensor only;
//  * its value is what the conv contributes nothing for: the input zero point (int8), 0 (int16), or
//    ±0.0 (float32, whose kernels start their sums at +0.0, so a ±0 product never changes them; the
//    filter must then hold no inf or NaN, since 0 * inf is NaN);
//  * every reader is a conv / depthwise conv of the same type using it as input 0 only, and the
//    padded tensor is no graph output;
//  * the combined pads are what TFLite's SAME or VALID give for the conv, so that `export --tflite`
//    can still write the model without a PAD op (the writer cannot express other pads).
size_t fold_pad(ir::Graph& graph);

}  // namespace mcuforge::passes
