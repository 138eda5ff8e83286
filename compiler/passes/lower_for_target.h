// SPDX-License-Identifier: Apache-2.0
// Target lowering, run by `compile` on its own copy of the graph (the host executor and `export` keep
// the model as written): rewrites ops into equivalent forms that have faster kernels on the target.
// Every rewrite computes the same sums with the same requantization, so the outputs are identical
// bit for bit (the codegen and verify tests compare the generated code with the host executor).
#pragma once

#include "ir/graph.h"
#include "ops/op.h"

namespace mcuforge::passes {

// On cores with the DSP extension:
// - int8 DEPTHWISE_CONV_2D with one input channel (depth multiplier = output channels, as in the
//   micro_speech model's first layer) becomes CONV_2D with the filter transposed from [1, H, W, M] to
//   [M, H, W, 1]: the same per-output-channel sum over the window, but the conv kernel's im2col +
//   SMLAD path instead of the per-channel depthwise loop.
// Returns the number of ops rewritten.
int lower_for_target(ir::Graph& g, const ops::TargetFeatures& target);

}  // namespace mcuforge::passes
