// SPDX-License-Identifier: Apache-2.0
// Operator attributes in a format-neutral form. Ops with a kernel have a typed struct that the
// importer fills; every other op keeps its options table as GenericOptions (field name + value), so no
// option of the source model is lost and the TFLite writer can write it back. Ops whose model gives
// no options keep std::monostate.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
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

  bool operator==(const Conv2DOptions&) const = default;
};

struct DepthwiseConv2DOptions {
  Padding padding = Padding::kSame;
  Pads pads;  // resolved from `padding` and the shapes (ir::resolve_padding)
  int32_t stride_w = 1, stride_h = 1;
  int32_t dilation_w = 1, dilation_h = 1;
  int32_t depth_multiplier = 1;
  Activation activation = Activation::kNone;

  bool operator==(const DepthwiseConv2DOptions&) const = default;
};

struct Pool2DOptions {
  Padding padding = Padding::kSame;
  Pads pads;  // resolved from `padding` and the shapes (ir::resolve_padding)
  int32_t stride_w = 1, stride_h = 1;
  int32_t filter_w = 1, filter_h = 1;
  Activation activation = Activation::kNone;

  bool operator==(const Pool2DOptions&) const = default;
};

// TRANSPOSE_CONV (tconv family): `pads` are those of the forward convolution it transposes, i.e. of a
// window sliding over the op's output (ir/padding.h); dilation is always 1.
struct TransposeConvOptions {
  Padding padding = Padding::kSame;
  Pads pads;  // resolved from `padding` and the output's shape (ir::resolve_padding)
  int32_t stride_w = 1, stride_h = 1;
  Activation activation = Activation::kNone;
  std::optional<DType> quantized_bias_type;  // set only when the model states it

  bool operator==(const TransposeConvOptions&) const = default;
};

struct FullyConnectedOptions {
  Activation activation = Activation::kNone;
  bool shuffled_weights = false;  // SHUFFLED4x16INT8 weights format
  bool keep_num_dims = false;
  bool asymmetric_quantize_inputs = false;
  std::optional<DType> quantized_bias_type;

  bool operator==(const FullyConnectedOptions&) const = default;
};

// ADD, SUB, MUL, DIV.
struct ElementwiseOptions {
  Activation activation = Activation::kNone;
  bool pot_scale_int16 = true;

  bool operator==(const ElementwiseOptions&) const = default;
};

struct SoftmaxOptions {
  float beta = 1.0f;

  bool operator==(const SoftmaxOptions&) const = default;
};

struct ConcatenationOptions {
  int32_t axis = 0;
  Activation activation = Activation::kNone;

  bool operator==(const ConcatenationOptions&) const = default;
};

struct ReshapeOptions {
  std::vector<int32_t> new_shape;  // may be empty: the shape tensor or the output shape decides

  bool operator==(const ReshapeOptions&) const = default;
};

struct StridedSliceOptions {
  int32_t begin_mask = 0, end_mask = 0, ellipsis_mask = 0, new_axis_mask = 0, shrink_axis_mask = 0;
  bool offset = false;

  bool operator==(const StridedSliceOptions&) const = default;
};

struct PackOptions {
  int32_t values_count = 0;
  int32_t axis = 0;

  bool operator==(const PackOptions&) const = default;
};

struct UnpackOptions {
  int32_t num = 0;
  int32_t axis = 0;

  bool operator==(const UnpackOptions&) const = default;
};

struct SplitOptions {
  int32_t num_splits = 0;

  bool operator==(const SplitOptions&) const = default;
};

struct CastOptions {
  std::optional<DType> in_type, out_type;

  bool operator==(const CastOptions&) const = default;
};

struct ShapeOptions {
  std::optional<DType> out_type;

  bool operator==(const ShapeOptions&) const = default;
};

// MEAN, SUM, REDUCE_MAX, REDUCE_MIN, REDUCE_ALL: the reduced axes are a constant input.
struct ReducerOptions {
  bool keep_dims = false;  // reduced axes stay as size-1 dimensions

  bool operator==(const ReducerOptions&) const = default;
};

struct SVDFOptions {
  int32_t rank = 0;
  Activation activation = Activation::kNone;
  bool asymmetric_quantize_inputs = false;

  bool operator==(const SVDFOptions&) const = default;
};

