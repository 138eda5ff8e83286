// SPDX-License-Identifier: Apache-2.0
#include "ops/conv_util.h"

#include "ir/padding.h"

#include <cstdlib>

#include "ops/op.h"
#include "ops/quant_util.h"

namespace mcuforge::ops {
namespace {

std::string type_name(const ir::Tensor& t) { return std::string(ir::dtype_name(t.dtype)); }

constexpr const char* kFullIntHint =
    "convert with full-integer quantization (tf.lite.Optimize.DEFAULT with a representative dataset "
    "and TFLITE_BUILTINS_INT8, or the int16x8 mode), or keep the whole model in float32";

}  // namespace

const ir::Tensor& required_input(const ir::Graph& g, const ir::Op& op, size_t k, const char* role) {
  const ir::Tensor* t = g.op_input(op, k);
  if (!t) op_error(op, std::string("the ") + role + " (input " + std::to_string(k) + ") is missing");
  return *t;
}

const ir::Tensor* optional_input(const ir::Graph& g, const ir::Op& op, size_t k) {
  return g.op_input(op, k);
}

mf_dims4 dims4_of(const ir::Op& op, const ir::Tensor& t, const char* role) {
  if (t.rank() != 4) {
    op_error(op, std::string("the ") + role + " must have rank 4 (NHWC) but has shape " +
                     ir::shape_to_string(t.shape));
  }
  for (int32_t d : t.shape) {
    if (d <= 0) {
      op_error(op, std::string("the ") + role + " has an empty dimension: " + ir::shape_to_string(t.shape));
    }
  }
  if (t.num_elements() > INT32_MAX) {
    op_error(op, std::string("the ") + role + " has more than 2^31 elements");
  }
  return {t.dim(0), t.dim(1), t.dim(2), t.dim(3)};
}

ConvKind conv_kind(const ir::Op& op, const ir::Tensor& input, const ir::Tensor& filter,
                   const ir::Tensor& output) {
  using ir::DType;
  const std::string combo = "input " + type_name(input) + ", weights " + type_name(filter) +
                            ", output " + type_name(output);
  if (input.dtype == DType::kFloat32 && filter.dtype != DType::kFloat32) {
    op_error(op, "hybrid models (float32 activations with " + type_name(filter) +
                     " weights) are not supported (" + combo + ")",
             kFullIntHint);
  }
  if (input.dtype == DType::kFloat32 && output.dtype == DType::kFloat32) return ConvKind::kF32;
  if (input.dtype == DType::kInt8 && filter.dtype == DType::kInt8 && output.dtype == DType::kInt8) {
    return ConvKind::kS8;
  }
  if (input.dtype == DType::kInt16 && filter.dtype == DType::kInt8 && output.dtype == DType::kInt16) {
    return ConvKind::kS16;
  }
  op_error(op, "unsupported type combination: " + combo,
           "supported: float32; int8 activations with int8 weights; int16 activations with int8 "
           "weights (16x8). " + std::string(kFullIntHint));
}

void check_activation_quant(const ir::Op& op, const ir::Tensor& t, const char* role) {
  if (t.quant.empty()) {
    op_error(op, std::string("the ") + role + " (" + type_name(t) + ") has no quantization parameters",
             kFullIntHint);
  }
  if (t.quant.per_channel()) {
    op_error(op, std::string("the ") + role + " is quantized per channel; activations must be per-tensor");
  }
  if (t.dtype == ir::DType::kInt16 && zero_point_of(t) != 0) {
    op_error(op, std::string("the int16 ") + role + " has zero point " +
                     std::to_string(zero_point_of(t)) + "; 16x8 kernels require symmetric int16 (zero point 0)",
             "quantize int16 activations symmetrically (the TFLite int16x8 mode does)");
  }
}

void check_filter_quant(const ir::Op& op, const ir::Tensor& filter, int32_t channels, int32_t axis) {
  if (filter.quant.empty()) {
    op_error(op, "the weights (" + type_name(filter) + ") have no quantization parameters", kFullIntHint);
  }
  if (filter.quant.per_channel() &&
      (filter.quant.axis != axis || static_cast<int64_t>(filter.quant.scale.size()) != channels)) {
    op_error(op, "the weights have " + std::to_string(filter.quant.scale.size()) +
                     " per-channel scales along dimension " + std::to_string(filter.quant.axis) +
                     " but the op needs " + std::to_string(channels) + " along dimension " +
                     std::to_string(axis));
  }
}

void check_bias(const ir::Op& op, const ir::Tensor* bias, ConvKind kind, int32_t channels) {
  if (!bias) return;
  using ir::DType;
  const bool ok = (kind == ConvKind::kF32 && bias->dtype == DType::kFloat32) ||
                  (kind == ConvKind::kS8 && bias->dtype == DType::kInt32) ||
                  (kind == ConvKind::kS16 && (bias->dtype == DType::kInt32 || bias->dtype == DType::kInt64));
  if (!ok) {
    op_error(op, "bias of type " + type_name(*bias) + " is not supported here",
             "the bias must be float32 for float ops, int32 for int8 ops, int32 or int64 for int16x8 ops");
  }
  if (bias->num_elements() != channels) {
    op_error(op, "the bias has " + std::to_string(bias->num_elements()) + " elements but there are " +
                     std::to_string(channels) + " output channels");
  }
  if (bias->dtype == DType::kInt64 && bias->is_constant()) {
    constexpr int64_t kLimit = int64_t{1} << 46;
    const int64_t* v = bias->data_as<int64_t>();
    for (int32_t i = 0; i < channels; ++i) {
      if (v[i] >= kLimit || v[i] <= -kLimit) {
        op_error(op, "int64 bias value " + std::to_string(v[i]) + " is out of range (|bias| < 2^46)",
                 "the model's bias quantization is broken; re-quantize it");
      }
    }
  }
}

int32_t window_padding(const ir::Op& op, int32_t pad_before, int32_t pad_after, const char* axis, int32_t in,
                       int32_t filter, int32_t stride, int32_t dilation, int32_t out) {
  // Bounds that keep every intermediate of the geometry in int32 and are far beyond real models.
  constexpr int64_t kMax = int64_t{1} << 24;
  if (stride < 1 || stride > kMax) {
    op_error(op, std::string("stride_") + axis + " is " + std::to_string(stride) + "; it must be >= 1");
  }
  if (dilation < 1 || dilation > kMax) {
    op_error(op, std::string("dilation_") + axis + " is " + std::to_string(dilation) + "; it must be >= 1");
  }
  if (filter < 1 || filter > kMax) {
    op_error(op, std::string("the filter ") + axis + " size is " + std::to_string(filter) +
                     "; it must be >= 1");
  }
  const int64_t eff = (int64_t{filter} - 1) * dilation + 1;
  if (eff > kMax) op_error(op, std::string("the dilated filter ") + axis + " extent is too large");
  if (pad_before < 0 || pad_after < 0 || pad_before > kMax || pad_after > kMax) {
    op_error(op, std::string("the ") + axis + " padding (" + std::to_string(pad_before) + ", " +
                     std::to_string(pad_after) + ") must be between 0 and 2^24");
  }
  // The pads come from SAME/VALID through ir::resolve_padding (TFLite's rule) or from the model.
  const int64_t expect = ir::window_output_size(in, pad_before, pad_after, filter, stride, dilation);
  if (expect < 1) {
    op_error(op, std::string("the filter (") + std::to_string(eff) + ") is larger than the input " + axis +
                     " (" + std::to_string(in) + ") with its padding (" + std::to_string(pad_before) + " + " +
                     std::to_string(pad_after) + ")");
  }
  if (expect != out) {
    op_error(op, std::string("output ") + axis + " is " + std::to_string(out) + " but the input " + axis +
                     ", filter, stride and padding give " + std::to_string(expect));
  }
  return pad_before;
}

std::vector<mf_requant> checked_requant(const ir::Op& op, std::vector<mf_requant> requant,
                                        int32_t max_shift) {
  for (const mf_requant& r : requant) {
    if (r.shift > max_shift) {
      op_error(op, "the requantization multiplier input_scale * weight_scale / output_scale is 2^" +
                       std::to_string(r.shift) + " or more, beyond what the kernel can apply (2^" +
                       std::to_string(max_shift) + ")",
               "the model's output scale is implausibly small; re-quantize the model");
    }
  }
  return requant;
}

mf_acc_width int16x8_accumulator(const ir::Tensor* bias, const std::optional<ir::DType>& quantized_bias_type) {
  if (bias) return bias->dtype == ir::DType::kInt32 ? MF_ACC32 : MF_ACC64;
  return quantized_bias_type == ir::DType::kInt32 ? MF_ACC32 : MF_ACC64;
}

void check_accum_depth(const ir::Op& op, int64_t depth) {
  if (depth >= (int64_t{1} << 24)) {
    op_error(op, "accumulation depth " + std::to_string(depth) + " is too large for a 64-bit accumulator");
  }
}

}  // namespace mcuforge::ops
