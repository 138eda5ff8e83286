// SPDX-License-Identifier: Apache-2.0
#include "export/tflite_writer.h"

#include <algorithm>
#include <map>
#include <string>
#include <tuple>

#include "diagnostics/error.h"
#include "import/tflite/options_table.h"
#include "ir/padding.h"
#include "schema_generated.h"

namespace mcuforge::exporter {
namespace {

namespace fb = ::mcuforge::tflite_schema;
using flatbuffers::FlatBufferBuilder;
using flatbuffers::Offset;

constexpr int32_t kBuiltinCustom = 32;
constexpr size_t kBufferAlignment = 16;  // TFLM and XNNPack read constants in place
constexpr int64_t kMaxFlatbufferBytes = (int64_t{1} << 31) - (int64_t{64} << 20);  // with room for the tables

fb::TensorType tensor_type(ir::DType t) {
  switch (t) {
    case ir::DType::kFloat32: return fb::TensorType_FLOAT32;
    case ir::DType::kFloat16: return fb::TensorType_FLOAT16;
    case ir::DType::kFloat64: return fb::TensorType_FLOAT64;
    case ir::DType::kInt8: return fb::TensorType_INT8;
    case ir::DType::kUInt8: return fb::TensorType_UINT8;
    case ir::DType::kInt16: return fb::TensorType_INT16;
    case ir::DType::kUInt16: return fb::TensorType_UINT16;
    case ir::DType::kInt32: return fb::TensorType_INT32;
    case ir::DType::kUInt32: return fb::TensorType_UINT32;
    case ir::DType::kInt64: return fb::TensorType_INT64;
    case ir::DType::kUInt64: return fb::TensorType_UINT64;
    case ir::DType::kBool: return fb::TensorType_BOOL;
    case ir::DType::kInt4: return fb::TensorType_INT4;
    case ir::DType::kString: return fb::TensorType_STRING;
    case ir::DType::kComplex64: return fb::TensorType_COMPLEX64;
    case ir::DType::kComplex128: return fb::TensorType_COMPLEX128;
    case ir::DType::kResource: return fb::TensorType_RESOURCE;
    case ir::DType::kVariant: return fb::TensorType_VARIANT;
    case ir::DType::kBFloat16: return fb::TensorType_BFLOAT16;
  }
  return fb::TensorType_FLOAT32;
}

// An optional type field: absent means FLOAT32 (0), the format's default.
fb::TensorType optional_type(const std::optional<ir::DType>& t) {
  return t ? tensor_type(*t) : fb::TensorType_FLOAT32;
}

fb::ActivationFunctionType activation(ir::Activation a) {
  switch (a) {
    case ir::Activation::kNone: return fb::ActivationFunctionType_NONE;
    case ir::Activation::kRelu: return fb::ActivationFunctionType_RELU;
    case ir::Activation::kReluN1To1: return fb::ActivationFunctionType_RELU_N1_TO_1;
    case ir::Activation::kRelu6: return fb::ActivationFunctionType_RELU6;
    case ir::Activation::kTanh: return fb::ActivationFunctionType_TANH;
    case ir::Activation::kSignBit: return fb::ActivationFunctionType_SIGN_BIT;
  }
  return fb::ActivationFunctionType_NONE;
}

// TFLite spells padding SAME or VALID only: the spelling that gives the op's explicit pads (the source's
// own when it still agrees), or an Error when neither does.
fb::Padding padding(const ir::Graph& g, const ir::Op& op) {
  const auto p = ir::implicit_padding(g, op);
  if (!p) {
    throw Error("op " + std::to_string(op.index) + " (" + op.name +
                    "): its explicit padding is neither SAME nor VALID, which a .tflite file cannot express",
                "TFLite needs a PAD op in front of this op (not written by mcuforge yet); export to another format "
                "or keep the source model's padding");
  }
  return *p == ir::Padding::kValid ? fb::Padding_VALID : fb::Padding_SAME;
}

// The operator's options as (union 1 type, union 2 type, table).
struct WrittenOptions {
  fb::BuiltinOptions type = fb::BuiltinOptions_NONE;
  fb::BuiltinOptions2 type2 = fb::BuiltinOptions2_NONE;
  Offset<void> table;
};

WrittenOptions typed(fb::BuiltinOptions type, Offset<void> table) { return {type, fb::BuiltinOptions2_NONE, table}; }

WrittenOptions elementwise_options(FlatBufferBuilder& fbb, const ir::Op& op, const ir::ElementwiseOptions& o) {
  const auto act = activation(o.activation);
  switch (op.type) {
    case ir::OpType::ADD:
      return typed(fb::BuiltinOptions_AddOptions, fb::CreateAddOptions(fbb, act, o.pot_scale_int16).Union());
    case ir::OpType::SUB:
      return typed(fb::BuiltinOptions_SubOptions, fb::CreateSubOptions(fbb, act, o.pot_scale_int16).Union());
    case ir::OpType::MUL: return typed(fb::BuiltinOptions_MulOptions, fb::CreateMulOptions(fbb, act).Union());
    case ir::OpType::DIV: return typed(fb::BuiltinOptions_DivOptions, fb::CreateDivOptions(fbb, act).Union());
    default:
      throw Error("op " + std::to_string(op.index) + " (" + op.name + ") carries element-wise options",
                  "this is a bug in the importer or pass that made it, please report it");
  }
}

WrittenOptions write_options(FlatBufferBuilder& fbb, const ir::Graph& g, const ir::Op& op) {
  struct Visitor {
    FlatBufferBuilder& fbb;
    const ir::Graph& g;
    const ir::Op& op;
    WrittenOptions operator()(const std::monostate&) { return {}; }
    WrittenOptions operator()(const ir::Conv2DOptions& o) {
      return typed(fb::BuiltinOptions_Conv2DOptions,
                   fb::CreateConv2DOptions(fbb, padding(g, op), o.stride_w, o.stride_h, activation(o.activation),
                                           o.dilation_w, o.dilation_h, optional_type(o.quantized_bias_type))
                       .Union());
    }
    WrittenOptions operator()(const ir::DepthwiseConv2DOptions& o) {
      return typed(fb::BuiltinOptions_DepthwiseConv2DOptions,
                   fb::CreateDepthwiseConv2DOptions(fbb, padding(g, op), o.stride_w, o.stride_h,
                                                    o.depth_multiplier, activation(o.activation), o.dilation_w,
                                                    o.dilation_h)
                       .Union());
    }
    WrittenOptions operator()(const ir::Pool2DOptions& o) {
      return typed(fb::BuiltinOptions_Pool2DOptions,
                   fb::CreatePool2DOptions(fbb, padding(g, op), o.stride_w, o.stride_h, o.filter_w, o.filter_h,
                                           activation(o.activation))
                       .Union());
    }
    // tconv family
    WrittenOptions operator()(const ir::TransposeConvOptions& o) {
      return typed(fb::BuiltinOptions_TransposeConvOptions,
                   fb::CreateTransposeConvOptions(fbb, padding(g, op), o.stride_w, o.stride_h,
                                                  activation(o.activation), optional_type(o.quantized_bias_type))
                       .Union());
    }
    WrittenOptions operator()(const ir::FullyConnectedOptions& o) {
      return typed(fb::BuiltinOptions_FullyConnectedOptions,
                   fb::CreateFullyConnectedOptions(
                       fbb, activation(o.activation),
                       o.shuffled_weights ? fb::FullyConnectedOptionsWeightsFormat_SHUFFLED4x16INT8
                                          : fb::FullyConnectedOptionsWeightsFormat_DEFAULT,
                       o.keep_num_dims, o.asymmetric_quantize_inputs, optional_type(o.quantized_bias_type))
                       .Union());
    }
    WrittenOptions operator()(const ir::ElementwiseOptions& o) { return elementwise_options(fbb, op, o); }
    WrittenOptions operator()(const ir::SoftmaxOptions& o) {
      return typed(fb::BuiltinOptions_SoftmaxOptions, fb::CreateSoftmaxOptions(fbb, o.beta).Union());
    }
    WrittenOptions operator()(const ir::ConcatenationOptions& o) {
      return typed(fb::BuiltinOptions_ConcatenationOptions,
                   fb::CreateConcatenationOptions(fbb, o.axis, activation(o.activation)).Union());
    }
    WrittenOptions operator()(const ir::ReshapeOptions& o) {
      // Without new_shape the table says nothing (the shape input or the output shape decides), and
      // TFLite reads an empty new_shape as a scalar: leave it out.
      if (o.new_shape.empty()) return {};
      return typed(fb::BuiltinOptions_ReshapeOptions,
                   fb::CreateReshapeOptions(fbb, fbb.CreateVector(o.new_shape)).Union());
    }
    WrittenOptions operator()(const ir::StridedSliceOptions& o) {
      return typed(fb::BuiltinOptions_StridedSliceOptions,
                   fb::CreateStridedSliceOptions(fbb, o.begin_mask, o.end_mask, o.ellipsis_mask, o.new_axis_mask,
                                                 o.shrink_axis_mask, o.offset)
                       .Union());
    }
    WrittenOptions operator()(const ir::PackOptions& o) {
      return typed(fb::BuiltinOptions_PackOptions, fb::CreatePackOptions(fbb, o.values_count, o.axis).Union());
    }
    WrittenOptions operator()(const ir::UnpackOptions& o) {
      return typed(fb::BuiltinOptions_UnpackOptions, fb::CreateUnpackOptions(fbb, o.num, o.axis).Union());
    }
    WrittenOptions operator()(const ir::SplitOptions& o) {
      return typed(fb::BuiltinOptions_SplitOptions, fb::CreateSplitOptions(fbb, o.num_splits).Union());
    }
    WrittenOptions operator()(const ir::CastOptions& o) {
      if (!o.in_type && !o.out_type) return {};  // the model had no table: FLOAT32 would be a claim
      return typed(fb::BuiltinOptions_CastOptions,
                   fb::CreateCastOptions(fbb, optional_type(o.in_type), optional_type(o.out_type)).Union());
    }
    WrittenOptions operator()(const ir::ShapeOptions& o) {
      if (!o.out_type) return {};
      return typed(fb::BuiltinOptions_ShapeOptions, fb::CreateShapeOptions(fbb, optional_type(o.out_type)).Union());
    }
    WrittenOptions operator()(const ir::SVDFOptions& o) {
      return typed(fb::BuiltinOptions_SVDFOptions,
                   fb::CreateSVDFOptions(fbb, o.rank, activation(o.activation), o.asymmetric_quantize_inputs).Union());
    }
    WrittenOptions operator()(const ir::SequenceLSTMOptions& o) {
      return typed(fb::BuiltinOptions_UnidirectionalSequenceLSTMOptions,
                   fb::CreateUnidirectionalSequenceLSTMOptions(fbb, activation(o.activation), o.cell_clip, o.proj_clip,
                                                               o.time_major, o.asymmetric_quantize_inputs,
                                                               o.diagonal_recurrent_tensors)
                       .Union());
    }
    WrittenOptions operator()(const ir::ReducerOptions& o) {
      return typed(fb::BuiltinOptions_ReducerOptions, fb::CreateReducerOptions(fbb, o.keep_dims).Union());
    }
    // Data movement family.
    WrittenOptions operator()(const ir::SqueezeOptions& o) {
      return typed(fb::BuiltinOptions_SqueezeOptions,
                   fb::CreateSqueezeOptions(fbb, fbb.CreateVector(o.squeeze_dims)).Union());
    }
    WrittenOptions operator()(const ir::MirrorPadOptions& o) {
      return typed(fb::BuiltinOptions_MirrorPadOptions,
                   fb::CreateMirrorPadOptions(fbb, static_cast<int8_t>(o.mode)).Union());
    }
    // index family
    WrittenOptions operator()(const ir::ArgMinMaxOptions& o) {
      if (!o.output_type) return {};  // the model had no table
      if (op.type == ir::OpType::ARG_MIN) {
        return typed(fb::BuiltinOptions_ArgMinOptions,
                     fb::CreateArgMinOptions(fbb, static_cast<int8_t>(optional_type(o.output_type))).Union());
      }
      return typed(fb::BuiltinOptions_ArgMaxOptions, fb::CreateArgMaxOptions(fbb, static_cast<int8_t>(optional_type(o.output_type))).Union());
    }
    WrittenOptions operator()(const ir::GatherOptions& o) {
      return typed(fb::BuiltinOptions_GatherOptions, fb::CreateGatherOptions(fbb, o.axis, o.batch_dims).Union());
    }
    WrittenOptions operator()(const ir::BlockSizeOptions& o) {
      if (op.type == ir::OpType::SPACE_TO_DEPTH) {
        return typed(fb::BuiltinOptions_SpaceToDepthOptions, fb::CreateSpaceToDepthOptions(fbb, o.block_size).Union());
      }
      return typed(fb::BuiltinOptions_DepthToSpaceOptions, fb::CreateDepthToSpaceOptions(fbb, o.block_size).Union());
    }
    WrittenOptions operator()(const ir::CumsumOptions& o) {
      return typed(fb::BuiltinOptions_CumsumOptions, fb::CreateCumsumOptions(fbb, o.exclusive, o.reverse).Union());
    }
    // activation family
    WrittenOptions operator()(const ir::LeakyReluOptions& o) {
      return typed(fb::BuiltinOptions_LeakyReluOptions, fb::CreateLeakyReluOptions(fbb, o.alpha).Union());
    }
    // Resize family: one struct for both resize tables.
    WrittenOptions operator()(const ir::ResizeOptions& o) {
      if (op.type == ir::OpType::RESIZE_BILINEAR) {
        return typed(fb::BuiltinOptions_ResizeBilinearOptions,
                     fb::CreateResizeBilinearOptions(fbb, o.align_corners, o.half_pixel_centers).Union());
      }
      return typed(fb::BuiltinOptions_ResizeNearestNeighborOptions,
                   fb::CreateResizeNearestNeighborOptions(fbb, o.align_corners, o.half_pixel_centers).Union());
    }
    WrittenOptions operator()(const ir::BatchMatMulOptions& o) {
      return typed(fb::BuiltinOptions_BatchMatMulOptions,
                   fb::CreateBatchMatMulOptions(fbb, o.adj_x, o.adj_y, o.asymmetric_quantize_inputs).Union());
    }
    WrittenOptions operator()(const ir::GenericOptions& o) {
      const auto member = tflite::options_union_member(o.table);
      const Offset<void> table = tflite::write_generic_options(fbb, o);  // checks the table name
      WrittenOptions w;
      w.table = table;
      if (member->union_number == 1) {
        w.type = static_cast<fb::BuiltinOptions>(member->type);
      } else {
        w.type2 = static_cast<fb::BuiltinOptions2>(member->type);
      }
      return w;
    }
  };
  return std::visit(Visitor{fbb, g, op}, op.options);
}

// The builtin code an op is written with; throws for ops the format has no code for.
int32_t builtin_code(const ir::Op& op) {
  if (op.type == ir::OpType::kCustom) return kBuiltinCustom;
  const int32_t code = op.type == ir::OpType::kUnknownBuiltin ? op.source_code : ir::op_tflite_code(op.type);
  if (code < 0) {
    throw Error("op " + std::to_string(op.index) + " (" + op.name +
                    ") has no TFLite builtin code: it must be lowered into TFLite ops before the model is written",
                "this op comes from an importer; please report the model as an mcuforge issue");
  }
  return code;
}

class Writer {
 public:
  explicit Writer(const ir::Graph& g) : g_(g) {}

