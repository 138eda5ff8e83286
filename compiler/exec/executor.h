// SPDX-License-Identifier: Apache-2.0
// The host executor: runs a graph op by op with the runtime kernels, each tensor in its own buffer.
// It is the reference path: generated code must reproduce its outputs byte for byte.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "ir/graph.h"
#include "ops/op.h"

namespace mcuforge::exec {

class Executor {
 public:
  // Prepares every op; throws mcuforge::Error if any op cannot run. `graph` must outlive the executor.
  // With `allow_unsupported`, ops that cannot run are kept as gaps (for per-op tests); invoke() and
  // run_op() then throw when they reach one.
  explicit Executor(const ir::Graph& graph, bool allow_unsupported = false);

  // One inference. `inputs[k]` holds the raw bytes of graph input k and must have exactly its size.
  // Returns the raw bytes of every graph output. State (variable tensors) persists across calls.
  std::vector<std::vector<uint8_t>> invoke(const std::vector<std::vector<uint8_t>>& inputs);

  const std::vector<std::unique_ptr<ops::PreparedOp>>& prepared_ops() const { return prepared_; }

  // Value of any tensor after the last invoke (for per-layer debugging).
  const std::vector<uint8_t>& tensor_bytes(int32_t index) const;

  // Per-op testing: overwrite a non-constant tensor, run op `i` alone.
  void set_tensor(int32_t index, const std::vector<uint8_t>& bytes);
  void run_op(size_t i);
  bool op_supported(size_t i) const { return prepared_[i] != nullptr; }

 private:
  void* tensor_ptr(int32_t index);

  const ir::Graph& graph_;
  std::vector<std::unique_ptr<ops::PreparedOp>> prepared_;
  std::vector<std::vector<uint8_t>> buffers_;  // one per non-constant (or variable) tensor
  std::vector<uint8_t> scratch_;
};

// Raw byte sizes of the graph's inputs, in order.
std::vector<int64_t> input_sizes(const ir::Graph& graph);

}  // namespace mcuforge::exec
