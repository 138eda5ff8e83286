// SPDX-License-Identifier: Apache-2.0
// Writes the small models cli_test.py runs the real `mcuforge` binary on: a valid int8 RESHAPE model
// (to test input checking), a model with a custom op, one with an unsupported builtin, and one whose
// op cannot be prepared (CONV_2D with stride 0). Usage: make_test_models OUTPUT_DIR
#include <cstdio>
#include <fstream>
#include <limits>
#include <string>

#include "model_builder.h"

using namespace mftest;

namespace {

bool write(const std::string& path, const std::vector<uint8_t>& bytes) {
  std::ofstream f(path, std::ios::binary | std::ios::trunc);
  f.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
  return static_cast<bool>(f);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: make_test_models OUTPUT_DIR\n");
    return 1;
  }
  const std::string dir = argv[1];
  bool ok = write(dir + "/reshape_int8.tflite", build(reshape_model()));

  auto custom = reshape_model();
  custom.opcodes = {{kCustom, "ethos-u"}};
  ok &= write(dir + "/custom_op.tflite", build(custom));

  auto unsupported = reshape_model();
  unsupported.opcodes = {{kHashtableLookup}};
  unsupported.tensors[1].shape = {1, 2, 3};
  ok &= write(dir + "/unsupported_builtin.tflite", build(unsupported));

  ConvParams p;
  p.stride_w = 0;
  ok &= write(dir + "/conv_stride0.tflite", build(conv_model(p)));

  auto nan_scale = reshape_model();
  nan_scale.tensors[0].scale = {std::numeric_limits<float>::quiet_NaN()};
  ok &= write(dir + "/nan_scale.tflite", build(nan_scale));

  auto cycle = reshape_model();
  cycle.ops[0].inputs = {1};
  cycle.tensors[1].shape = {1, 2, 3};
  ok &= write(dir + "/cycle.tflite", build(cycle));

  // Valid small models of other ops: seeds for the fuzzer (tests/fuzz/seeds/), which mutates them far
  // faster than the large corpus models.
  auto i8 = [](std::vector<int32_t> shape, const char* name, float scale = 0.5f, int64_t zp = 0) {
    return TensorSpec{std::move(shape), fb::TensorType_INT8, 0, name, {scale}, {zp}};
  };
  auto one_op = [](int32_t builtin, std::vector<TensorSpec> tensors, std::vector<int32_t> in,
                   std::vector<int32_t> graph_in, int32_t out, OptionsFn options) {
    ModelSpec m;
    m.opcodes = {{builtin}};
    m.tensors = std::move(tensors);
    m.ops = {{0, std::move(in), {out}, std::move(options)}};
    m.inputs = std::move(graph_in);
    m.outputs = {out};
    return m;
  };
  ok &= write(dir + "/seed_conv.tflite", build(conv_model()));
  ok &= write(dir + "/seed_max_pool.tflite",
              build(one_op(kMaxPool2D, {i8({1, 8, 8, 4}, "in"), i8({1, 4, 4, 4}, "out")}, {0}, {0}, 1,
                           [](flatbuffers::FlatBufferBuilder& b) {
                             return std::make_pair(fb::BuiltinOptions_Pool2DOptions,
                                                   fb::CreatePool2DOptions(b, fb::Padding_VALID, 2, 2, 2, 2).Union());
                           })));
  ok &= write(dir + "/seed_avg_pool.tflite",
              build(one_op(kAveragePool2D, {i8({1, 8, 8, 4}, "in"), i8({1, 8, 8, 4}, "out")}, {0}, {0}, 1,
                           [](flatbuffers::FlatBufferBuilder& b) {
                             return std::make_pair(fb::BuiltinOptions_Pool2DOptions,
                                                   fb::CreatePool2DOptions(b, fb::Padding_SAME, 1, 1, 3, 3).Union());
                           })));
  ok &= write(dir + "/seed_softmax.tflite",
              build(one_op(kSoftmax, {i8({1, 10}, "in", 0.1f), i8({1, 10}, "out", 1.0f / 256, -128)}, {0}, {0}, 1,
                           [](flatbuffers::FlatBufferBuilder& b) {
                             return std::make_pair(fb::BuiltinOptions_SoftmaxOptions,
                                                   fb::CreateSoftmaxOptions(b, 1.0f).Union());
                           })));
  ok &= write(dir + "/seed_concat.tflite",
              build(one_op(kConcatenation, {i8({1, 2, 3}, "a"), i8({1, 2, 5}, "b"), i8({1, 2, 8}, "out")}, {0, 1},
                           {0, 1}, 2, [](flatbuffers::FlatBufferBuilder& b) {
                             return std::make_pair(fb::BuiltinOptions_ConcatenationOptions,
                                                   fb::CreateConcatenationOptions(b, 2).Union());
                           })));
  ok &= write(dir + "/seed_add.tflite",
              build(one_op(kAdd, {i8({1, 4, 4, 3}, "a", 0.5f, 1), i8({1, 1, 4, 3}, "b", 0.25f, -2),
                                  i8({1, 4, 4, 3}, "out", 0.75f, 3)},
                           {0, 1}, {0, 1}, 2, {})));
  {
    ModelSpec m;
    m.opcodes = {{kFullyConnected}};
    const uint32_t w = m.add_buffer(std::vector<uint8_t>(48, 3));
    const uint32_t bias = m.add_buffer(bytes_of(std::vector<int32_t>{1, -2, 3}));
    m.tensors = {i8({1, 16}, "in"), {{3, 16}, fb::TensorType_INT8, w, "weights", {0.1f}, {0}},
                 {{3}, fb::TensorType_INT32, bias, "bias", {0.05f}, {0}}, i8({1, 3}, "out", 0.3f, 4)};
    m.ops = {{0, {0, 1, 2}, {3}, {}}};
    m.inputs = {0};
    m.outputs = {3};
    ok &= write(dir + "/seed_fully_connected.tflite", build(m));
  }
  {
    ModelSpec m;
    m.opcodes = {{kStridedSlice}};
    const uint32_t begin = m.add_buffer(bytes_of(std::vector<int32_t>{0, 1}));
    const uint32_t end = m.add_buffer(bytes_of(std::vector<int32_t>{1, 7}));
    const uint32_t strides = m.add_buffer(bytes_of(std::vector<int32_t>{1, 2}));
    m.tensors = {i8({1, 8}, "in"), {{2}, fb::TensorType_INT32, begin, "begin"},
                 {{2}, fb::TensorType_INT32, end, "end"}, {{2}, fb::TensorType_INT32, strides, "strides"},
                 i8({1, 3}, "out")};
    m.ops = {{0, {0, 1, 2, 3}, {4}, {}}};
    m.inputs = {0};
    m.outputs = {4};
    ok &= write(dir + "/seed_strided_slice.tflite", build(m));
  }
  return ok ? 0 : 1;
}
