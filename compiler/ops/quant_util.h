// SPDX-License-Identifier: Apache-2.0
// Prepare-time arithmetic shared by ops, reproducing TFLite's exactly (tflm-arithmetic.md §2.1,
// §2.7, §2.8): QuantizeMultiplier, fused activation ranges (padding: ir/padding.h).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "ir/graph.h"
#include "mcuforge/mf_types.h"

namespace mcuforge::ops {

// M ~= multiplier * 2^(shift - 31). M == 0 or M < ~2^-32 gives {0, 0}.
mf_requant quantize_multiplier(double m);

// Range of a quantized output after the fused activation (clamp applied after adding the zero point).
mf_act_range activation_range_quantized(ir::Activation act, const ir::Tensor& output);
mf_act_range_f32 activation_range_f32(ir::Activation act);

// Checks `out` against the fixed output quantization the op facts give for this op and dtype pair
// (opdefs::fixed_output_quant: softmax, logistic, tanh); with `zero_point_only`, as TFLM checks the int8
// sigmoids, only the zero point. Calls op_error with `hint` on a mismatch.
void check_fixed_output_quant(const ir::Op& op, const ir::Tensor& in, const ir::Tensor& out, bool zero_point_only,
                              const std::string& hint);

// Scale and zero point of a per-tensor quantized tensor (first entry).
inline double scale_of(const ir::Tensor& t) { return t.quant.empty() ? 0.0 : t.quant.scale[0]; }
inline int32_t zero_point_of(const ir::Tensor& t) {
  return t.quant.empty() ? 0 : static_cast<int32_t>(t.quant.zero_point[0]);
}

// Per-channel requantization for conv/depthwise/FC: M_c = (s_in * s_w[c]) / s_out in double, in that
// order. A per-tensor filter scale is replicated to all `channels`.
std::vector<mf_requant> per_channel_requant(const ir::Tensor& input, const ir::Tensor& filter,
                                            const ir::Tensor& output, int32_t channels);

}  // namespace mcuforge::ops
