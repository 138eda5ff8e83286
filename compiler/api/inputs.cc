// SPDX-License-Identifier: Apache-2.0
#include "api/inputs.h"

#include <fmt/format.h>

#include <filesystem>
#include <fstream>

#include "diagnostics/error.h"
#include "api/npy.h"

namespace mcuforge::api {
namespace fs = std::filesystem;
namespace {

// Deterministic inputs: golden input set `seed - 1` of ../shared/golden (SplitMix64, one generator
// over all inputs in order, one draw per element).
struct SplitMix64 {
  uint64_t s;
  uint64_t next() {
    uint64_t z = (s += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
};

template <typename T>
void put(std::vector<uint8_t>& out, T v) {
  const auto* p = reinterpret_cast<const uint8_t*>(&v);
  out.insert(out.end(), p, p + sizeof(T));
}

}  // namespace

std::vector<std::vector<uint8_t>> generated_inputs(const ir::Graph& g, uint64_t seed) {
  SplitMix64 r{seed};
  std::vector<std::vector<uint8_t>> inputs;
  for (size_t k = 0; k < g.inputs.size(); ++k) {
    const ir::Tensor& t = g.tensor(g.inputs[k]);
    std::vector<uint8_t> b;
    b.reserve(static_cast<size_t>(t.num_bytes()));
    for (int64_t i = 0; i < t.num_elements(); ++i) {
      const uint64_t v = r.next();
      switch (t.dtype) {
        case ir::DType::kInt8: put(b, static_cast<int8_t>(static_cast<uint8_t>(v >> 56))); break;
        case ir::DType::kUInt8: put(b, static_cast<uint8_t>(v >> 56)); break;
        case ir::DType::kInt16: put(b, static_cast<int16_t>(static_cast<uint16_t>(v >> 48))); break;
        case ir::DType::kUInt16: put(b, static_cast<uint16_t>(v >> 48)); break;
        case ir::DType::kInt32: put(b, static_cast<int32_t>(static_cast<uint32_t>(v >> 32))); break;
        case ir::DType::kUInt32: put(b, static_cast<uint32_t>(v >> 32)); break;
        case ir::DType::kInt64: put(b, static_cast<int64_t>(v)); break;
        case ir::DType::kUInt64: put(b, v); break;
        case ir::DType::kBool: put(b, static_cast<uint8_t>(v >> 63)); break;
        case ir::DType::kFloat32:
          put(b, static_cast<float>(static_cast<double>(v >> 40) * (1.0 / 16777216.0) * 2.0 - 1.0));
          break;
        default:
          throw Error(fmt::format("input {} '{}' has dtype {}, for which there is no generated test input", k, t.name,
                                  ir::dtype_name(t.dtype)),
                      "pass its bytes with --input");
      }
    }
    inputs.push_back(std::move(b));
  }
  return inputs;
}

std::vector<uint8_t> read_input(const std::string& path, const ir::Tensor& t, size_t k) {
  const std::string what = "input " + std::to_string(k) + " '" + t.name + "' (" +
                           std::string(ir::dtype_name(t.dtype)) + " " + ir::shape_to_string(t.shape) + ")";
  if (fs::path(path).extension() == ".npy") {
    NpyArray a = read_npy(path);
    if (a.dtype != t.dtype) {
      throw Error(what + ": '" + path + "' holds " + std::string(ir::dtype_name(a.dtype)) + " data",
                  t.quant.empty() ? "convert the array to " + std::string(ir::dtype_name(t.dtype))
                                  : "this input is quantized: q = round(x / scale) + zero_point, as " +
                                        std::string(ir::dtype_name(t.dtype)) + " (see `mcuforge inspect`)");
    }
    if (static_cast<int64_t>(a.data.size()) != t.num_bytes()) {
      std::vector<int32_t> shape(a.shape.begin(), a.shape.end());
      throw Error(what + ": '" + path + "' has shape " + ir::shape_to_string(shape),
                  "reshape the array to the input's shape");
    }
    return a.data;
  }
  std::error_code ec;
  if (fs::is_directory(path, ec)) throw Error("input file '" + path + "' is a directory", "pass a .npy or raw .bin file");
  std::ifstream f(path, std::ios::binary);
  if (!f) throw Error("cannot open input file '" + path + "'", "check the path");
  // Read one byte more than needed at most: a huge file or an endless device (/dev/zero) is rejected
  // without reading it all.
  std::vector<uint8_t> bytes(static_cast<size_t>(t.num_bytes()) + 1);
  f.read(reinterpret_cast<char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
  bytes.resize(static_cast<size_t>(f.gcount()));
  if (static_cast<int64_t>(bytes.size()) != t.num_bytes()) {
    const bool longer = static_cast<int64_t>(bytes.size()) > t.num_bytes();
    throw Error(what + " needs " + std::to_string(t.num_bytes()) + " bytes but '" + path + "' has " +
                    (longer ? "more" : std::to_string(bytes.size())),
                "raw inputs must be little-endian tensor bytes of exactly the tensor's size");
  }
  return bytes;
}

}  // namespace mcuforge::api