  std::vector<uint8_t> write() {
    check_size();
    buffers_.push_back(fb::CreateBuffer(fbb_));  // buffer 0: the empty buffer of every activation
    std::vector<Offset<fb::Tensor>> tensors;
    for (const ir::Tensor& t : g_.tensors) tensors.push_back(write_tensor(t));
    std::vector<Offset<fb::Operator>> operators;
    for (const ir::Op& op : g_.ops) operators.push_back(write_operator(op));
    const auto subgraph = fb::CreateSubGraph(fbb_, fbb_.CreateVector(tensors), fbb_.CreateVector(g_.inputs),
                                             fbb_.CreateVector(g_.outputs), fbb_.CreateVector(operators),
                                             g_.name.empty() ? 0 : fbb_.CreateString(g_.name));
    const auto model = fb::CreateModel(fbb_, 3, fbb_.CreateVector(codes_), fbb_.CreateVector(&subgraph, 1),
                                       g_.description.empty() ? 0 : fbb_.CreateString(g_.description),
                                       fbb_.CreateVector(buffers_));
    fb::FinishModelBuffer(fbb_, model);
    return {fbb_.GetBufferPointer(), fbb_.GetBufferPointer() + fbb_.GetSize()};
  }

 private:
  // A flatbuffer is limited to 2 GiB (32-bit offsets); constant folding can make constants larger
  // than the file they came from, so check before building.
  void check_size() const {
    int64_t bytes = 0;
    for (const ir::Tensor& t : g_.tensors) bytes += static_cast<int64_t>(t.data.size()) + 64 + 2 * t.name.size();
    if (bytes > kMaxFlatbufferBytes) {
      throw Error("the model's constants add up to more than a .tflite file can hold (2 GiB)",
                  "this is not a microcontroller-sized model");
    }
  }

