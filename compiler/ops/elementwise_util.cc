// SPDX-License-Identifier: Apache-2.0
#include "ops/elementwise_util.h"

#include <fmt/format.h>

#include <cmath>
#include <limits>

#include "c99/c_literals.h"
#include "ops/op.h"
#include "ops/quant_util.h"

namespace mcuforge::ops {

void ew_require_operands(const ir::Op& op, size_t inputs, size_t outputs) {
  if (op.inputs.size() != inputs || op.outputs.size() != outputs) {
    op_error(op, "expects " + std::to_string(inputs) + " input(s) and " + std::to_string(outputs) +
                     " output(s), the model has " + std::to_string(op.inputs.size()) + " and " +
                     std::to_string(op.outputs.size()));
  }
  for (size_t k = 0; k < inputs; ++k) {
    if (op.inputs[k] == ir::kNoTensor) op_error(op, "input " + std::to_string(k) + " is missing");
  }
}

const ir::Tensor& ew_input(const ir::Graph& g, const ir::Op& op, size_t k) {
  return g.tensor(op.inputs.at(k));
}

mf_bcast make_bcast(const ir::Op& op, const ir::Tensor& a, const ir::Tensor& b, const ir::Tensor& out) {
  constexpr int kDims = MF_BCAST_DIMS;
  if (a.rank() > kDims || b.rank() > kDims) {
    op_error(op, "inputs of rank " + std::to_string(a.rank()) + " and " + std::to_string(b.rank()) +
                     " exceed the supported " + std::to_string(kDims) + " dimensions");
  }
  ew_count(op, a);
  ew_count(op, b);
  // Right-align both shapes into kDims dimensions, padding with 1s in front.
  auto padded = [&](const ir::Tensor& t) {
    std::vector<int64_t> d(kDims, 1);
    for (int i = 0; i < t.rank(); ++i) d[static_cast<size_t>(kDims - t.rank() + i)] = t.dim(i);
    return d;
  };
  const std::vector<int64_t> da = padded(a), db = padded(b);
  std::vector<int32_t> expected;
  const int rank = std::max(a.rank(), b.rank());
  mf_bcast r{};
  int64_t sa = 1, sb = 1;
  for (int d = kDims - 1; d >= 0; --d) {
    const size_t i = static_cast<size_t>(d);
    int64_t o;
    if (da[i] == db[i]) {
      o = da[i];
    } else if (da[i] == 1) {
      o = db[i];
    } else if (db[i] == 1) {
      o = da[i];
    } else {
      op_error(op, "input shapes " + ir::shape_to_string(a.shape) + " and " +
                       ir::shape_to_string(b.shape) + " cannot be broadcast together",
               "each dimension (aligned from the right) must be equal or 1 in one of the inputs");
    }
    r.dims[i] = static_cast<int32_t>(o);
    r.stride1[i] = da[i] == 1 ? 0 : static_cast<int32_t>(sa);
    r.stride2[i] = db[i] == 1 ? 0 : static_cast<int32_t>(sb);
    sa *= da[i];
    sb *= db[i];
    if (d >= kDims - rank) expected.insert(expected.begin(), static_cast<int32_t>(o));
  }
  if (out.shape != expected) {
    op_error(op, "output shape " + ir::shape_to_string(out.shape) + " is not the broadcast shape " +
                     ir::shape_to_string(expected) + " of the inputs " + ir::shape_to_string(a.shape) +
                     " and " + ir::shape_to_string(b.shape));
  }
  ew_count(op, out);
  return r;
}

int32_t ew_count(const ir::Op& op, const ir::Tensor& t) {
  const int64_t n = t.num_elements();
  if (n > std::numeric_limits<int32_t>::max()) {
    op_error(op, "tensor '" + t.name + "' has " + std::to_string(n) + " elements, more than 2^31 - 1");
  }
  return static_cast<int32_t>(n);
}

namespace {
void reject_unsupported_activation(const ir::Op& op, ir::Activation act) {
  if (act == ir::Activation::kTanh || act == ir::Activation::kSignBit) {
    op_error(op, "fused activation TANH / SIGN_BIT is not supported for this op (TFLM rejects it too)",
             "use NONE, RELU, RELU6 or RELU_N1_TO_1, or a separate activation op");
  }
}
}  // namespace

mf_act_range_f32 ew_activation_f32(const ir::Op& op, ir::Activation act) {
  reject_unsupported_activation(op, act);
  switch (act) {
    case ir::Activation::kRelu: return {0.0f, std::numeric_limits<float>::max()};
    case ir::Activation::kRelu6: return {0.0f, 6.0f};
    case ir::Activation::kReluN1To1: return {-1.0f, 1.0f};
    default: return {std::numeric_limits<float>::lowest(), std::numeric_limits<float>::max()};
  }
}

mf_act_range ew_activation_s32(const ir::Op& op, ir::Activation act) {
  reject_unsupported_activation(op, act);
  switch (act) {
    case ir::Activation::kRelu: return {0, std::numeric_limits<int32_t>::max()};
    case ir::Activation::kRelu6: return {0, 6};
    case ir::Activation::kReluN1To1: return {-1, 1};
    default: return {std::numeric_limits<int32_t>::min(), std::numeric_limits<int32_t>::max()};
  }
}

mf_act_range ew_activation_quantized(const ir::Op& op, ir::Activation act, const ir::Tensor& out) {
  reject_unsupported_activation(op, act);
  const mf_act_range r = activation_range_quantized(act, out);
  if (r.min > r.max) {
    op_error(op, "the fused activation's range is empty for the output quantization",
             "check the output tensor's scale and zero point");
  }
  return r;
}

void check_per_tensor_quant(const ir::Op& op, const ir::Tensor& t, const std::string& role,
                            bool zero_point_must_be_zero) {
  if (t.quant.empty() || t.quant.zero_point.empty()) {
    op_error(op, role + " '" + t.name + "' (" + std::string(ir::dtype_name(t.dtype)) +
                     ") has no quantization parameters", "quantize the model fully (int8 / int16x8)");
  }
  if (t.quant.per_channel()) {
    op_error(op, role + " '" + t.name + "' is quantized per channel, which this op does not support");
  }
  const float s = t.quant.scale[0];
  if (!(std::isfinite(s) && s > 0.0f)) {
    op_error(op, role + " '" + t.name + "' has scale " + std::to_string(s) + ", expected a finite value > 0");
  }
  const int64_t zp = t.quant.zero_point[0];
  if (zero_point_must_be_zero && zp != 0) {
    op_error(op, role + " '" + t.name + "' has zero point " + std::to_string(zp) +
                     "; TFLM's int16 kernels require 0");
  }
  if (ir::dtype_is_integer(t.dtype) && (zp < ir::dtype_min(t.dtype) || zp > ir::dtype_max(t.dtype))) {
    op_error(op, role + " '" + t.name + "' has zero point " + std::to_string(zp) + " outside the " +
                     std::string(ir::dtype_name(t.dtype)) + " range");
  }
}

bool ew_same_quant(const ir::Tensor& a, const ir::Tensor& b) {
  return a.quant.scale == b.quant.scale && a.quant.zero_point == b.quant.zero_point;
}

std::string dtype_signature(const ir::Graph& g, const ir::Op& op) {
  std::string s;
  for (size_t k = 0; k < op.inputs.size(); ++k) {
    if (k) s += ", ";
    s += op.inputs[k] == ir::kNoTensor ? "none" : std::string(ir::dtype_name(g.tensor(op.inputs[k]).dtype));
  }
  s += " -> ";
  for (size_t k = 0; k < op.outputs.size(); ++k) {
    if (k) s += ", ";
    s += std::string(ir::dtype_name(g.tensor(op.outputs[k]).dtype));
  }
  return s;
}

mf_elem_type elem_type(const ir::Op& op, ir::DType t) {
  switch (t) {
    case ir::DType::kInt8: return MF_ELEM_INT8;
    case ir::DType::kUInt8: return MF_ELEM_UINT8;
    case ir::DType::kInt16: return MF_ELEM_INT16;
    case ir::DType::kInt32: return MF_ELEM_INT32;
    case ir::DType::kUInt32: return MF_ELEM_UINT32;
    case ir::DType::kFloat32: return MF_ELEM_FLOAT32;
    case ir::DType::kBool: return MF_ELEM_BOOL;
    default:
      op_error(op, "element type " + std::string(ir::dtype_name(t)) + " is not supported",
               "supported: int8, uint8, int16, int32, uint32, float32, bool");
  }
}

size_t elem_size(mf_elem_type t) {
  switch (t) {
    case MF_ELEM_INT16: return 2;
    case MF_ELEM_INT32:
    case MF_ELEM_UINT32:
    case MF_ELEM_FLOAT32: return 4;
    default: return 1;
  }
}

int32_t bcast_inplace_input(const mf_bcast& shape, const ir::Tensor& a, const ir::Tensor& b,
                            const ir::Tensor& out) {
  // An input is read at offset i for output i exactly when its strides are the output's dense
  // C-order strides along every dimension of extent > 1 (no broadcast dimension).
  auto dense = [&](const int32_t* stride) {
    int64_t s = 1;
    for (int d = MF_BCAST_DIMS - 1; d >= 0; --d) {
      if (shape.dims[d] > 1 && stride[d] != s) return false;
      s *= shape.dims[d];
    }
    return true;
  };
  if (a.dtype == out.dtype && a.num_elements() == out.num_elements() && dense(shape.stride1)) return 0;
  if (b.dtype == out.dtype && b.num_elements() == out.num_elements() && dense(shape.stride2)) return 1;
  return -1;
}

std::string bcast_initializer(const mf_bcast& b) {
  auto list = [](const int32_t* v) {
    std::string s;
    for (int d = 0; d < MF_BCAST_DIMS; ++d) s += fmt::format("{}{}", d ? ", " : "", v[d]);
    return s;
  };
  return fmt::format("{{{{{}}}, {{{}}}, {{{}}}}}", list(b.dims), list(b.stride1), list(b.stride2));
}

std::string act_range_initializer(const mf_act_range& a) {
  return fmt::format("{{{}, {}}}", c99::int_literal(a.min), c99::int_literal(a.max));
}

std::string elem_type_name(mf_elem_type t) {
  switch (t) {
    case MF_ELEM_INT8: return "MF_ELEM_INT8";
    case MF_ELEM_UINT8: return "MF_ELEM_UINT8";
    case MF_ELEM_INT16: return "MF_ELEM_INT16";
    case MF_ELEM_INT32: return "MF_ELEM_INT32";
    case MF_ELEM_UINT32: return "MF_ELEM_UINT32";
    case MF_ELEM_FLOAT32: return "MF_ELEM_FLOAT32";
    default: return "MF_ELEM_BOOL";
  }
}

}  // namespace mcuforge::ops
