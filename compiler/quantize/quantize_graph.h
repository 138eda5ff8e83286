// SPDX-License-Identifier: Apache-2.0
// The rewrite at the heart of `mcuforge quantize`: a float32 graph and a range per activation tensor in,
// an integer graph out, with parameters exactly as TFLM's kernels require them. Every rule comes from the
// op facts (opdefs/op_def.h), not from per-op code here:
//   - weights (WeightQuant): symmetric int8, per channel along the facts' axis;
//   - biases (BiasQuant): scale s_in * s_w[c], zero point 0, int32 (int8 activations) or int64 (int16);
//   - outputs: calibrated (kCalibrated), tied to an input (kSameAsInput, inputs_share_output_quant: the
//     tied tensors get one range, the union of theirs) or fixed by the kernel (kFixed: softmax, sigmoids);
//   - activations: int8 asymmetric, or int16 symmetric where the op runs int16x8.
// Each op runs in one precision (int8, int16 or float32, `Precision`). Where a consumer's precision differs
// from its input's, a converting op is inserted: QUANTIZE (float -> int, int8 <-> int16 requantize) or
// DEQUANTIZE (int -> float), once per tensor and dtype. An op kept in float32 (no integer kernel, or one
// that the quantizer cannot parameterise, like LSTM) is a float island between DEQUANTIZE and QUANTIZE.
//
// Tensor indices of the float graph keep their meaning: tensor i of the result holds the quantized form of
// float tensor i (for activations), which is how the error report pairs their values. New tensors
// (converted copies, quantized constants) are appended; the float constants they replace stay behind,
// unused, until compact-tensors drops them before writing.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "ir/graph.h"

namespace mcuforge::quantize {

enum class Precision : uint8_t { kInt8, kInt16, kFloat };
const char* precision_name(Precision p);

// The real range an activation tensor's parameters must cover (from calibration).
struct TensorRange {
  float min = 0, max = 0;
};

// Per float-graph tensor, the range chosen for int8 and for int16 (a method may clip them differently);
// nullopt for tensors calibration did not see (constants, non-float tensors).
struct CalibratedRanges {
  std::vector<std::optional<TensorRange>> int8, int16;
};

struct QuantizeGraphOptions {
  bool float_io = false;  // keep float32 graph inputs/outputs (QUANTIZE/DEQUANTIZE at the edges)
};

// Which precision each op of the float graph runs in (index = op position), and why an op is kept float.
struct PrecisionPlan {
  std::vector<Precision> op_precision;
  std::map<int32_t, std::string> float_reason;  // op position -> why it stays float32
};

// The precision an op can run in, given the preferred one (int16 when the op has no int16 kernel falls
// back to int8; an op without integer kernels, or outside the quantizer's rules, runs float32).
// `reason` tells why when the result is kFloat.
Precision supported_precision(const ir::Graph& g, const ir::Op& op, Precision wanted, std::string* reason);

// Int8 everywhere it can be; `int16_ops` (op positions) run int16x8 where they can; `forced_float` ops
// (position -> why) run float32. Data movement follows its input's precision.
PrecisionPlan plan_precision(const ir::Graph& g, const std::vector<int32_t>& int16_ops = {},
                             const std::map<int32_t, std::string>& forced_float = {});

struct QuantizedGraph {
  ir::Graph graph;
  // For each tensor of `graph`: the float-graph tensor whose values it holds (kNoTensor for constants
  // and for tensors that exist only in the integer graph).
  std::vector<int32_t> source_tensor;
  // For each op of `graph`: the float-graph op it implements (-1 for inserted conversions).
  std::vector<int32_t> source_op;
};

// Throws mcuforge::Error when `g` has no float32 activation (an integer model: nothing to quantize).
void require_float_model(const ir::Graph& g);

// Throws mcuforge::Error for a graph that is not a float model.
QuantizedGraph quantize_graph(const ir::Graph& float_graph, const CalibratedRanges& ranges,
                              const PrecisionPlan& plan, const QuantizeGraphOptions& options);

// Symmetric per-channel int8 quantization of a float weight along `axis` (per tensor when axis < 0):
// scale = max|w| / 127 per channel (a channel of zeros gets scale 1), values in [-127, 127]. A channel's
// scale is at least `min_scale[c]` when given (one entry, or one per channel): near-dead channels
// (weights ~1e-30 after batch-norm folding) would otherwise need a bias beyond the kernel's range.
ir::Tensor quantize_weights(const ir::Tensor& w, int32_t axis, const std::vector<float>& min_scale = {});

}  // namespace mcuforge::quantize