  uint32_t write_buffer(const std::vector<uint8_t>& data) {
    fbb_.ForceVectorAlignment(data.size(), sizeof(uint8_t), kBufferAlignment);
    const auto bytes = fbb_.CreateVector(data);
    buffers_.push_back(fb::CreateBuffer(fbb_, bytes));
    return static_cast<uint32_t>(buffers_.size() - 1);
  }

  Offset<fb::QuantizationParameters> write_quantization(const ir::Quantization& q) {
    if (q.empty()) return 0;
    return fb::CreateQuantizationParameters(fbb_, 0, 0, fbb_.CreateVector(q.scale), fbb_.CreateVector(q.zero_point),
                                            fb::QuantizationDetails_NONE, 0, q.axis);
  }

  Offset<fb::Tensor> write_tensor(const ir::Tensor& t) {
    // A constant always gets a buffer (even of zero bytes); a state tensor only for its initial value.
    const uint32_t buffer = (t.is_constant() || !t.data.empty()) ? write_buffer(t.data) : 0;
    const auto quant = write_quantization(t.quant);
    return fb::CreateTensor(fbb_, fbb_.CreateVector(t.shape), tensor_type(t.dtype), buffer,
                            fbb_.CreateString(t.name), quant, t.is_state());
  }

  uint32_t opcode_index(const ir::Op& op) {
    const int32_t code = builtin_code(op);
    const std::string custom = op.type == ir::OpType::kCustom ? op.name : "";
    const auto key = std::make_tuple(code, custom, op.version);
    auto it = code_index_.find(key);
    if (it != code_index_.end()) return it->second;
    // Readers before schema 3a only know the int8 field; 127 says "look at builtin_code".
    const auto deprecated = static_cast<int8_t>(std::min<int32_t>(code, 127));
    codes_.push_back(fb::CreateOperatorCode(fbb_, deprecated, custom.empty() ? 0 : fbb_.CreateString(custom),
                                            op.version, code));
    const auto index = static_cast<uint32_t>(codes_.size() - 1);
    code_index_.emplace(key, index);
    return index;
  }

