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

  auto floor = reshape_model();
  floor.opcodes = {{kFloor}};
  floor.tensors[1].shape = {1, 2, 3};
  ok &= write(dir + "/unsupported_builtin.tflite", build(floor));

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
  return ok ? 0 : 1;
}
