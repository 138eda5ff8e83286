// SPDX-License-Identifier: Apache-2.0
// Builds small .tflite flatbuffers from a plain description, for tests that need models which are
// well-formed flatbuffers but describe something wrong (bad indices, shapes, quantization, options).
// Used by bad_model_test.cc and make_test_models.cc (models for the CLI test).
#pragma once

#include <cstdint>
#include <cstring>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "schema_generated.h"

namespace mftest {

namespace fb = ::mcuforge::tflite_schema;

// TFLite builtin operator codes used by the tests.
enum Builtin : int32_t {
  kAdd = 0,
  kAveragePool2D = 1,
  kConcatenation = 2,
  kConv2D = 3,
  kDepthwiseConv2D = 4,
  kHashtableLookup = 10,  // a TFLite builtin TFLM does not run either: stays unsupported
  kFullyConnected = 9,
  kMaxPool2D = 17,
  kReshape = 22,
  kSoftmax = 25,
  kCustom = 32,
  kStridedSlice = 45,
  kMean = 40,
  kReduceMax = 82,
};

struct TensorSpec {
  std::vector<int32_t> shape;
  fb::TensorType type = fb::TensorType_INT8;
  uint32_t buffer = 0;
  std::string name;
  std::vector<float> scale;        // quantization is written when scale or zero_point is set
  std::vector<int64_t> zero_point;
  int32_t quantized_dimension = 0;
  bool is_variable = false;
  bool sparse = false;             // adds a SparsityParameters table
  bool custom_quantization = false;
  bool no_shape = false;           // leave the shape vector out entirely
};

struct BufferSpec {
  std::vector<uint8_t> data;
  uint64_t offset = 0, size = 0;   // external data (offset/size past the flatbuffer)
};

struct OpCodeSpec {
  int32_t builtin = 0;
  std::string custom_code;
  int32_t version = 1;
};

using OptionsFn = std::function<std::pair<fb::BuiltinOptions, flatbuffers::Offset<void>>(
    flatbuffers::FlatBufferBuilder&)>;

struct OpSpec {
  uint32_t opcode_index = 0;
  std::vector<int32_t> inputs, outputs;
  OptionsFn options;  // may be empty
  std::vector<int32_t> intermediates;
};

struct ModelSpec {
  uint32_t version = 3;
  std::vector<OpCodeSpec> opcodes;
  std::vector<TensorSpec> tensors;
  std::vector<BufferSpec> buffers{BufferSpec{}};  // buffer 0: the empty sentinel
  std::vector<OpSpec> ops;
  std::vector<int32_t> inputs, outputs;
  bool no_subgraphs = false;
  std::string description = "mcuforge test model";

