// SPDX-License-Identifier: Apache-2.0
// How much a quantized graph loses, tensor by tensor: the float graph and its quantized form run on the
// same samples with the host executor (the arithmetic the MCU runs), and every activation of the
// quantized graph, dequantized, is compared with the float value it stands for:
//   - SQNR (dB) and cosine similarity (error_metrics.h), accumulated over samples;
//     this is the error *accumulated* up to that tensor;
//   - local SQNR of each op: the op alone, fed the quantized float reference of its inputs, so the error
//     it adds itself (what the int16 fallback ranks ops by);
//   - per output channel, the mean error of biased ops (conv, depthwise, fully connected), for empirical
//     bias correction.
#pragma once

#include <cstdint>
#include <functional>
#include <limits>
#include <map>
#include <vector>

#include "ir/graph.h"
#include "quantize/error_metrics.h"
#include "quantize/quantize_graph.h"

namespace mcuforge::quantize {

using ErrorSums = ErrorAccumulator;  // SQNR and cosine of one tensor over the samples

using Samples = std::vector<std::vector<std::vector<uint8_t>>>;  // [sample][graph input] raw float32 bytes

struct ErrorAnalysis {
  std::map<int32_t, ErrorSums> tensor;       // float-graph tensor -> accumulated error (activations)
  std::map<int32_t, ErrorSums> local;        // float-graph op -> error of that op alone
  std::map<int32_t, std::vector<double>> bias_error;  // float-graph op -> mean error per output channel
  ErrorSums output;                           // over every graph output
};

// Runs both graphs on `samples` (float32 inputs; quantized inputs get them quantized as TFLM's QUANTIZE
// would). `progress(done, total)` after each sample.
ErrorAnalysis analyze_error(const ir::Graph& float_graph, const QuantizedGraph& quantized, const Samples& samples,
                            const std::function<void(int64_t, int64_t)>& progress = {});

// Real values of a tensor's raw bytes (float32, or int8/int16/int32 dequantized with its parameters).
std::vector<double> real_values(const ir::Tensor& t, const std::vector<uint8_t>& bytes);
// Real values -> raw bytes of `t`'s dtype, rounding half away from zero and clamping as TFLM's QUANTIZE.
std::vector<uint8_t> quantize_values(const ir::Tensor& t, const std::vector<double>& values);

}  // namespace mcuforge::quantize
