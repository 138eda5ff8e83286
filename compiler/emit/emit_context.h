// SPDX-License-Identifier: Apache-2.0
// What an op sees while it emits its kernel call into the generated model source: C expressions for
// its operands (arena slices, weight arrays, state arrays), and a way to declare constants (params
// structs, per-channel arrays, dims) and append the call. Ops never see file layout or the plan.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "ir/graph.h"
#include "mcuforge/mf_types.h"

namespace mcuforge::emit {

class ModelWriter;

class EmitContext {
 public:
  EmitContext(ModelWriter& writer, const ir::Graph& graph, const ir::Op& op);

  // Typed pointer to op input / output k, e.g. "(const int8_t*)(kws_arena + 1024)" or "kws_w12";
  // "NULL" for an absent optional input. Inputs that are variable (state) tensors are mutable.
  std::string input(size_t k) const;
  std::string output(size_t k) const;
  // True when op input `in` and output `out` were planned into the same memory (aliasing/in place).
  bool same_memory(size_t in, size_t out) const;
  // Pointer to this op's scratch area ("NULL" if it has none).
  std::string scratch() const;

  // Declares `static const <ctype> <name> = <initializer>;` and returns the name. The name is
  // "<model>_op<index>_<hint>". Identical declarations of one op are emitted once.
  std::string constant(std::string_view ctype, std::string_view hint, std::string_view initializer);
  // Declares a const array (`elements` are C expressions) and returns its name.
  std::string array(std::string_view ctype, std::string_view hint, const std::vector<std::string>& elements);

  // Shared helpers for common runtime types.
  std::string dims4(std::string_view hint, const mf_dims4& d);
  std::string requant_array(std::string_view hint, std::span<const mf_requant> r);
  static std::string requant(const mf_requant& r);
  static std::string act_range(const mf_act_range& a);
  static std::string act_range_f32(const mf_act_range_f32& a);

  // Appends `MF_TRY(kernel(args...));` to the invoke function and records the kernel's source file.
  void call(std::string_view kernel, const std::vector<std::string>& args);
  // Appends a raw statement (rarely needed).
  void statement(std::string_view stmt);

  const ir::Graph& graph() const { return graph_; }
  const ir::Op& op() const { return op_; }

 private:
  std::string operand(int32_t tensor, bool writable) const;

  ModelWriter& writer_;
  const ir::Graph& graph_;
  const ir::Op& op_;
};

}  // namespace mcuforge::emit
