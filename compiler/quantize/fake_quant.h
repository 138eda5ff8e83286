// SPDX-License-Identifier: Apache-2.0
// Activation-only quantization simulated on the float graph: the host executor runs it op by op and
// replaces each chosen tensor, as soon as it is produced, by its quantize->dequantize (float weights
// and arithmetic otherwise). A second executor runs the plain float graph on the same sample, and every
// observed tensor (calibrate.h: observed_tensors) is compared with it. It shows, before any int8 graph
// exists, what a set of activation ranges costs per tensor (SQNR, cosine): to compare range methods
// or to pick the tensors worth int16. Weight and integer-arithmetic error are not in it: the real
// quantized model's error is at least this.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

#include "ir/dtype.h"
#include "ir/graph.h"
#include "quantize/calibrate.h"
#include "quantize/error_metrics.h"

namespace mcuforge::quantize {

struct FakeQuantSpec {
  QuantParams params;
  ir::DType dtype = ir::DType::kInt8;  // kInt8 or kInt16: the clamp range of the integer grid
};

// quantize->dequantize of float values in place: scale * (clamp(round(x / scale) + zp) - zp), rounding
// half away from zero as TFLM's QUANTIZE does.
void fake_quantize(float* values, size_t count, const FakeQuantSpec& spec);

// Runs every sample through the float graph and through its fake-quantized twin (`specs[t]` set for the
// tensors to quantize; graph inputs are quantized before the first op) and returns one accumulator per
// graph tensor (empty for tensors not observed). `progress(done, samples)` after each sample.
// Throws mcuforge::Error as calibrate() does for samples that do not match the inputs.
std::vector<std::optional<ErrorAccumulator>> simulate_activation_quantization(
    const ir::Graph& graph, const std::vector<std::optional<FakeQuantSpec>>& specs,
    const std::vector<std::vector<std::vector<uint8_t>>>& samples,
    const std::function<void(int64_t, int64_t)>& progress = {});

}  // namespace mcuforge::quantize
