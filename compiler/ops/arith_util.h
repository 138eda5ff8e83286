// SPDX-License-Identifier: Apache-2.0
// What ADD, MUL and DIV share: the operand checks (two inputs and an output of one element type,
// TFLite broadcasting, the fused activation), the op base (run, emit) and the float32 / int32 ops,
// which differ between them only in their kernels (add.cc, mul.cc and div.cc pass a table). The
// quantized int8 / int16 params and checks are each op's own.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "ir/graph.h"
#include "mcuforge/mf_elementwise.h"
#include "ops/op.h"

namespace mcuforge::ops {

struct ArithOperands {
  const ir::Tensor& a;
  const ir::Tensor& b;
  const ir::Tensor& out;
  ir::Activation act;  // the fused activation (NONE without options)
  mf_bcast shape;
  int32_t inplace;  // bcast_inplace_input
};
// `name` ("ADD") is for messages.
ArithOperands arith_operands(const ir::Graph& g, const ir::Op& op, const std::string& name);

// Output elements of a broadcast (the MACs of a MUL).
int64_t bcast_elements(const mf_bcast& shape);

// Base of the ADD / MUL / DIV ops: one kernel taking a params struct, both inputs and the output.
class BinaryArithOp : public PreparedOp {
 public:
  BinaryArithOp(const char* kernel, int32_t inplace) : kernel_(kernel), inplace_(inplace) {}
  void run(const OpBuffers& b) const override;
  std::string kernel_name() const override { return kernel_; }
  int32_t inplace_input() const override { return inplace_; }
  void emit(CallWriter& ctx) const override;

 protected:
  // Calls the kernel on (input 1, input 2, output).
  virtual mf_status call(const void* x, const void* y, void* out) const = 0;
  // Declares the params constant; returns its name.
  virtual std::string emit_params(CallWriter& ctx) const = 0;

 private:
  const char* kernel_;
  int32_t inplace_;
};

using ArithF32Kernel = mf_status (*)(const mf_arith_f32_params*, const float*, const float*, float*);
using ArithS32Kernel = mf_status (*)(const mf_arith_s32_params*, const int32_t*, const int32_t*, int32_t*);

struct ArithKernels {
  ArithF32Kernel f32;
  const char* f32_name;
  ArithS32Kernel s32;
  const char* s32_name;
};

// The float32 / int32 op with TFLite's activation range for `operands.act` (ew_activation_f32 /
// ew_activation_s32); `kernels` must outlive it.
std::unique_ptr<PreparedOp> make_arith_f32(const ir::Op& op, const ArithKernels& kernels, const ArithOperands& operands);
std::unique_ptr<PreparedOp> make_arith_s32(const ir::Op& op, const ArithKernels& kernels, const ArithOperands& operands);

}  // namespace mcuforge::ops
