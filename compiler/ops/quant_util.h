// SPDX-License-Identifier: Apache-2.0
// Prepare-time arithmetic shared by ops, reproducing TFLite's exactly (tflm-arithmetic.md §2.1,
// §2.7, §2.8): QuantizeMultiplier, fused activation ranges, padding and output sizes.
#pragma once

#include <cstdint>
#include <vector>

#include "ir/graph.h"
#include "mcuforge/mf_types.h"

namespace mcuforge::ops {

// M ~= multiplier * 2^(shift - 31). M == 0 or M < ~2^-32 gives {0, 0}.
mf_requant quantize_multiplier(double m);

// Range of a quantized output after the fused activation (clamp applied after adding the zero point).
mf_act_range activation_range_quantized(ir::Activation act, const ir::Tensor& output);
mf_act_range_f32 activation_range_f32(ir::Activation act);

// TFLite output size for SAME / VALID padding with dilation.
int32_t conv_output_size(ir::Padding padding, int32_t in, int32_t filter, int32_t stride,
                         int32_t dilation);
// Padding before the first element (the extra element of odd padding goes at the end).
int32_t conv_padding(int32_t stride, int32_t dilation, int32_t in, int32_t filter, int32_t out);

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