  // Adds a constant buffer and returns its index.
  uint32_t add_buffer(std::vector<uint8_t> data) {
    buffers.push_back(BufferSpec{std::move(data)});
    return static_cast<uint32_t>(buffers.size() - 1);
  }
};

template <typename T>
std::vector<uint8_t> bytes_of(const std::vector<T>& v) {
  std::vector<uint8_t> out(v.size() * sizeof(T));
  if (!v.empty()) std::memcpy(out.data(), v.data(), out.size());
  return out;
}

inline std::vector<uint8_t> build(const ModelSpec& m) {
  flatbuffers::FlatBufferBuilder b;
  std::vector<flatbuffers::Offset<fb::Buffer>> buffers;
  for (const BufferSpec& bs : m.buffers) {
    flatbuffers::Offset<flatbuffers::Vector<uint8_t>> data = 0;
    if (!bs.data.empty()) {
      b.ForceVectorAlignment(bs.data.size(), sizeof(uint8_t), 16);
      data = b.CreateVector(bs.data);
    }
    buffers.push_back(fb::CreateBuffer(b, data, bs.offset, bs.size));
  }
  std::vector<flatbuffers::Offset<fb::Tensor>> tensors;
  for (const TensorSpec& t : m.tensors) {
    flatbuffers::Offset<fb::QuantizationParameters> q = 0;
    if (!t.scale.empty() || !t.zero_point.empty() || t.custom_quantization) {
      flatbuffers::Offset<void> details = 0;
      auto details_type = fb::QuantizationDetails_NONE;
      if (t.custom_quantization) {
        details = fb::CreateCustomQuantization(b, b.CreateVector(std::vector<uint8_t>{1, 2, 3})).Union();
        details_type = fb::QuantizationDetails_CustomQuantization;
      }
      q = fb::CreateQuantizationParameters(b, 0, 0, t.scale.empty() ? 0 : b.CreateVector(t.scale),
                                           t.zero_point.empty() ? 0 : b.CreateVector(t.zero_point),
                                           details_type, details, t.quantized_dimension);
    }
    flatbuffers::Offset<fb::SparsityParameters> sparsity = 0;
    if (t.sparse) sparsity = fb::CreateSparsityParameters(b);
    tensors.push_back(fb::CreateTensor(b, t.no_shape ? 0 : b.CreateVector(t.shape), t.type, t.buffer,
                                       b.CreateString(t.name), q, t.is_variable, sparsity));
  }
  std::vector<flatbuffers::Offset<fb::Operator>> ops;
  for (const OpSpec& o : m.ops) {
    auto opts = o.options ? o.options(b) : std::make_pair(fb::BuiltinOptions_NONE, flatbuffers::Offset<void>());
    ops.push_back(fb::CreateOperator(b, o.opcode_index, b.CreateVector(o.inputs), b.CreateVector(o.outputs),
                                     opts.first, opts.second, 0, fb::CustomOptionsFormat_FLEXBUFFERS, 0,
                                     o.intermediates.empty() ? 0 : b.CreateVector(o.intermediates)));
  }
  std::vector<flatbuffers::Offset<fb::SubGraph>> subgraphs;
  if (!m.no_subgraphs) {
    subgraphs.push_back(fb::CreateSubGraph(b, b.CreateVector(tensors), b.CreateVector(m.inputs),
                                           b.CreateVector(m.outputs), b.CreateVector(ops), b.CreateString("main")));
  }
  std::vector<flatbuffers::Offset<fb::OperatorCode>> codes;
  for (const OpCodeSpec& c : m.opcodes) {
    const int8_t deprecated = static_cast<int8_t>(c.builtin < 127 ? c.builtin : 127);
    codes.push_back(fb::CreateOperatorCode(b, deprecated, c.custom_code.empty() ? 0 : b.CreateString(c.custom_code),
                                           c.version, c.builtin));
  }
  auto model = fb::CreateModel(b, m.version, b.CreateVector(codes), b.CreateVector(subgraphs),
                               b.CreateString(m.description), b.CreateVector(buffers));
  fb::FinishModelBuffer(b, model);
  return {b.GetBufferPointer(), b.GetBufferPointer() + b.GetSize()};
}

// --- Valid base models, which tests then break in one place. ---

// RESHAPE int8 [1, 2, 3] -> [6] (runs with the copy kernel; used for input-checking tests).
inline ModelSpec reshape_model() {
  ModelSpec m;
  m.opcodes = {{kReshape}};
  m.tensors = {{{1, 2, 3}, fb::TensorType_INT8, 0, "input", {0.5f}, {-1}},
               {{6}, fb::TensorType_INT8, 0, "output", {0.5f}, {-1}}};
  m.ops = {{0, {0}, {1}, {}}};
  m.inputs = {0};
  m.outputs = {1};
  return m;
}

// MEAN (or another reduction) int8 over axes {1, 2} of [1, 4, 5, 8] (global average pooling).
inline ModelSpec reduce_model(int32_t builtin = kMean, std::vector<int32_t> axes = {1, 2}, bool keep_dims = false,
                              std::vector<int32_t> out_shape = {1, 8}) {
  ModelSpec m;
  m.opcodes = {{builtin}};
  const uint32_t abuf = m.add_buffer(bytes_of(axes));
  m.tensors = {{{1, 4, 5, 8}, fb::TensorType_INT8, 0, "input", {0.5f}, {-1}},
               {{static_cast<int32_t>(axes.size())}, fb::TensorType_INT32, abuf, "axes"},
               {std::move(out_shape), fb::TensorType_INT8, 0, "output", {0.5f}, {-1}}};
  m.ops = {{0, {0, 1}, {2}, [keep_dims](flatbuffers::FlatBufferBuilder& b) {
              return std::make_pair(fb::BuiltinOptions_ReducerOptions, fb::CreateReducerOptions(b, keep_dims).Union());
            }}};
  m.inputs = {0};
  m.outputs = {2};
  return m;
}

// CONV_2D int8: input [1, 8, 8, 3], filter [4, kh, kw, 3] per-channel, bias int32 [4], SAME, stride 1.
struct ConvParams {
  int32_t in_h = 8, in_w = 8, in_c = 3;
  int32_t out_c = 4, kh = 3, kw = 3;
  int32_t filter_in_c = 3;
  int32_t out_h = 8, out_w = 8;
  int32_t bias_len = 4;
  int32_t stride_w = 1, stride_h = 1, dilation_w = 1, dilation_h = 1;
  fb::Padding padding = fb::Padding_SAME;
};

inline ModelSpec conv_model(const ConvParams& p = {}) {
  ModelSpec m;
  m.opcodes = {{kConv2D, "", 3}};
  std::vector<int8_t> filter(static_cast<size_t>(p.out_c * p.kh * p.kw * p.filter_in_c), 1);
  std::vector<int32_t> bias(static_cast<size_t>(p.bias_len), 10);
  const uint32_t fbuf = m.add_buffer(bytes_of(filter));
  const uint32_t bbuf = m.add_buffer(bytes_of(bias));
  std::vector<float> fscale(static_cast<size_t>(p.out_c), 0.01f), bscale(static_cast<size_t>(p.bias_len), 0.005f);
  m.tensors = {
      {{1, p.in_h, p.in_w, p.in_c}, fb::TensorType_INT8, 0, "input", {0.5f}, {-1}},
      {{p.out_c, p.kh, p.kw, p.filter_in_c}, fb::TensorType_INT8, fbuf, "filter", fscale,
       std::vector<int64_t>(fscale.size(), 0), 0},
      {{p.bias_len}, fb::TensorType_INT32, bbuf, "bias", bscale, std::vector<int64_t>(bscale.size(), 0), 0},
      {{1, p.out_h, p.out_w, p.out_c}, fb::TensorType_INT8, 0, "output", {1.0f}, {0}},
  };
  m.ops = {{0, {0, 1, 2}, {3}, [p](flatbuffers::FlatBufferBuilder& b) {
              return std::make_pair(fb::BuiltinOptions_Conv2DOptions,
                                    fb::CreateConv2DOptions(b, p.padding, p.stride_w, p.stride_h,
                                                            fb::ActivationFunctionType_NONE, p.dilation_w,
                                                            p.dilation_h)
                                        .Union());
            }}};
  m.inputs = {0};
  m.outputs = {3};
  return m;
}

}  // namespace mftest
