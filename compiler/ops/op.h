// SPDX-License-Identifier: Apache-2.0
// The compiler side of an operator: `prepare_<stem>` (one file per op, listed in ops.def) validates
// the op against the graph, precomputes everything the runtime kernel needs (multipliers, shifts,
// activation ranges, padding, scratch size) and returns a PreparedOp that can run the kernel on host
// buffers. Generated code (issue #3) emits the same kernel call with the same parameters.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>

#include "ir/graph.h"

namespace mcuforge::ops {

class CallWriter;  // ops/call_writer.h

// Host buffers for one op: one pointer per op input (nullptr where an optional input is absent) and
// per output, plus scratch memory of scratch_bytes() bytes (16-byte aligned). Variable (state)
// tensors are passed as inputs and may be written.
struct OpBuffers {
  std::span<void* const> inputs;
  std::span<void* const> outputs;
  void* scratch = nullptr;
};

// Instruction-set features of the target core that kernel variant choice depends on
// (emit::CompileOptions::core). The host executor uses none: it always runs the reference kernels.
struct TargetFeatures {
  bool dsp = false;  // Arm DSP extension (SXTB16, SMLAD, ...): runtime/kernels/arch/cm_dsp/ variants
};

class PreparedOp {
 public:
  virtual ~PreparedOp() = default;
  // Runs the runtime kernel. Throws std::logic_error if the kernel reports a failed precondition
  // (a compiler bug: prepare must rule out every case the kernel rejects).
  virtual void run(const OpBuffers& buffers) const = 0;
  virtual size_t scratch_bytes() const { return 0; }
  // Name of the runtime kernel it calls, e.g. "mf_conv2d_s8" (for reports).
  virtual std::string kernel_name() const = 0;

  // Code generation picks the kernel variant for the target before it asks scratch_bytes(),
  // output_overlap() and kernel_name() and calls emit(); run() keeps calling the reference kernel.
  // A variant gives identical output (tests: runtime/kernels/arch/variants_test.cc).
  virtual void select_variant(const TargetFeatures&) {}
  // A slower variant with a smaller scratch (after select_variant), for the compiler's memory-aware
  // choice: it is used where it makes the arena smaller (emit/compile.cc).
  virtual bool has_low_memory_variant() const { return false; }
  virtual void use_low_memory_variant(bool on) { (void)on; }

  // Code generation: declare the kernel's parameters as C constants and append the same kernel call
  // that run() makes (ops/call_writer.h; emit/ implements it). The default throws an Error naming
  // the op.
  virtual void emit(CallWriter& ctx) const;

  // Memory planning hints. Output 0 holds input 0's bytes unchanged (RESHAPE-like): the planner may
  // give both the same memory, and the kernel then sees input == output.
  virtual bool output_aliases_input() const { return false; }
  // Index of an input the kernel may overwrite with output 0 (element-wise kernels that read each
  // element before writing it), or -1. The planner uses it only when that input dies at this op.
  virtual int32_t inplace_input() const { return -1; }

  // Generalises inplace_input() to kernels that write output 0 in increasing address order while
  // still reading input `input` further ahead (sliding windows): output 0 may share that input's
  // memory if it starts at least `distance` bytes below it. The default is inplace_input() with
  // distance 0. Optimized kernel variants must keep the access order this promise relies on.
  struct Overlap {
    int32_t input = -1;
    int64_t distance = 0;
  };
  virtual Overlap output_overlap() const { return {inplace_input(), 0}; }
};

using PrepareFn = std::unique_ptr<PreparedOp> (*)(const ir::Graph& graph, const ir::Op& op);

// The prepare function for an op type, or nullptr.
PrepareFn find_prepare(ir::OpType type);

// Prepares `op`; throws mcuforge::Error naming the op when it cannot run (custom op, unsupported
// builtin, unsupported dtype combination, inconsistent shapes, nonsensical options).
std::unique_ptr<PreparedOp> prepare(const ir::Graph& graph, const ir::Op& op);

// Throws mcuforge::Error "op <index> (<NAME>): <what>" with a hint.
[[noreturn]] void op_error(const ir::Op& op, const std::string& what, const std::string& hint = {});

// Checks a kernel's status (see PreparedOp::run).
void check_status(int status, const char* kernel);

}  // namespace mcuforge::ops
