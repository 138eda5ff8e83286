// SPDX-License-Identifier: Apache-2.0
// The format-neutral graph IR: tensors (type, shape, quantization, constant data), ops in execution
// order, graph inputs and outputs. Importers build it and validate it once; everything downstream
// (ops' prepare, planner, executor, emitter) may trust it.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "ir/dtype.h"
#include "ir/op_options.h"
#include "ir/op_type.h"

namespace mcuforge::ir {

// Affine quantization: real = scale * (q - zero_point). One entry per tensor, or one per slice along
// `axis` (per-channel). Empty when the tensor is not quantized.
struct Quantization {
  std::vector<float> scale;
  std::vector<int64_t> zero_point;
  int32_t axis = 0;

  bool empty() const { return scale.empty(); }
  bool per_channel() const { return scale.size() > 1; }
};

// What a tensor's memory is: where it lives and who may write it.
enum class TensorKind : uint8_t {
  kActivation,  // a graph input or an op's output: planned into the arena, dies after its last reader
  kConstant,    // data from the model (weights, biases, shapes): read-only, in flash
  kState,       // persists across invocations (SVDF/LSTM state): static RAM, `data` = initial value if any
};

struct Tensor {
  std::string name;
  DType dtype = DType::kFloat32;
  std::vector<int32_t> shape;  // all dims >= 0; empty = scalar
  Quantization quant;
  std::vector<uint8_t> data;   // constant contents, or a state tensor's initial value (little-endian, C order)
  TensorKind kind = TensorKind::kActivation;

  bool is_activation() const { return kind == TensorKind::kActivation; }
  bool is_constant() const { return kind == TensorKind::kConstant; }
  bool is_state() const { return kind == TensorKind::kState; }

  int64_t num_elements() const;
  int64_t num_bytes() const { return num_elements() * static_cast<int64_t>(dtype_size(dtype)); }
  int32_t dim(int i) const { return shape.at(static_cast<size_t>(i)); }
  int rank() const { return static_cast<int>(shape.size()); }
  // Typed view of constant data (the importer checked the size).
  template <typename T>
  const T* data_as() const {
    return reinterpret_cast<const T*>(data.data());
  }
};

constexpr int32_t kNoTensor = -1;  // an optional op input that is absent

struct Op {
  OpType type = OpType::kUnknownBuiltin;
  std::string name;            // source op name: "CONV_2D", "builtin_4000", or the custom op's name
  int32_t index = 0;           // position in Graph::ops, for messages
  int32_t version = 1;         // source op version
  int32_t source_code = kNoTfliteCode;  // the TFLite builtin code of a kUnknownBuiltin op
  std::vector<int32_t> inputs;   // tensor indices; kNoTensor for an absent optional input
  std::vector<int32_t> outputs;  // tensor indices
  // Tensors an op needs beyond its inputs and outputs (the int8 LSTM's gate quantization); kept so
  // that a written model still has them.
  std::vector<int32_t> intermediates;
  OpOptions options;
  std::vector<uint8_t> custom_options;  // a custom op's options (flexbuffers), as the model has them
};

struct Graph {
  std::vector<Tensor> tensors;
  std::vector<Op> ops;  // in a valid execution order
  std::vector<int32_t> inputs;
  std::vector<int32_t> outputs;
  std::string description;  // e.g. the producer of the source file
  std::string name;         // the source graph's name (TFLite subgraph name), may be empty

  const Tensor& tensor(int32_t i) const { return tensors.at(static_cast<size_t>(i)); }
  // Input tensor `k` of `op`, or nullptr when that optional input is absent or k is past the end.
  const Tensor* op_input(const Op& op, size_t k) const;
  const Tensor& op_output(const Op& op, size_t k) const { return tensor(op.outputs.at(k)); }
};

// Human-readable "[1, 49, 10, 1]".
std::string shape_to_string(const std::vector<int32_t>& shape);

}  // namespace mcuforge::ir