  Offset<fb::Operator> write_operator(const ir::Op& op) {
    const uint32_t opcode = opcode_index(op);
    const auto inputs = fbb_.CreateVector(op.inputs);
    const auto outputs = fbb_.CreateVector(op.outputs);
    const auto intermediates = op.intermediates.empty() ? 0 : fbb_.CreateVector(op.intermediates);
    const auto custom = op.custom_options.empty() ? 0 : fbb_.CreateVector(op.custom_options);
    const WrittenOptions options = write_options(fbb_, g_, op);
    fb::OperatorBuilder b(fbb_);
    b.add_opcode_index(opcode);
    b.add_inputs(inputs);
    b.add_outputs(outputs);
    if (options.type != fb::BuiltinOptions_NONE) {
      b.add_builtin_options_type(options.type);
      b.add_builtin_options(options.table);
    }
    if (options.type2 != fb::BuiltinOptions2_NONE) {
      b.add_builtin_options_2_type(options.type2);
      b.add_builtin_options_2(options.table);
    }
    if (!custom.IsNull()) b.add_custom_options(custom);
    if (!intermediates.IsNull()) b.add_intermediates(intermediates);
    return b.Finish();
  }

  const ir::Graph& g_;
  FlatBufferBuilder fbb_{1 << 16};
  std::vector<Offset<fb::Buffer>> buffers_;
  std::vector<Offset<fb::OperatorCode>> codes_;
  std::map<std::tuple<int32_t, std::string, int32_t>, uint32_t> code_index_;
};

}  // namespace

std::vector<uint8_t> write_tflite(const ir::Graph& g) { return Writer(g).write(); }

}  // namespace mcuforge::exporter
