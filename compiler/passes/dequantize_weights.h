// SPDX-License-Identifier: Apache-2.0
// Hybrid models (dynamic-range quantization: float32 activations, int8 weights) run as float models:
// each int8 constant that a float32 op reads is replaced by its dequantized float32 values,
// real = scale[c] * (q - zero_point[c]) per channel. TFLM refuses hybrid models ("Hybrid models are
// not supported on TFLite Micro"); TensorFlow Lite's hybrid kernels instead quantize the activations
// on the fly, so their outputs differ slightly from these (the model's float semantics). The int8
// form stays the way to deploy: `mcuforge quantize` (issue #12) makes a full-int8 model from it.
#pragma once

#include <cstddef>

#include "ir/graph.h"

namespace mcuforge::passes {

// Returns the number of weight tensors dequantized, in place (tensor indices are unchanged). An int8
// constant that a quantized op reads too is left as it is.
size_t dequantize_weights(ir::Graph& graph);

}  // namespace mcuforge::passes