struct SequenceLSTMOptions {
  Activation activation = Activation::kNone;
  float cell_clip = 0.0f;
  float proj_clip = 0.0f;
  bool time_major = false;
  bool asymmetric_quantize_inputs = false;
  bool diagonal_recurrent_tensors = false;

  bool operator==(const SequenceLSTMOptions&) const = default;
};

// Data movement family (PAD, MIRROR_PAD, SQUEEZE, ...): the options its kernels read.
struct SqueezeOptions {
  std::vector<int32_t> squeeze_dims;  // empty: every axis of size 1

  bool operator==(const SqueezeOptions&) const = default;
};

struct MirrorPadOptions {
  int32_t mode = 0;  // TFLite's MirrorPadMode: 0 REFLECT (the edge is not repeated), 1 SYMMETRIC

  bool operator==(const MirrorPadOptions&) const = default;
};

// Index family (ops/index.cc, ops/space_rearrange.cc): ARG_MAX / ARG_MIN, GATHER, DEPTH_TO_SPACE /
// SPACE_TO_DEPTH, CUMSUM.
struct ArgMinMaxOptions {
  std::optional<DType> output_type;  // set only when the model states it (the output tensor decides)

  bool operator==(const ArgMinMaxOptions&) const = default;
};

struct GatherOptions {
  int32_t axis = 0;
  int32_t batch_dims = 0;

  bool operator==(const GatherOptions&) const = default;
};

// DEPTH_TO_SPACE and SPACE_TO_DEPTH.
struct BlockSizeOptions {
  int32_t block_size = 0;

  bool operator==(const BlockSizeOptions&) const = default;
};

struct CumsumOptions {
  bool exclusive = false;
  bool reverse = false;

  bool operator==(const CumsumOptions&) const = default;
};

// Activation family: LEAKY_RELU's slope for negative inputs (TFLite's default is 0).
struct LeakyReluOptions {
  float alpha = 0.0f;

  bool operator==(const LeakyReluOptions&) const = default;
};

// Resize family (RESIZE_BILINEAR, RESIZE_NEAREST_NEIGHBOR; BATCH_MATMUL).
struct ResizeOptions {
  bool align_corners = false;       // corner pixels of input and output line up
  bool half_pixel_centers = false;  // sample at pixel centres (x + 0.5)

  bool operator==(const ResizeOptions&) const = default;
};

struct BatchMatMulOptions {
  bool adj_x = false;  // use the transpose of the last two axes of the LHS
  bool adj_y = false;  // and of the RHS
  bool asymmetric_quantize_inputs = false;

  bool operator==(const BatchMatMulOptions&) const = default;
};

// One field of an options table: scalars as int64 (enums too), double or bool; strings; vectors of
// integers (any width, bools as 0/1) or floats.
using AttributeValue =
    std::variant<int64_t, double, bool, std::string, std::vector<int64_t>, std::vector<float>>;

struct Attribute {
  std::string name;  // the field's name in the format, e.g. "align_corners"
  AttributeValue value;
  bool operator==(const Attribute&) const = default;
};

// Options of an op without a typed struct: the source format's table name ("ResizeBilinearOptions")
// and its fields in declaration order.
struct GenericOptions {
  std::string table;
  std::vector<Attribute> attrs;
  bool operator==(const GenericOptions&) const = default;
  const Attribute* find(std::string_view name) const {
    for (const Attribute& a : attrs) {
      if (a.name == name) return &a;
    }
    return nullptr;
  }
};

using OpOptions = std::variant<std::monostate, Conv2DOptions, DepthwiseConv2DOptions, Pool2DOptions,
                               FullyConnectedOptions, ElementwiseOptions, SoftmaxOptions,
                               ConcatenationOptions, ReshapeOptions, StridedSliceOptions, PackOptions,
                               UnpackOptions, SplitOptions, CastOptions, ShapeOptions, SVDFOptions,
                               SequenceLSTMOptions, ReducerOptions, SqueezeOptions, MirrorPadOptions,
                               ArgMinMaxOptions, GatherOptions, BlockSizeOptions, CumsumOptions,  // index family
                               LeakyReluOptions,  // activation family
                               TransposeConvOptions,  // tconv family
                               ResizeOptions, BatchMatMulOptions,  // resize family
                               GenericOptions>;

}  // namespace mcuforge::ir
