// SPDX-License-Identifier: Apache-2.0
// What the one-input activations LOGISTIC, TANH and HARD_SWISH share: the operand checks, an op base
// that calls the float32 kernel (count, input, output) or an int8 kernel with a params struct (both
// may run in place), and the whole of LOGISTIC and TANH, which differ only in kernels and in the
// output quantization TFLM's int8 kernels produce (logistic.cc and tanh.cc pass a table).
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "ir/graph.h"
#include "mcuforge/mf_activations.h"
#include "ops/op.h"

namespace mcuforge::ops {

// One input and one output of the same shape, and its element count.
struct UnaryOperands {
  const ir::Tensor& in;
  const ir::Tensor& out;
  int32_t count;
};
UnaryOperands unary_operands(const ir::Graph& g, const ir::Op& op);

using UnaryF32Kernel = mf_status (*)(int32_t count, const float* input, float* output);

// float32 (f32 true) or int8; subclasses hold the int8 params and call the int8 kernel.
class UnaryActivationOp : public PreparedOp {
 public:
  UnaryActivationOp(bool f32, int32_t count, UnaryF32Kernel f32_kernel, const char* f32_name, const char* s8_name)
      : f32_(f32), count_(count), f32_kernel_(f32_kernel), f32_name_(f32_name), s8_name_(s8_name) {}
  void run(const OpBuffers& b) const override;
  std::string kernel_name() const override { return f32_ ? f32_name_ : s8_name_; }
  int32_t inplace_input() const override { return 0; }
  void emit(CallWriter& ctx) const override;

 protected:
  virtual mf_status run_s8(int32_t count, const int8_t* input, int8_t* output) const = 0;
  // Declares the int8 params constant; returns its name.
  virtual std::string emit_s8_params(CallWriter& ctx) const = 0;

 private:
  bool f32_;
  int32_t count_;
  UnaryF32Kernel f32_kernel_;
  const char* f32_name_;
  const char* s8_name_;
};

using SigmoidS8Kernel = mf_status (*)(const mf_sigmoid_s8_params* params, int32_t count, const int8_t* input,
                                      int8_t* output);

using SigmoidS16Kernel = mf_status (*)(const mf_sigmoid_s16_params* params, int32_t count, const int16_t* input,
                                       int16_t* output);

// LOGISTIC / TANH: int8 through gemmlowp's fixed point on the input rescaled to Q4.27, int16 through
// TFLM's interpolated sigmoid table (ops/activation_family.h), and float32.
struct SigmoidKernels {
  const char* op_name;        // "LOGISTIC", for messages
  UnaryF32Kernel f32;
  const char* f32_name;
  SigmoidS8Kernel s8;
  const char* s8_name;
  SigmoidS16Kernel s16;
  const char* s16_name;
  int32_t s16_max_pot_shift;  // TFLM takes a power-of-two input scale as is up to this shift
};

// Validates `op` and returns the op calling `kernels` (which must outlive it).
std::unique_ptr<PreparedOp> prepare_sigmoid(const ir::Graph& g, const ir::Op& op, const SigmoidKernels& kernels);

}  // namespace mcuforge::ops
