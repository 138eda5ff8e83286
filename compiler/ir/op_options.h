// SPDX-License-Identifier: Apache-2.0
// Operator attributes in a format-neutral form. Importers fill the struct that belongs to the op;
// ops that take no attributes keep std::monostate.
#pragma once

#include <cstdint>
#include <optional>
#include <variant>
#include <vector>

#include "ir/dtype.h"

namespace mcuforge::ir {

enum class Activation : uint8_t { kNone, kRelu, kReluN1To1, kRelu6, kTanh, kSignBit };
// How the source format spelled a window's padding. `Pads` is what the ops use: importers turn
// SAME/VALID into explicit pads (ir/padding.h), ONNX-style models give them directly (kExplicit).
enum class Padding : uint8_t { kSame, kValid, kExplicit };

// Zero elements added before and after the input along height and width.
struct Pads {
  int32_t top = 0, bottom = 0, left = 0, right = 0;
  bool operator==(const Pads&) const = default;
};

struct Conv2DOptions {
  Padding padding = Padding::kSame;
  Pads pads;  // resolved from `padding` and the shapes (ir::resolve_padding)
  int32_t stride_w = 1, stride_h = 1;
  int32_t dilation_w = 1, dilation_h = 1;
  Activation activation = Activation::kNone;
  std::optional<DType> quantized_bias_type;  // set only when the model states it
};

struct DepthwiseConv2DOptions {
  Padding padding = Padding::kSame;
  Pads pads;  // resolved from `padding` and the shapes (ir::resolve_padding)
  int32_t stride_w = 1, stride_h = 1;
  int32_t dilation_w = 1, dilation_h = 1;
  int32_t depth_multiplier = 1;
  Activation activation = Activation::kNone;
};

struct Pool2DOptions {
  Padding padding = Padding::kSame;
  Pads pads;  // resolved from `padding` and the shapes (ir::resolve_padding)
  int32_t stride_w = 1, stride_h = 1;
  int32_t filter_w = 1, filter_h = 1;
  Activation activation = Activation::kNone;
};

struct FullyConnectedOptions {
  Activation activation = Activation::kNone;
  bool shuffled_weights = false;  // SHUFFLED4x16INT8 weights format
  bool keep_num_dims = false;
  bool asymmetric_quantize_inputs = false;
  std::optional<DType> quantized_bias_type;
};

// ADD, SUB, MUL, DIV.
struct ElementwiseOptions {
  Activation activation = Activation::kNone;
  bool pot_scale_int16 = true;
};

struct SoftmaxOptions {
  float beta = 1.0f;
};

struct ConcatenationOptions {
  int32_t axis = 0;
  Activation activation = Activation::kNone;
};

struct ReshapeOptions {
  std::vector<int32_t> new_shape;  // may be empty: the shape tensor or the output shape decides
};

struct StridedSliceOptions {
  int32_t begin_mask = 0, end_mask = 0, ellipsis_mask = 0, new_axis_mask = 0, shrink_axis_mask = 0;
  bool offset = false;
};

struct PackOptions {
  int32_t values_count = 0;
  int32_t axis = 0;
};

struct UnpackOptions {
  int32_t num = 0;
  int32_t axis = 0;
};

struct SplitOptions {
  int32_t num_splits = 0;
};

struct CastOptions {
  std::optional<DType> in_type, out_type;
};

struct ShapeOptions {
  std::optional<DType> out_type;
};

// MEAN, SUM, REDUCE_MAX, REDUCE_MIN, REDUCE_ALL: the reduced axes are a constant input.
struct ReducerOptions {
  bool keep_dims = false;  // reduced axes stay as size-1 dimensions
};

struct SVDFOptions {
  int32_t rank = 0;
  Activation activation = Activation::kNone;
  bool asymmetric_quantize_inputs = false;
};

struct SequenceLSTMOptions {
  Activation activation = Activation::kNone;
  float cell_clip = 0.0f;
  float proj_clip = 0.0f;
  bool time_major = false;
  bool asymmetric_quantize_inputs = false;
  bool diagonal_recurrent_tensors = false;
};

using OpOptions = std::variant<std::monostate, Conv2DOptions, DepthwiseConv2DOptions, Pool2DOptions,
                               FullyConnectedOptions, ElementwiseOptions, SoftmaxOptions,
                               ConcatenationOptions, ReshapeOptions, StridedSliceOptions, PackOptions,
                               UnpackOptions, SplitOptions, CastOptions, ShapeOptions, SVDFOptions,
                               SequenceLSTMOptions, ReducerOptions>;

}  // namespace mcuforge::ir
