// SPDX-License-Identifier: Apache-2.0
// The table of op facts: one row per op type that has any. Shape rules are in shape_rules.cc.
#include <array>
#include <cmath>
#include <map>

#include "opdefs/op_def.h"
#include "opdefs/shape_rules.h"

namespace mcuforge::opdefs {
namespace {

using ir::DType;
using ir::OpType;

OutputQuant same_as_input(int32_t input = 0) { return {OutputQuantRule::kSameAsInput, input, {}}; }
OutputQuant fixed(std::vector<FixedQuant> f) { return {OutputQuantRule::kFixed, 0, std::move(f)}; }

// TFLM's kernels produce only these output parameters (tflm-arithmetic.md: softmax, logistic, tanh).
// The int8 sigmoids fix only the zero point in TFLM's prepare (the scale is what the converter writes),
// so their scales are accepted within 0.1%, like the int16 forms.
const std::vector<FixedQuant> kSoftmaxOut = {{DType::kInt8, 1.0 / 256, -128, std::nullopt, 0},
                                             {DType::kInt16, 1.0 / 65536, -32768, DType::kInt8, 1e-3},
                                             {DType::kInt16, 1.0 / 32768, 0, DType::kInt16, 1e-3}};
const std::vector<FixedQuant> kLogisticOut = {{DType::kInt8, 1.0 / 256, -128, std::nullopt, 1e-3},
                                              {DType::kInt16, 1.0 / 32768, 0, std::nullopt, 1e-3}};
const std::vector<FixedQuant> kTanhOut = {{DType::kInt8, 1.0 / 128, 0, std::nullopt, 1e-3},
                                          {DType::kInt16, 1.0 / 32768, 0, std::nullopt, 1e-3}};
// Activation family: TFLM's int8 LOG_SOFTMAX checks its output parameters exactly; its L2_NORMALIZATION
// writes in 1/128 steps around 0 (TFLite's prepare checks exactly that).
const std::vector<FixedQuant> kLogSoftmaxOut = {{DType::kInt8, 16.0 / 256, 127, std::nullopt, 0}};
const std::vector<FixedQuant> kL2NormOut = {{DType::kInt8, 1.0 / 128, 0, std::nullopt, 0}};

std::map<OpType, OpDef> make_table() {
  std::map<OpType, OpDef> t;
  auto row = [&](OpType type, ShapeFn shapes, MacsFn macs, QuantFacts q = {}) {
    t[type] = OpDef{type, shapes, macs, std::move(q)};
  };
  // Windowed ops: filters are OHWI (conv, per channel along O) and 1HWC (depthwise, along C).
  row(OpType::CONV_2D, conv2d_shapes, conv2d_macs, {{}, WeightQuant{1, 0, true}, BiasQuant{}, false});
  row(OpType::DEPTHWISE_CONV_2D, depthwise_shapes, depthwise_macs, {{}, WeightQuant{1, 3, true}, BiasQuant{}, false});
  row(OpType::FULLY_CONNECTED, fully_connected_shapes, fully_connected_macs,
      {{}, WeightQuant{1, 0, true}, BiasQuant{}, false});
  row(OpType::AVERAGE_POOL_2D, pool_shapes, pool_macs, {{same_as_input()}, {}, {}, false});
  row(OpType::MAX_POOL_2D, pool_shapes, nullptr, {{same_as_input()}, {}, {}, false});
  // Element-wise binary ops broadcast numpy-style; MUL counts one MAC per output element.
  row(OpType::ADD, broadcast_shapes, nullptr);
  row(OpType::MUL, broadcast_shapes, elementwise_macs);
  row(OpType::DIV, broadcast_shapes, nullptr);
  row(OpType::MAXIMUM, broadcast_shapes, nullptr, {{same_as_input()}, {}, {}, true});
  row(OpType::MINIMUM, broadcast_shapes, nullptr, {{same_as_input()}, {}, {}, true});
  // Binary family (ops/binary.cc, comparison.cc, logical.cc): numpy-style broadcasting.
  row(OpType::SUB, broadcast_shapes, nullptr);
  row(OpType::SQUARED_DIFFERENCE, broadcast_shapes, elementwise_macs);
  row(OpType::FLOOR_DIV, broadcast_shapes, nullptr);
  row(OpType::FLOOR_MOD, broadcast_shapes, nullptr);
  row(OpType::ADD_N, same_shape, nullptr);
  row(OpType::EQUAL, broadcast_shapes, nullptr);
  row(OpType::NOT_EQUAL, broadcast_shapes, nullptr);
  row(OpType::GREATER, broadcast_shapes, nullptr);
  row(OpType::GREATER_EQUAL, broadcast_shapes, nullptr);
  row(OpType::LESS, broadcast_shapes, nullptr);
  row(OpType::LESS_EQUAL, broadcast_shapes, nullptr);
  row(OpType::LOGICAL_AND, broadcast_shapes, nullptr);
  row(OpType::LOGICAL_OR, broadcast_shapes, nullptr);
  row(OpType::SELECT_V2, select_shapes, nullptr, {{same_as_input(1)}, {}, {}, true});
  // Element-wise unary ops keep the input's shape.
  row(OpType::LOGISTIC, same_shape, nullptr, {{fixed(kLogisticOut)}, {}, {}, false});
  row(OpType::TANH, same_shape, nullptr, {{fixed(kTanhOut)}, {}, {}, false});
  row(OpType::SOFTMAX, same_shape, nullptr, {{fixed(kSoftmaxOut)}, {}, {}, false});
  row(OpType::HARD_SWISH, same_shape, nullptr);
  row(OpType::QUANTIZE, same_shape, nullptr);
  row(OpType::DEQUANTIZE, same_shape, nullptr);
  row(OpType::CAST, same_shape, nullptr);
  // Data movement copies quantized values unchanged: parameters pass through.
  row(OpType::RESHAPE, reshape_shapes, nullptr, {{same_as_input()}, {}, {}, false});
  row(OpType::TRANSPOSE, transpose_shapes, nullptr, {{same_as_input()}, {}, {}, false});
  row(OpType::CONCATENATION, concatenation_shapes, nullptr, {{same_as_input()}, {}, {}, true});
  row(OpType::PACK, pack_shapes, nullptr, {{same_as_input()}, {}, {}, true});
  row(OpType::UNPACK, unpack_shapes, nullptr, {{}, {}, {}, true});
  row(OpType::SPLIT, split_shapes, nullptr, {{}, {}, {}, true});
  row(OpType::STRIDED_SLICE, nullptr, nullptr, {{same_as_input()}, {}, {}, false});
  row(OpType::SHAPE, shape_shapes, nullptr);
  row(OpType::FILL, fill_shapes, nullptr);
  // Data movement family (move_shapes.cc): values are copied unchanged, so parameters pass through.
  row(OpType::PAD, pad_shapes, nullptr, {{same_as_input()}, {}, {}, false});
  row(OpType::PADV2, pad_shapes, nullptr, {{same_as_input()}, {}, {}, false});
  row(OpType::MIRROR_PAD, pad_shapes, nullptr, {{same_as_input()}, {}, {}, false});
  row(OpType::SQUEEZE, squeeze_shapes, nullptr, {{same_as_input()}, {}, {}, false});
  row(OpType::EXPAND_DIMS, expand_dims_shapes, nullptr, {{same_as_input()}, {}, {}, false});
  row(OpType::SLICE, slice_shapes, nullptr, {{same_as_input()}, {}, {}, false});
  row(OpType::SPLIT_V, split_v_shapes, nullptr, {{}, {}, {}, true});
  row(OpType::REVERSE_V2, same_shape, nullptr, {{same_as_input()}, {}, {}, false});
  row(OpType::BROADCAST_TO, broadcast_to_shapes, nullptr, {{same_as_input()}, {}, {}, false});
  row(OpType::BROADCAST_ARGS, broadcast_args_shapes, nullptr);
  row(OpType::TILE, tile_shapes, nullptr, {{same_as_input()}, {}, {}, false});
  // Reductions over constant axes: MEAN and SUM add every input element once; MAX/MIN copy values.
  row(OpType::MEAN, reduce_shapes, reduce_macs);
  row(OpType::SUM, reduce_shapes, reduce_macs);
  row(OpType::REDUCE_MAX, reduce_shapes, nullptr, {{same_as_input()}, {}, {}, false});
  row(OpType::REDUCE_MIN, reduce_shapes, nullptr, {{same_as_input()}, {}, {}, false});
  row(OpType::REDUCE_ALL, reduce_shapes, nullptr);
  // Unary math family (ops/unary_family.cc): same shape, free output quantization; SQUARE multiplies.
  row(OpType::NEG, same_shape, nullptr);
  row(OpType::ABS, same_shape, nullptr);
  row(OpType::SQRT, same_shape, nullptr);
  row(OpType::RSQRT, same_shape, nullptr);
  row(OpType::EXP, same_shape, nullptr);
  row(OpType::LOG, same_shape, nullptr);
  row(OpType::SIN, same_shape, nullptr);
  row(OpType::COS, same_shape, nullptr);
  row(OpType::CEIL, same_shape, nullptr);
  row(OpType::FLOOR, same_shape, nullptr);
  row(OpType::ROUND, same_shape, nullptr);
  row(OpType::LOGICAL_NOT, same_shape, nullptr);
  row(OpType::ZEROS_LIKE, same_shape, nullptr);
  row(OpType::SQUARE, same_shape, elementwise_macs);
  // Index family: lookups and space rearrangement copy values (outputs keep the input's parameters);
  // CUMSUM requantizes. EMBEDDING_LOOKUP's values are input 1.
  row(OpType::ARG_MAX, arg_min_max_shapes, nullptr);
  row(OpType::ARG_MIN, arg_min_max_shapes, nullptr);
  row(OpType::GATHER, gather_shapes, nullptr, {{same_as_input()}, {}, {}, false});
  row(OpType::GATHER_ND, gather_nd_shapes, nullptr, {{same_as_input()}, {}, {}, false});
  row(OpType::EMBEDDING_LOOKUP, embedding_lookup_shapes, nullptr);
  row(OpType::CUMSUM, same_shape, nullptr);
  row(OpType::DEPTH_TO_SPACE, depth_to_space_shapes, nullptr, {{same_as_input()}, {}, {}, false});
  row(OpType::SPACE_TO_DEPTH, space_to_depth_shapes, nullptr, {{same_as_input()}, {}, {}, false});
  row(OpType::BATCH_TO_SPACE_ND, batch_to_space_nd_shapes, nullptr, {{same_as_input()}, {}, {}, false});
  row(OpType::SPACE_TO_BATCH_ND, space_to_batch_nd_shapes, nullptr, {{same_as_input()}, {}, {}, false});
  // Recurrent ops.
  row(OpType::SVDF, svdf_shapes, svdf_macs);
  row(OpType::UNIDIRECTIONAL_SEQUENCE_LSTM, lstm_shapes, lstm_macs);
  // Activation family (ops/activation_family.cc). TFLM's RELU6 clamps the input's quantized values
  // without requantizing, so its output must keep the input's parameters.
  row(OpType::RELU, same_shape, nullptr);
  row(OpType::RELU6, same_shape, nullptr, {{same_as_input()}, {}, {}, false});
  row(OpType::LEAKY_RELU, same_shape, nullptr);
  row(OpType::ELU, same_shape, nullptr);
  row(OpType::PRELU, broadcast_shapes, nullptr);
  row(OpType::LOG_SOFTMAX, same_shape, nullptr, {{fixed(kLogSoftmaxOut)}, {}, {}, false});
  row(OpType::L2_NORMALIZATION, same_shape, nullptr, {{fixed(kL2NormOut)}, {}, {}, false});
  // tconv family: TRANSPOSE_CONV (output_shape, filter OHWI per channel along O, input, bias) and the
  // float-only L2_POOL_2D.
  row(OpType::TRANSPOSE_CONV, transpose_conv_shapes, transpose_conv_macs,
      {{}, WeightQuant{1, 0, true}, BiasQuant{3, 2, 1}, false});
  row(OpType::L2_POOL_2D, pool_shapes, pool_macs);
  // Resize family: resizing interpolates quantized values as they are (the output keeps the input's
  // parameters); BATCH_MATMUL requantizes like FULLY_CONNECTED (free output parameters).
  row(OpType::RESIZE_NEAREST_NEIGHBOR, resize_shapes, nullptr, {{same_as_input()}, {}, {}, false});
  row(OpType::RESIZE_BILINEAR, resize_shapes, resize_bilinear_macs, {{same_as_input()}, {}, {}, false});
  row(OpType::BATCH_MATMUL, batch_matmul_shapes, batch_matmul_macs);
  return t;
}

}  // namespace

bool FixedQuant::accepts(float tensor_scale, int64_t tensor_zero_point) const {
  if (tensor_zero_point != zero_point) return false;
  if (relative_tolerance == 0) return tensor_scale == static_cast<float>(scale);
  return std::fabs(static_cast<double>(tensor_scale) - scale) <= relative_tolerance * scale;
}

const OpDef& op_def(ir::OpType type) {
  static const std::map<OpType, OpDef> table = make_table();
  static const OpDef none{};
  auto it = table.find(type);
  return it == table.end() ? none : it->second;
}

std::optional<std::vector<Shape>> infer_output_shapes(const ir::Graph& graph, const ir::Op& op) {
  const OpDef& d = op_def(op.type);
  if (!d.infer_shapes) return std::nullopt;
  return d.infer_shapes(graph, op);
}

int64_t macs(const ir::Graph& graph, const ir::Op& op) {
  const OpDef& d = op_def(op.type);
  return d.macs ? d.macs(graph, op) : 0;
}

std::optional<FixedQuant> fixed_output_quant(ir::OpType type, size_t k, ir::DType output_dtype,
                                             ir::DType input_dtype) {
  const QuantFacts& q = op_def(type).quant;
  if (k >= q.outputs.size() || q.outputs[k].rule != OutputQuantRule::kFixed) return std::nullopt;
  for (const FixedQuant& f : q.outputs[k].fixed) {
    if (f.dtype == output_dtype && (!f.input_dtype || *f.input_dtype == input_dtype)) return f;
  }
  return std::nullopt;
}

}  // namespace mcuforge::opdefs
