// SPDX-License-Identifier: Apache-2.0
#include "api/inputs.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <optional>

#include "diagnostics/error.h"
#include "data/npy.h"

namespace mcuforge::api {
namespace fs = std::filesystem;
using data::NpyArray;
using data::read_npy;
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

template <typename Q>
std::vector<uint8_t> quantize_values(const NpyArray& a, const ir::Tensor& t) {
  // TFLM's QUANTIZE (float32 -> int): float division by the scale, round half away from zero, add
  // the zero point, clamp to the type.
  const float scale = t.quant.scale[0];
  const int64_t zero_point = t.quant.zero_point[0];
  std::vector<uint8_t> out;
  out.reserve(a.data.size() / sizeof(float) * sizeof(Q));
  for (size_t i = 0; i + sizeof(float) <= a.data.size(); i += sizeof(float)) {
    float x;
    std::memcpy(&x, a.data.data() + i, sizeof(float));
    const int64_t q = static_cast<int64_t>(std::round(x / scale)) + zero_point;
    put(out, static_cast<Q>(std::clamp<int64_t>(q, std::numeric_limits<Q>::min(), std::numeric_limits<Q>::max())));
  }
  return out;
}

bool convertible_for_quantized_input(ir::DType data, const ir::Tensor& t) {
  const bool int_input = t.dtype == ir::DType::kInt8 || t.dtype == ir::DType::kInt16;
  if (!int_input || t.quant.empty() || t.quant.per_channel()) return false;
  return data == ir::DType::kFloat32 || (data == ir::DType::kUInt8 && t.dtype == ir::DType::kInt8);
}

// Real-valued (float32) or uint8-pixel data for a quantized int8/int16 input, converted; nullopt
// when the pair is not one of those.
std::optional<std::vector<uint8_t>> convert_for_quantized_input(const NpyArray& a, const ir::Tensor& t,
                                                                const std::string& what, const std::string& path,
                                                                std::string* note) {
  if (!convertible_for_quantized_input(a.dtype, t)) return std::nullopt;
  if (a.dtype == ir::DType::kFloat32) {
    for (size_t i = 0; i + sizeof(float) <= a.data.size(); i += sizeof(float)) {
      float x;
      std::memcpy(&x, a.data.data() + i, sizeof(float));
      if (!std::isfinite(x)) {
        throw Error(what + ": '" + path + "' holds a NaN or infinite value (element " +
                        std::to_string(i / sizeof(float)) + ")",
                    "clean the data: a quantized input cannot represent it");
      }
    }
    if (note) {
      *note = fmt::format("{}: float32 data quantized with the input's scale {:.9g} and zero point {}", what,
                          t.quant.scale[0], t.quant.zero_point[0]);
    }
    return t.dtype == ir::DType::kInt8 ? quantize_values<int8_t>(a, t) : quantize_values<int16_t>(a, t);
  }
  {
    std::vector<uint8_t> out(a.data.size());
    for (size_t i = 0; i < a.data.size(); ++i) out[i] = static_cast<uint8_t>(static_cast<int8_t>(a.data[i] - 128));
    if (note) *note = what + ": uint8 data converted to int8 as p - 128 (TFLite's uint8 -> int8 convention)";
    return out;
  }
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

std::vector<uint8_t> read_input(const std::string& path, const ir::Tensor& t, size_t k, std::string* note) {
  const std::string what = "input " + std::to_string(k) + " '" + t.name + "' (" +
                           std::string(ir::dtype_name(t.dtype)) + " " + ir::shape_to_string(t.shape) + ")";
  if (fs::path(path).extension() == ".npy") {
    NpyArray a = read_npy(path);
    const bool same_count = a.data.size() / ir::dtype_size(a.dtype) == static_cast<size_t>(t.num_elements());
    if (a.dtype != t.dtype && same_count) {
      if (auto converted = convert_for_quantized_input(a, t, what, path, note)) return *converted;
    }
    if (a.dtype != t.dtype && !same_count && convertible_for_quantized_input(a.dtype, t)) {
      std::vector<int32_t> shape(a.shape.begin(), a.shape.end());
      throw Error(what + ": '" + path + "' has shape " + ir::shape_to_string(shape),
                  "reshape the array to the input's shape");
    }
    if (a.dtype != t.dtype) {
      throw Error(what + ": '" + path + "' holds " + std::string(ir::dtype_name(a.dtype)) + " data",
                  t.quant.empty() ? "convert the array to " + std::string(ir::dtype_name(t.dtype))
                                  : "this input is quantized: pass " + std::string(ir::dtype_name(t.dtype)) +
                                        " values, or float32 real values (quantized with the input's scale "
                                        "and zero point, see `mcuforge inspect`)");
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
