// SPDX-License-Identifier: Apache-2.0
// Validation and parameter helpers shared by the windowed and matrix ops (CONV_2D,
// DEPTHWISE_CONV_2D, FULLY_CONNECTED, AVERAGE_POOL_2D, MAX_POOL_2D): tensor presence and ranks, the
// dtype combinations the kernels implement, quantization sanity, window geometry (TFLite's output
// size and padding, checked against the model's output shape), bias checks, requantization.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "ir/graph.h"
#include "mcuforge/mf_types.h"

namespace mcuforge::ops {

// Input k of `op`, which must be present; `role` names it in the error ("input", "filter").
const ir::Tensor& required_input(const ir::Graph& g, const ir::Op& op, size_t k, const char* role);
// Optional input k, or nullptr.
const ir::Tensor* optional_input(const ir::Graph& g, const ir::Op& op, size_t k);

// NHWC dims of a rank-4 tensor; op_error otherwise.
mf_dims4 dims4_of(const ir::Op& op, const ir::Tensor& t, const char* role);

// Element type family of a conv-like op: float32, int8 activations x int8 weights, int16 activations
// x int8 weights. Rejects hybrid models and every other combination with a message naming the types.
enum class ConvKind { kF32, kS8, kS16 };
ConvKind conv_kind(const ir::Op& op, const ir::Tensor& input, const ir::Tensor& filter,
                   const ir::Tensor& output);

// Bytes per activation element of a conv-like kernel family.
inline int64_t conv_elem_bytes(ConvKind kind) { return kind == ConvKind::kF32 ? 4 : (kind == ConvKind::kS16 ? 2 : 1); }

// Activations of an integer op: per-tensor quantization present; int16 zero points must be 0 (TFLM's
// 16x8 kernels have no offsets).
void check_activation_quant(const ir::Op& op, const ir::Tensor& t, const char* role);
// Filter: quantized, either per-tensor or per-channel with `channels` scales along `axis`.
void check_filter_quant(const ir::Op& op, const ir::Tensor& filter, int32_t channels, int32_t axis);

// Bias: absent, or `channels` elements of an allowed type for the kind (float32 for kF32, int32 for
// kS8, int32 or int64 for kS16). int64 values must stay within +-2^46 so the 64-bit requantization
// cannot overflow.
void check_bias(const ir::Op& op, const ir::Tensor* bias, ConvKind kind, int32_t channels);

// Sliding-window geometry along one axis: checks stride, filter and dilation, computes TFLite's
// output size and leading padding, and requires the model's output size to agree.
int32_t window_padding(const ir::Op& op, int32_t pad_before, int32_t pad_after, const char* axis, int32_t in,
                       int32_t filter, int32_t stride, int32_t dilation, int32_t out);

// Per-output-channel requantization M_c = s_in * s_w[c] / s_out (double), rejecting multipliers whose
// shift the kernel cannot apply (shift > max_shift: 30 for the 32-bit path, 14 for the 64-bit one).
std::vector<mf_requant> checked_requant(const ir::Op& op, std::vector<mf_requant> requant,
                                        int32_t max_shift);

// "&name" for generated code (appending avoids GCC 12's false -Wrestrict on "&" + std::string).
inline std::string address_of(const std::string& name) {
  std::string r = "&";
  r += name;
  return r;
}

// Accumulator width of an int16x8 CONV_2D or FULLY_CONNECTED, chosen as TFLM's kernels choose it
// (tflite-micro conv.cc / fully_connected.cc since 2026, "Ensure int64 accumulation for bias-less 16x8
// ops"): 32 bits when the bias is int32, or when there is no bias and the op's quantized_bias_type is
// int32; 64 bits otherwise (int64 bias, or no bias with the option unset or int64).
mf_acc_width int16x8_accumulator(const ir::Tensor* bias, const std::optional<ir::DType>& quantized_bias_type);

// The int64 accumulator paths assume |sum of products| < 2^46: accumulation depth below 2^24.
void check_accum_depth(const ir::Op& op, int64_t depth);

}  // namespace mcuforge::ops
