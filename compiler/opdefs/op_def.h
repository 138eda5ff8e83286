// SPDX-License-Identifier: Apache-2.0
// Facts about each operator of the IR vocabulary that do not depend on a kernel: how many operands
// it takes, its output shapes (shape inference), its multiply-accumulate count, and the quantization
// its integer form requires. The ops' prepare functions check models against these facts, `inspect`
// and reports count MACs with them, and a quantizer reads the same rules to choose parameters, so a
// rule exists once (ONNX's op schemas, kept apart from kernels, are the model).
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "ir/graph.h"

namespace mcuforge::opdefs {

using Shape = std::vector<int32_t>;

// What an integer op requires of one output's scale and zero point.
enum class OutputQuantRule : uint8_t {
  kCalibrated,   // free: chosen from the observed range
  kSameAsInput,  // must equal input `input`'s parameters (the kernel copies or compares values)
  kFixed,        // fixed by the kernel's arithmetic, per dtype (softmax, logistic, tanh)
};

struct FixedQuant {
  ir::DType dtype;                        // the output's dtype
  double scale;
  int64_t zero_point;
  std::optional<ir::DType> input_dtype;   // only for this input dtype (int8 -> int16 softmax)
  double relative_tolerance = 0;          // 0: the float32 scale must equal `scale` exactly

  // Whether a tensor's (float32) scale and zero point satisfy this rule, as TFLM checks them.
  bool accepts(float tensor_scale, int64_t tensor_zero_point) const;
};

struct OutputQuant {
  OutputQuantRule rule = OutputQuantRule::kCalibrated;
  int32_t input = 0;                 // for kSameAsInput
  std::vector<FixedQuant> fixed;     // for kFixed: one entry per activation dtype
};

// A constant weight operand: symmetric (zero point 0), per channel along `channel_axis` (or per
// tensor where the kernel allows only that).
struct WeightQuant {
  int32_t input = 1;
  int32_t channel_axis = 0;
  bool per_channel_allowed = true;
};

// A bias operand: zero point 0, scale = scale(input `activation`) * scale(input `weights`) per
// channel; int32 with int8 activations, int64 (or int32 when the op says so) with int16 activations.
struct BiasQuant {
  int32_t input = 2;
  int32_t activation = 0;
  int32_t weights = 1;
};

struct QuantFacts {
  std::vector<OutputQuant> outputs;   // per output; missing entries are kCalibrated
  std::optional<WeightQuant> weights;
  std::optional<BiasQuant> bias;
  // Integer inputs that the op requires to share the output's parameters (e.g. MAXIMUM, CONCATENATION).
  bool inputs_share_output_quant = false;
};

// Output shapes of `op` from its inputs' shapes, constant operands and options, or nullopt when the
// facts cannot tell (no rule for this op yet, or data-dependent shapes). Throws nothing: a model whose
// shapes are inconsistent gets nullopt here and a precise error from the op's prepare.
using ShapeFn = std::optional<std::vector<Shape>> (*)(const ir::Graph&, const ir::Op&);
// Multiply-accumulates of one invocation, from the (already validated) shapes.
using MacsFn = int64_t (*)(const ir::Graph&, const ir::Op&);

struct OpDef {
  ir::OpType type{};
  ShapeFn infer_shapes = nullptr;  // nullptr: no rule yet
  MacsFn macs = nullptr;           // nullptr: no multiply-accumulates (data movement, lookups)
  QuantFacts quant;
};

// The facts of an op type (a default OpDef with no rules for types nobody described yet).
const OpDef& op_def(ir::OpType type);

// Convenience over op_def(op.type).
std::optional<std::vector<Shape>> infer_output_shapes(const ir::Graph& graph, const ir::Op& op);
int64_t macs(const ir::Graph& graph, const ir::Op& op);

// The fixed output quantization of `op`'s output `k` for `dtype`, if its rule is kFixed.
std::optional<FixedQuant> fixed_output_quant(ir::OpType type, size_t k, ir::DType output_dtype,
                                             ir::DType input_dtype);

}  // namespace mcuforge::opdefs
