// SPDX-License-Identifier: Apache-2.0
// What an op sees while it emits its kernel call into the generated model source: C expressions for
// its operands (arena slices, weight arrays, state arrays), and a way to declare constants (params
// structs, per-channel arrays, dims) and append the call. Ops never see file layout or the plan.
// The interface lives here, beside the ops that call it, so that ops do not depend on code generation:
// emit/ implements it (emit::EmitContext) and hands it to PreparedOp::emit().
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "ir/graph.h"
#include "mcuforge/mf_types.h"

namespace mcuforge::ops {

class CallWriter {
 public:
  virtual ~CallWriter() = default;

  // Typed pointer to op input / output k, e.g. "(const int8_t*)(kws_arena + 1024)" or "kws_w12";
  // "NULL" for an absent optional input. Inputs that are variable (state) tensors are mutable.
  virtual std::string input(size_t k) const = 0;
  virtual std::string output(size_t k) const = 0;
  // True when op input `in` and output `out` were planned into the same memory (aliasing/in place).
  virtual bool same_memory(size_t in, size_t out) const = 0;
  // Pointer to this op's scratch area ("NULL" if it has none).
  virtual std::string scratch() const = 0;

  // Declares `static const <ctype> <name> = <initializer>;` and returns the name. The name is
  // "<model>_op<index>_<hint>". Identical declarations of one op are emitted once.
  virtual std::string constant(std::string_view ctype, std::string_view hint, std::string_view initializer) = 0;
  // Declares a const array (`elements` are C expressions) and returns its name.
  virtual std::string array(std::string_view ctype, std::string_view hint,
                            const std::vector<std::string>& elements) = 0;

  // Appends `MF_TRY(kernel(args...));` to the invoke function and records the kernel's source file.
  virtual void call(std::string_view kernel, const std::vector<std::string>& args) = 0;
  // Appends a raw statement (rarely needed).
  virtual void statement(std::string_view stmt) = 0;

  virtual const ir::Graph& graph() const = 0;
  virtual const ir::Op& op() const = 0;

  // Shared helpers for common runtime types, built on constant() and array().
  std::string dims4(std::string_view hint, const mf_dims4& d);
  std::string requant_array(std::string_view hint, std::span<const mf_requant> r);
  // C initializers ("{...}") of runtime structs.
  static std::string requant(const mf_requant& r);
  static std::string act_range(const mf_act_range& a);
  static std::string act_range_f32(const mf_act_range_f32& a);
};

}  // namespace mcuforge::ops
