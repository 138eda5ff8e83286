// SPDX-License-Identifier: Apache-2.0
#include "import/tflite/tflite_reader.h"

#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <limits>
#include <optional>
#include <unordered_set>

#include "diagnostics/error.h"
#include "import/tflite/options_table.h"
#include "ir/padding.h"
#include "schema_generated.h"

namespace mcuforge::tflite {
namespace {

namespace fb = ::mcuforge::tflite_schema;  // types generated from schema.fbs

constexpr int32_t kBuiltinCustom = 32;  // the CUSTOM code: the op is named by its custom_code string
using ir::DType;

const char kCorruptHint[] =
    "the file is damaged or was not written by a TFLite converter; re-export it with "
    "tf.lite.TFLiteConverter";

[[noreturn]] void fail(const std::string& what, const std::string& hint = kCorruptHint) {
  throw Error(what, hint);
}

std::optional<DType> map_type(fb::TensorType t) {
  switch (t) {
    case fb::TensorType_FLOAT32: return DType::kFloat32;
    case fb::TensorType_FLOAT16: return DType::kFloat16;
    case fb::TensorType_INT32: return DType::kInt32;
    case fb::TensorType_UINT8: return DType::kUInt8;
    case fb::TensorType_INT64: return DType::kInt64;
    case fb::TensorType_STRING: return DType::kString;
    case fb::TensorType_BOOL: return DType::kBool;
    case fb::TensorType_INT16: return DType::kInt16;
    case fb::TensorType_COMPLEX64: return DType::kComplex64;
    case fb::TensorType_INT8: return DType::kInt8;
    case fb::TensorType_FLOAT64: return DType::kFloat64;
    case fb::TensorType_COMPLEX128: return DType::kComplex128;
    case fb::TensorType_UINT64: return DType::kUInt64;
    case fb::TensorType_RESOURCE: return DType::kResource;
    case fb::TensorType_VARIANT: return DType::kVariant;
    case fb::TensorType_UINT32: return DType::kUInt32;
    case fb::TensorType_UINT16: return DType::kUInt16;
    case fb::TensorType_INT4: return DType::kInt4;
    case fb::TensorType_BFLOAT16: return DType::kBFloat16;
  }
  return std::nullopt;
}

ir::Activation map_activation(fb::ActivationFunctionType a, const std::string& where) {
  switch (a) {
    case fb::ActivationFunctionType_NONE: return ir::Activation::kNone;
    case fb::ActivationFunctionType_RELU: return ir::Activation::kRelu;
    case fb::ActivationFunctionType_RELU_N1_TO_1: return ir::Activation::kReluN1To1;
    case fb::ActivationFunctionType_RELU6: return ir::Activation::kRelu6;
    case fb::ActivationFunctionType_TANH: return ir::Activation::kTanh;
    case fb::ActivationFunctionType_SIGN_BIT: return ir::Activation::kSignBit;
  }
  fail(where + ": unknown fused activation function code " + std::to_string(static_cast<int>(a)));
}

ir::Padding map_padding(fb::Padding p, const std::string& where) {
  if (p == fb::Padding_SAME) return ir::Padding::kSame;
  if (p == fb::Padding_VALID) return ir::Padding::kValid;
  fail(where + ": unknown padding code " + std::to_string(static_cast<int>(p)));
}

// An optional TensorType field: TFLite writes FLOAT32 (0) when the field is absent.
std::optional<DType> optional_type(fb::TensorType t, const std::string& where) {
  auto d = map_type(t);
  if (!d) fail(where + ": unknown tensor type code " + std::to_string(static_cast<int>(t)));
  return d;
}

// Options of a builtin op, read only when present with the expected type.
template <typename T>
const T* options_as(const fb::Operator* op, fb::BuiltinOptions expected, const std::string& where) {
  if (op->builtin_options_type() == fb::BuiltinOptions_NONE) return nullptr;
  if (op->builtin_options_type() != expected) {
    fail(where + ": its builtin options have the wrong type (" +
         std::to_string(static_cast<int>(op->builtin_options_type())) + ")");
  }
  return static_cast<const T*>(op->builtin_options());
}

// Options of an op without a typed struct: whichever options table the operator carries, kept field
// by field (the verifier has checked the table against its type).
ir::OpOptions read_untyped_options(const fb::Operator* op) {
  if (op->builtin_options_type() != fb::BuiltinOptions_NONE) {
    const auto* table = static_cast<const flatbuffers::Table*>(op->builtin_options());
    const std::string name = options_table_name(1, static_cast<uint8_t>(op->builtin_options_type()));
    if (table && !name.empty()) return read_generic_options(name, *table);
  }
  if (op->builtin_options_2_type() != fb::BuiltinOptions2_NONE) {
    const auto* table = static_cast<const flatbuffers::Table*>(op->builtin_options_2());
    const std::string name = options_table_name(2, static_cast<uint8_t>(op->builtin_options_2_type()));
    if (table && !name.empty()) return read_generic_options(name, *table);
  }
  return std::monostate{};
}

ir::OpOptions read_options(ir::OpType type, const fb::Operator* op, const std::string& where) {
  using ir::OpType;
  switch (type) {
    case OpType::CONV_2D: {
      ir::Conv2DOptions o;
      if (auto* p = options_as<fb::Conv2DOptions>(op, fb::BuiltinOptions_Conv2DOptions, where)) {
        o.padding = map_padding(p->padding(), where);
        o.stride_w = p->stride_w();
        o.stride_h = p->stride_h();
        o.dilation_w = p->dilation_w_factor();
        o.dilation_h = p->dilation_h_factor();
        o.activation = map_activation(p->fused_activation_function(), where);
        if (p->quantized_bias_type() != fb::TensorType_FLOAT32) {
          o.quantized_bias_type = optional_type(p->quantized_bias_type(), where);
        }
      }
      return o;
    }
    case OpType::DEPTHWISE_CONV_2D: {
      ir::DepthwiseConv2DOptions o;
      if (auto* p = options_as<fb::DepthwiseConv2DOptions>(op, fb::BuiltinOptions_DepthwiseConv2DOptions,
                                                           where)) {
        o.padding = map_padding(p->padding(), where);
        o.stride_w = p->stride_w();
        o.stride_h = p->stride_h();
        o.dilation_w = p->dilation_w_factor();
        o.dilation_h = p->dilation_h_factor();
        o.depth_multiplier = p->depth_multiplier();
        o.activation = map_activation(p->fused_activation_function(), where);
      }
      return o;
    }
    case OpType::AVERAGE_POOL_2D:
    case OpType::L2_POOL_2D:  // tconv family
    case OpType::MAX_POOL_2D: {
      ir::Pool2DOptions o;
      if (auto* p = options_as<fb::Pool2DOptions>(op, fb::BuiltinOptions_Pool2DOptions, where)) {
        o.padding = map_padding(p->padding(), where);
        o.stride_w = p->stride_w();
        o.stride_h = p->stride_h();
        o.filter_w = p->filter_width();
        o.filter_h = p->filter_height();
        o.activation = map_activation(p->fused_activation_function(), where);
      }
      return o;
    }
    // tconv family: TRANSPOSE_CONV options; L2_POOL_2D shares the pooling options (below).
    case OpType::TRANSPOSE_CONV: {
      ir::TransposeConvOptions o;
      if (auto* p = options_as<fb::TransposeConvOptions>(op, fb::BuiltinOptions_TransposeConvOptions, where)) {
        o.padding = map_padding(static_cast<fb::Padding>(p->padding()), where);
        o.stride_w = p->stride_w();
        o.stride_h = p->stride_h();
        o.activation = map_activation(static_cast<fb::ActivationFunctionType>(p->fused_activation_function()), where);
        if (p->quantized_bias_type() != fb::TensorType_FLOAT32) {
          o.quantized_bias_type = optional_type(static_cast<fb::TensorType>(p->quantized_bias_type()), where);
        }
      }
      return o;
    }
    case OpType::FULLY_CONNECTED: {
      ir::FullyConnectedOptions o;
      if (auto* p = options_as<fb::FullyConnectedOptions>(op, fb::BuiltinOptions_FullyConnectedOptions,
                                                          where)) {
        o.activation = map_activation(p->fused_activation_function(), where);
        o.shuffled_weights = p->weights_format() != fb::FullyConnectedOptionsWeightsFormat_DEFAULT;
        o.keep_num_dims = p->keep_num_dims();
        o.asymmetric_quantize_inputs = p->asymmetric_quantize_inputs();
        if (p->quantized_bias_type() != fb::TensorType_FLOAT32) {
          o.quantized_bias_type = optional_type(p->quantized_bias_type(), where);
        }
      }
      return o;
    }
    case OpType::ADD: {
      ir::ElementwiseOptions o;
      if (auto* p = options_as<fb::AddOptions>(op, fb::BuiltinOptions_AddOptions, where)) {
        o.activation = map_activation(p->fused_activation_function(), where);
        o.pot_scale_int16 = p->pot_scale_int16();
      }
      return o;
    }
    // Binary family: SUB's fused activation (TFLM's micro SUB never takes the pot_scale_int16 path).
    case OpType::SUB: {
      ir::ElementwiseOptions o;
      if (auto* p = options_as<fb::SubOptions>(op, fb::BuiltinOptions_SubOptions, where)) {
        o.activation = map_activation(p->fused_activation_function(), where);
        o.pot_scale_int16 = p->pot_scale_int16();
      }
      return o;
    }
    case OpType::MUL: {
      ir::ElementwiseOptions o;
      if (auto* p = options_as<fb::MulOptions>(op, fb::BuiltinOptions_MulOptions, where)) {
        o.activation = map_activation(p->fused_activation_function(), where);
      }
      return o;
    }
    case OpType::DIV: {
      ir::ElementwiseOptions o;
      if (auto* p = options_as<fb::DivOptions>(op, fb::BuiltinOptions_DivOptions, where)) {
        o.activation = map_activation(p->fused_activation_function(), where);
      }
      return o;
    }
    case OpType::SOFTMAX: {
      ir::SoftmaxOptions o;
      if (auto* p = options_as<fb::SoftmaxOptions>(op, fb::BuiltinOptions_SoftmaxOptions, where)) {
        o.beta = p->beta();
      }
      return o;
    }
    case OpType::CONCATENATION: {
      ir::ConcatenationOptions o;
      if (auto* p = options_as<fb::ConcatenationOptions>(op, fb::BuiltinOptions_ConcatenationOptions,
                                                         where)) {
        o.axis = p->axis();
        o.activation = map_activation(p->fused_activation_function(), where);
      }
      return o;
    }
    case OpType::RESHAPE: {
      ir::ReshapeOptions o;
      if (auto* p = options_as<fb::ReshapeOptions>(op, fb::BuiltinOptions_ReshapeOptions, where)) {
        if (p->new_shape()) o.new_shape.assign(p->new_shape()->begin(), p->new_shape()->end());
      }
      return o;
    }
    case OpType::STRIDED_SLICE: {
      ir::StridedSliceOptions o;
      if (auto* p = options_as<fb::StridedSliceOptions>(op, fb::BuiltinOptions_StridedSliceOptions,
                                                        where)) {
        o.begin_mask = p->begin_mask();
        o.end_mask = p->end_mask();
        o.ellipsis_mask = p->ellipsis_mask();
        o.new_axis_mask = p->new_axis_mask();
        o.shrink_axis_mask = p->shrink_axis_mask();
        o.offset = p->offset();
      }
      return o;
    }
    case OpType::PACK: {
      ir::PackOptions o;
      if (auto* p = options_as<fb::PackOptions>(op, fb::BuiltinOptions_PackOptions, where)) {
        o.values_count = p->values_count();
        o.axis = p->axis();
      }
      return o;
    }
    case OpType::UNPACK: {
      ir::UnpackOptions o;
      if (auto* p = options_as<fb::UnpackOptions>(op, fb::BuiltinOptions_UnpackOptions, where)) {
        o.num = p->num();
        o.axis = p->axis();
      }
      return o;
    }
    case OpType::SPLIT: {
      ir::SplitOptions o;
      if (auto* p = options_as<fb::SplitOptions>(op, fb::BuiltinOptions_SplitOptions, where)) {
        o.num_splits = p->num_splits();
      }
      return o;
    }
    case OpType::CAST: {
      ir::CastOptions o;
      if (auto* p = options_as<fb::CastOptions>(op, fb::BuiltinOptions_CastOptions, where)) {
        o.in_type = optional_type(p->in_data_type(), where);
        o.out_type = optional_type(p->out_data_type(), where);
      }
      return o;
    }
    case OpType::SHAPE: {
      ir::ShapeOptions o;
      if (auto* p = options_as<fb::ShapeOptions>(op, fb::BuiltinOptions_ShapeOptions, where)) {
        o.out_type = optional_type(p->out_type(), where);
      }
      return o;
    }
    case OpType::MEAN:
    case OpType::SUM:
    case OpType::REDUCE_ALL:
    case OpType::REDUCE_MAX:
    case OpType::REDUCE_MIN: {
      ir::ReducerOptions o;
      if (auto* p = options_as<fb::ReducerOptions>(op, fb::BuiltinOptions_ReducerOptions, where)) {
        o.keep_dims = p->keep_dims();
      }
      return o;
    }
    case OpType::SVDF: {
      ir::SVDFOptions o;
      if (auto* p = options_as<fb::SVDFOptions>(op, fb::BuiltinOptions_SVDFOptions, where)) {
        o.rank = p->rank();
        o.activation = map_activation(p->fused_activation_function(), where);
        o.asymmetric_quantize_inputs = p->asymmetric_quantize_inputs();
      }
      return o;
    }
    case OpType::UNIDIRECTIONAL_SEQUENCE_LSTM: {
      ir::SequenceLSTMOptions o;
      if (auto* p = options_as<fb::UnidirectionalSequenceLSTMOptions>(
              op, fb::BuiltinOptions_UnidirectionalSequenceLSTMOptions, where)) {
        o.activation = map_activation(p->fused_activation_function(), where);
        o.cell_clip = p->cell_clip();
        o.proj_clip = p->proj_clip();
        o.time_major = p->time_major();
        o.asymmetric_quantize_inputs = p->asymmetric_quantize_inputs();
        o.diagonal_recurrent_tensors = p->diagonal_recurrent_tensors();
      }
      return o;
    }
    // Data movement family.
    case OpType::SQUEEZE: {
      ir::SqueezeOptions o;
      if (auto* p = options_as<fb::SqueezeOptions>(op, fb::BuiltinOptions_SqueezeOptions, where)) {
        if (p->squeeze_dims()) o.squeeze_dims.assign(p->squeeze_dims()->begin(), p->squeeze_dims()->end());
      }
      return o;
    }
    case OpType::MIRROR_PAD: {
      ir::MirrorPadOptions o;
      if (auto* p = options_as<fb::MirrorPadOptions>(op, fb::BuiltinOptions_MirrorPadOptions, where)) {
        o.mode = p->mode();
      }
      return o;
    }
    // index family
    case OpType::ARG_MAX: {
      ir::ArgMinMaxOptions o;
      if (auto* p = options_as<fb::ArgMaxOptions>(op, fb::BuiltinOptions_ArgMaxOptions, where)) {
        o.output_type = optional_type(static_cast<fb::TensorType>(p->output_type()), where);  // a byte in the schema
      }
      return o;
    }
    case OpType::ARG_MIN: {
      ir::ArgMinMaxOptions o;
      if (auto* p = options_as<fb::ArgMinOptions>(op, fb::BuiltinOptions_ArgMinOptions, where)) {
        o.output_type = optional_type(static_cast<fb::TensorType>(p->output_type()), where);  // a byte in the schema
      }
      return o;
    }
    case OpType::GATHER: {
      ir::GatherOptions o;
      if (auto* p = options_as<fb::GatherOptions>(op, fb::BuiltinOptions_GatherOptions, where)) {
        o.axis = p->axis();
        o.batch_dims = p->batch_dims();
      }
      return o;
    }
    case OpType::DEPTH_TO_SPACE: {
      ir::BlockSizeOptions o;
      if (auto* p = options_as<fb::DepthToSpaceOptions>(op, fb::BuiltinOptions_DepthToSpaceOptions, where)) {
        o.block_size = p->block_size();
      }
      return o;
    }
    case OpType::SPACE_TO_DEPTH: {
      ir::BlockSizeOptions o;
      if (auto* p = options_as<fb::SpaceToDepthOptions>(op, fb::BuiltinOptions_SpaceToDepthOptions, where)) {
        o.block_size = p->block_size();
      }
      return o;
    }
    case OpType::CUMSUM: {
      ir::CumsumOptions o;
      if (auto* p = options_as<fb::CumsumOptions>(op, fb::BuiltinOptions_CumsumOptions, where)) {
        o.exclusive = p->exclusive();
        o.reverse = p->reverse();
      }
      return o;
    }
    // activation family
    case OpType::LEAKY_RELU: {
      ir::LeakyReluOptions o;
      if (auto* p = options_as<fb::LeakyReluOptions>(op, fb::BuiltinOptions_LeakyReluOptions, where)) {
        o.alpha = p->alpha();
      }
      return o;
    }
    // Resize family.
    case OpType::RESIZE_BILINEAR: {
      ir::ResizeOptions o;
      if (auto* p = options_as<fb::ResizeBilinearOptions>(op, fb::BuiltinOptions_ResizeBilinearOptions, where)) {
        o.align_corners = p->align_corners();
        o.half_pixel_centers = p->half_pixel_centers();
      }
      return o;
    }
    case OpType::RESIZE_NEAREST_NEIGHBOR: {
      ir::ResizeOptions o;
      if (auto* p = options_as<fb::ResizeNearestNeighborOptions>(
              op, fb::BuiltinOptions_ResizeNearestNeighborOptions, where)) {
        o.align_corners = p->align_corners();
        o.half_pixel_centers = p->half_pixel_centers();
      }
      return o;
    }
    case OpType::BATCH_MATMUL: {
      ir::BatchMatMulOptions o;
      if (auto* p = options_as<fb::BatchMatMulOptions>(op, fb::BuiltinOptions_BatchMatMulOptions, where)) {
        o.adj_x = p->adj_x();
        o.adj_y = p->adj_y();
        o.asymmetric_quantize_inputs = p->asymmetric_quantize_inputs();
      }
      return o;
    }
    default:
      return read_untyped_options(op);
  }
}

// Copies a Buffer's bytes, wherever they are stored (inline vector or offset/size past the flatbuffer).
std::span<const uint8_t> buffer_bytes(const fb::Buffer* b, std::span<const uint8_t> file,
                                      const std::string& where) {
  if (!b) return {};
  if (b->data() && b->data()->size() > 0) return {b->data()->data(), b->data()->size()};
  if (b->size() > 0) {
    const uint64_t off = b->offset(), size = b->size();
    if (off > file.size() || size > file.size() - off) {
      fail(where + ": its data lies outside the file (offset " + std::to_string(off) + ", size " +
           std::to_string(size) + ", file " + std::to_string(file.size()) + " bytes)");
    }
    return file.subspan(off, size);
  }
  return {};
}

// Element i of a vector of int64 (zero points), read with memcpy: the verifier checks the alignment of
// a vector's 4-byte length prefix but not the 8-byte alignment of its elements, so a corrupt file can
// put them on a 4-byte boundary, where a typed load is undefined behaviour (found by fuzzing).
int64_t read_int64(const flatbuffers::Vector<int64_t>* v, uint32_t i) {
  int64_t x;
  std::memcpy(&x, v->Data() + sizeof(int64_t) * i, sizeof x);
  return flatbuffers::EndianScalar(x);
}

void read_quantization(const fb::QuantizationParameters* q, ir::Tensor& t, const std::string& where) {
  if (!q) return;
  if (q->details_type() != fb::QuantizationDetails_NONE) {
    fail(where + " uses custom quantization, which mcuforge does not support",
         "quantize the model with standard affine (scale/zero point) quantization");
  }
  const auto* scale = q->scale();
  const auto* zp = q->zero_point();
  if (!scale || scale->size() == 0) return;  // min/max-only or empty: not quantized
  // Float tensors sometimes carry leftover parameters; they do not change the arithmetic.
  if (!ir::dtype_is_integer(t.dtype)) return;
  if (!zp || zp->size() != scale->size()) {
    fail(where + ": " + std::to_string(scale->size()) + " quantization scales but " +
         std::to_string(zp ? zp->size() : 0) + " zero points");
  }
  int32_t axis = q->quantized_dimension();
  // Some converters leave the filter's axis (3) on the rank-1 bias of a per-channel conv; the scales
  // still run along the bias' only dimension, which is how TFLite reads them.
  if (scale->size() > 1 && t.rank() == 1 && axis >= 1) axis = 0;
  if (scale->size() > 1) {
    if (axis < 0 || axis >= t.rank()) {
      fail(where + ": per-channel quantization axis " + std::to_string(axis) +
           " is outside the tensor's rank " + std::to_string(t.rank()));
    }
    if (static_cast<int64_t>(scale->size()) != t.dim(axis)) {
      fail(where + ": " + std::to_string(scale->size()) + " per-channel scales for dimension " +
           std::to_string(axis) + " of size " + std::to_string(t.dim(axis)));
    }
  }
  for (uint32_t i = 0; i < scale->size(); ++i) {
    const float s = scale->Get(i);
    if (!std::isfinite(s) || !(s > 0.0f)) {
      fail(where + ": quantization scale " + std::to_string(s) + " is not a positive finite number");
    }
    const int64_t z = read_int64(zp, i);
    if (z < ir::dtype_min(t.dtype) || z > ir::dtype_max(t.dtype)) {
      fail(where + ": zero point " + std::to_string(z) + " is outside the range of " +
           std::string(ir::dtype_name(t.dtype)));
    }
    t.quant.scale.push_back(s);
    t.quant.zero_point.push_back(z);
  }
  t.quant.axis = axis;
}

ir::Tensor read_tensor(const fb::Tensor* ft, int32_t index, const fb::Model* model,
                       std::span<const uint8_t> file, int64_t& constant_bytes) {
  ir::Tensor t;
  t.name = ft->name() ? ft->name()->str() : "";
  const std::string where = "tensor " + std::to_string(index) + " '" + t.name + "'";
  auto dtype = map_type(ft->type());
  if (!dtype) fail(where + ": unknown tensor type code " + std::to_string(static_cast<int>(ft->type())));
  t.dtype = *dtype;
  if (ft->sparsity()) {
    fail(where + " is stored sparse, which mcuforge does not support",
         "convert the model without sparsity (drop tf.lite.Optimize.EXPERIMENTAL_SPARSITY)");
  }
  if (ft->shape()) {
    if (ft->shape()->size() > 8) fail(where + " has rank " + std::to_string(ft->shape()->size()) + " (more than 8)");
    int64_t elems = 1;
    for (int32_t d : *ft->shape()) {
      if (d < 0) {
        fail(where + " has an unknown (dynamic) dimension in shape",
             "give the model a fixed input shape before converting (e.g. batch size 1)");
      }
      elems *= d;
      if (elems > kMaxTensorBytes) break;
      t.shape.push_back(d);
    }
    if (t.shape.size() != ft->shape()->size() ||
        elems * static_cast<int64_t>(std::max<size_t>(ir::dtype_size(t.dtype), 1)) > kMaxTensorBytes) {
      fail(where + " is larger than the " + std::to_string(kMaxTensorBytes >> 20) +
               " MiB mcuforge accepts for one tensor",
           "this is not a microcontroller-sized model, or its shape is corrupt");
    }
  }
  if (ft->is_variable()) t.kind = ir::TensorKind::kState;
  read_quantization(ft->quantization(), t, where);

  const uint32_t buffer = ft->buffer();
  const auto* buffers = model->buffers();
  if (buffer != 0) {
    if (!buffers || buffer >= buffers->size()) {
      fail(where + " refers to buffer " + std::to_string(buffer) + " but the model has " +
           std::to_string(buffers ? buffers->size() : 0) + " buffers");
    }
    auto bytes = buffer_bytes(buffers->Get(buffer), file, where);
    if (!bytes.empty()) {
      if (ir::dtype_size(t.dtype) == 0) {
        fail(where + " holds constant data of type " + std::string(ir::dtype_name(t.dtype)) +
                 ", which mcuforge does not support",
             "quantize the weights to int8 (or keep them float32) when converting the model");
      }
      if (static_cast<int64_t>(bytes.size()) != t.num_bytes()) {
        fail(where + " has " + std::to_string(bytes.size()) + " bytes of constant data but its shape " +
             ir::shape_to_string(t.shape) + " of " + std::string(ir::dtype_name(t.dtype)) + " needs " +
             std::to_string(t.num_bytes()));
      }
      // Many tensors may share one buffer (and a tensor table may be listed many times), so a small
      // file could ask for many copies of its data: bound the total before copying.
      constant_bytes += static_cast<int64_t>(bytes.size());
      if (constant_bytes > kMaxConstantBytes) {
        fail("the model's constant data adds up to more than " + std::to_string(kMaxConstantBytes >> 20) +
                 " MiB (tensor " + std::to_string(index) + " and those before it)",
             "this is not a microcontroller-sized model, or many tensors share one huge buffer");
      }
      t.data.assign(bytes.begin(), bytes.end());
      if (!t.is_state()) t.kind = ir::TensorKind::kConstant;  // a state tensor's data is its initial value
    }
  }
  return t;
}

std::vector<int32_t> read_index_list(const flatbuffers::Vector<int32_t>* v, size_t num_tensors,
                                     bool allow_absent, const std::string& where) {
  std::vector<int32_t> out;
  if (!v) return out;
  for (int32_t i : *v) {
    if (allow_absent && i == ir::kNoTensor) {
      out.push_back(i);
      continue;
    }
    if (i < 0 || static_cast<size_t>(i) >= num_tensors) {
      fail(where + " refers to tensor " + std::to_string(i) + " but the graph has " +
           std::to_string(num_tensors) + " tensors");
    }
    out.push_back(i);
  }
  return out;
}

// Ops must come in an order in which every input exists before it is read (TFLite stores them in
// execution order); this also rules out cycles. Each tensor has at most one producer.
void check_execution_order(const ir::Graph& g) {
  std::vector<bool> ready(g.tensors.size(), false);
  for (size_t i = 0; i < g.tensors.size(); ++i) {
    ready[i] = !g.tensors[i].is_activation();
  }
  for (int32_t i : g.inputs) {
    if (!g.tensors[static_cast<size_t>(i)].data.empty()) {
      fail("graph input " + std::to_string(i) + " '" + g.tensor(i).name + "' is a constant tensor");
    }
    ready[static_cast<size_t>(i)] = true;
  }
  for (size_t k = 0; k < g.ops.size(); ++k) {
    const ir::Op& op = g.ops[k];
    const std::string where = "op " + std::to_string(k) + " (" + op.name + ")";
    // Custom and unsupported ops are rejected by name later; their operand conventions (e.g. the
    // NPU scratch tensors of ethos-u) are not ours to judge.
    const bool opaque = op.type == ir::OpType::kCustom || op.type == ir::OpType::kUnknownBuiltin;
    for (int32_t in : op.inputs) {
      if (in == ir::kNoTensor || opaque) continue;
      if (!ready[static_cast<size_t>(in)]) {
        fail(where + " reads tensor " + std::to_string(in) + " '" + g.tensor(in).name +
             "' before any op has written it (the graph has a cycle or its ops are out of order)");
      }
    }
    for (int32_t out : op.outputs) {
      const ir::Tensor& t = g.tensor(out);
      if (!t.data.empty()) {
        fail(where + " writes tensor " + std::to_string(out) + " '" + t.name + "', which is a constant");
      }
      if (ready[static_cast<size_t>(out)] && !t.is_state()) {
        fail(where + " writes tensor " + std::to_string(out) + " '" + t.name +
             "', which a graph input or an earlier op already provides");
      }
      ready[static_cast<size_t>(out)] = true;
    }
  }
  for (int32_t o : g.outputs) {
    if (!ready[static_cast<size_t>(o)]) {
      fail("graph output " + std::to_string(o) + " '" + g.tensor(o).name + "' is never computed");
    }
  }
}

}  // namespace

ir::Graph read_tflite(std::span<const uint8_t> bytes) {
  if (bytes.size() < 8) {
    fail("not a TFLite model: the file has only " + std::to_string(bytes.size()) + " bytes",
         "pass a .tflite file written by tf.lite.TFLiteConverter");
  }
  if (static_cast<int64_t>(bytes.size()) > kMaxFileBytes) {
    fail("the model file is larger than 2 GiB", "this is not a microcontroller-sized model");
  }
  if (!flatbuffers::BufferHasIdentifier(bytes.data(), fb::ModelIdentifier())) {
    fail("not a TFLite model: the file identifier at bytes 4..7 is not 'TFL3'",
         "pass a .tflite file written by tf.lite.TFLiteConverter (ONNX and Keras files are not read yet)");
  }
  flatbuffers::Verifier::Options vopts;
  vopts.max_depth = 64;
  vopts.max_tables = 4'000'000;
  vopts.check_alignment = true;
  flatbuffers::Verifier verifier(bytes.data(), bytes.size(), vopts);
  if (!fb::VerifyModelBuffer(verifier)) {
    fail("the TFLite file is corrupt or truncated: the flatbuffer verifier rejected it");
  }
  const fb::Model* model = fb::GetModel(bytes.data());
  if (model->version() != 3) {
    fail("unsupported TFLite schema version " + std::to_string(model->version()) + " (expected 3)",
         "re-export the model with a current TensorFlow");
  }
  if (!model->subgraphs() || model->subgraphs()->size() == 0) fail("the model has no subgraph");
  // Only control-flow ops (IF, WHILE, CALL_ONCE, STABLEHLO_*) use further subgraphs; they have no
  // kernel (prepare refuses them), so subgraph 0 is the whole model mcuforge runs, reads and writes.
  const fb::SubGraph* sg = model->subgraphs()->Get(0);

  ir::Graph g;
  if (model->description()) g.description = model->description()->str();
  if (sg->name()) g.name = sg->name()->str();
  const size_t num_tensors = sg->tensors() ? sg->tensors()->size() : 0;
  int64_t activation_bytes = 0, constant_bytes = 0;
  for (size_t i = 0; i < num_tensors; ++i) {
    g.tensors.push_back(read_tensor(sg->tensors()->Get(static_cast<uint32_t>(i)),
                                    static_cast<int32_t>(i), model, bytes, constant_bytes));
    if (g.tensors.back().data.empty()) activation_bytes += g.tensors.back().num_bytes();
    if (activation_bytes > kMaxActivationBytes) {
      fail("the model's activations need more than 1 GiB", "this is not a microcontroller-sized model");
    }
  }
  g.inputs = read_index_list(sg->inputs(), num_tensors, false, "the graph's input list");
  g.outputs = read_index_list(sg->outputs(), num_tensors, false, "the graph's output list");
  if (g.inputs.empty()) fail("the model has no inputs");
  if (g.outputs.empty()) fail("the model has no outputs");

  const auto* codes = model->operator_codes();
  const size_t num_ops = sg->operators() ? sg->operators()->size() : 0;
  for (size_t k = 0; k < num_ops; ++k) {
    const fb::Operator* fop = sg->operators()->Get(static_cast<uint32_t>(k));
    std::string where = "op " + std::to_string(k);
    const uint32_t oc = fop->opcode_index();
    if (!codes || oc >= codes->size()) {
      fail(where + " uses operator code " + std::to_string(oc) + " but the model has " +
           std::to_string(codes ? codes->size() : 0) + " operator codes");
    }
    const fb::OperatorCode* code = codes->Get(oc);
    // Newer files keep the code in builtin_code; older ones only in the int8 deprecated field.
    const int32_t builtin = std::max<int32_t>(code->builtin_code(), code->deprecated_builtin_code());
    ir::Op op;
    op.index = static_cast<int32_t>(k);
    op.version = code->version();
    if (builtin == kBuiltinCustom) {
      op.type = ir::OpType::kCustom;
      op.name = code->custom_code() ? code->custom_code()->str() : "";
    } else if (auto type = ir::op_type_from_tflite_code(builtin)) {
      op.type = *type;
      op.name = std::string(ir::op_type_name(*type));
    } else {
      op.type = ir::OpType::kUnknownBuiltin;
      op.source_code = builtin;
      op.name = "builtin_" + std::to_string(builtin);
    }
    if (fop->custom_options()) {
      op.custom_options.assign(fop->custom_options()->begin(), fop->custom_options()->end());
    }
    where += " (" + op.name + ")";
    op.inputs = read_index_list(fop->inputs(), num_tensors, true, where);
    op.outputs = read_index_list(fop->outputs(), num_tensors, false, where);
    op.intermediates = read_index_list(fop->intermediates(), num_tensors, true, where);
    op.options = read_options(op.type, fop, where);
    g.ops.push_back(std::move(op));
  }
  check_execution_order(g);
  ir::resolve_padding(g);  // SAME/VALID -> explicit pads, from the shapes just validated
  return g;
}

ir::Graph read_tflite_file(const std::string& path) {
  // A directory or a device would "open" and report a nonsensical size (or never end).
  std::error_code ec;
  const auto status = std::filesystem::status(path, ec);
  if (ec || !std::filesystem::exists(status)) {
    throw Error("cannot open model file '" + path + "': no such file", "check the path");
  }
  if (!std::filesystem::is_regular_file(status)) {
    throw Error("model file '" + path + "' is not a regular file" +
                    (std::filesystem::is_directory(status) ? " (it is a directory)" : ""),
                "pass the path of a .tflite file");
  }
  std::ifstream f(path, std::ios::binary);
  if (!f) throw Error("cannot open model file '" + path + "'", "check the path and its permissions");
  f.seekg(0, std::ios::end);
  const std::streamoff size = f.tellg();
  if (size < 0) throw Error("cannot read model file '" + path + "'", "check that it is a regular file");
  if (size > kMaxFileBytes) fail("the model file is larger than 2 GiB", "this is not a microcontroller-sized model");
  f.seekg(0);
  // 16-byte aligned storage: the verifier checks alignment of the scalars it reads.
  std::vector<uint64_t> storage((static_cast<size_t>(size) + 7) / 8 + 1);
  f.read(reinterpret_cast<char*>(storage.data()), size);
  if (!f) throw Error("cannot read model file '" + path + "'", "check that it is a regular file");
  return read_tflite({reinterpret_cast<const uint8_t*>(storage.data()), static_cast<size_t>(size)});
}

}  // namespace mcuforge::tflite
