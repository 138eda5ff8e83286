// SPDX-License-Identifier: Apache-2.0
// Code generation's side of ops::CallWriter (ops/call_writer.h): operands are the planned homes of the
// op's tensors in the ModelWriter (arena offsets, weight and state arrays), and constants and calls are
// appended to the model source it collects.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "ir/graph.h"
#include "ops/call_writer.h"

namespace mcuforge::emit {

class ModelWriter;

class EmitContext final : public ops::CallWriter {
 public:
  EmitContext(ModelWriter& writer, const ir::Graph& graph, const ir::Op& op);

  std::string input(size_t k) const override;
  std::string output(size_t k) const override;
  bool same_memory(size_t in, size_t out) const override;
  std::string scratch() const override;
  std::string constant(std::string_view ctype, std::string_view hint, std::string_view initializer) override;
  std::string array(std::string_view ctype, std::string_view hint, const std::vector<std::string>& elements) override;
  void call(std::string_view kernel, const std::vector<std::string>& args) override;
  void statement(std::string_view stmt) override;
  const ir::Graph& graph() const override { return graph_; }
  const ir::Op& op() const override { return op_; }

 private:
  std::string operand(int32_t tensor, bool writable) const;

  ModelWriter& writer_;
  const ir::Graph& graph_;
  const ir::Op& op_;
};

}  // namespace mcuforge::emit
