// SPDX-License-Identifier: Apache-2.0
// Checks and parameter helpers shared by the element-wise ops (ADD, MUL, DIV, MAXIMUM, MINIMUM,
// HARD_SWISH, SOFTMAX, LOGISTIC, TANH, QUANTIZE, DEQUANTIZE, CAST): operand counts, TFLite
// broadcasting, fused activation ranges as TFLM computes them, per-tensor quantization sanity.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "ir/graph.h"
#include "mcuforge/mf_convert.h"
#include "mcuforge/mf_elementwise.h"
#include "mcuforge/mf_types.h"

namespace mcuforge::ops {

// Requires exactly `inputs` present inputs and `outputs` outputs; returns input k / output 0.
void ew_require_operands(const ir::Op& op, size_t inputs, size_t outputs);
const ir::Tensor& ew_input(const ir::Graph& g, const ir::Op& op, size_t k);

// TFLite broadcasting of `a` and `b` (right-aligned, size-1 dimensions stretch, at most 6 dims).
// The model's output shape must equal the broadcast shape.
mf_bcast make_bcast(const ir::Op& op, const ir::Tensor& a, const ir::Tensor& b, const ir::Tensor& out);

// Element count of `t` as the kernels take it (int32); op_error beyond 2^31 - 1.
int32_t ew_count(const ir::Op& op, const ir::Tensor& t);

// Fused activation of ADD/MUL/DIV. Float: TFLite's CalculateActivationRange (lowest/max for NONE).
// int32: the same ranges in int32. Quantized: activation_range_quantized. TANH and SIGN_BIT, which
// TFLM rejects for these ops, give an op_error.
mf_act_range_f32 ew_activation_f32(const ir::Op& op, ir::Activation act);
mf_act_range ew_activation_s32(const ir::Op& op, ir::Activation act);
mf_act_range ew_activation_quantized(const ir::Op& op, ir::Activation act, const ir::Tensor& out);

// Per-tensor quantization present with a finite positive scale and a zero point in the type range
// (zero_point_must_be_zero for TFLM's symmetric int16 paths).
void check_per_tensor_quant(const ir::Op& op, const ir::Tensor& t, const std::string& role,
                            bool zero_point_must_be_zero = false);

// Same scale and zero point (per tensor), or both unquantized.
bool ew_same_quant(const ir::Tensor& a, const ir::Tensor& b);

// "int8, int8 -> int16" for messages.
std::string dtype_signature(const ir::Graph& g, const ir::Op& op);

// The conversion kernels' element type for a dtype; op_error for other types.
mf_elem_type elem_type(const ir::Op& op, ir::DType t);

// Bytes of one element of a conversion kernel's element type.
size_t elem_size(mf_elem_type t);

// Input (0 or 1) of a broadcasting binary op that the kernel may overwrite with its output: one
// whose shape is not broadcast (the kernel reads element i of it just before writing output i).
// -1 when both inputs are broadcast.
int32_t bcast_inplace_input(const mf_bcast& shape, const ir::Tensor& a, const ir::Tensor& b,
                            const ir::Tensor& out);

// Code generation helpers: C initializers for mf_bcast and int32 activation ranges (INT32_MIN
// spelled portably), and the enumerator name of an element type ("MF_ELEM_INT8").
std::string bcast_initializer(const mf_bcast& b);
std::string act_range_initializer(const mf_act_range& a);
std::string elem_type_name(mf_elem_type t);

}  // namespace mcuforge::ops
