// SPDX-License-Identifier: Apache-2.0
#include "data/preprocess.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <optional>

#include "data/source.h"
#include "diagnostics/error.h"

namespace mcuforge::data {
namespace {

template <typename T>
double element(const uint8_t* bytes, size_t i) {
  T v;
  std::memcpy(&v, bytes + i * sizeof(T), sizeof(T));
  return static_cast<double>(v);
}

double element_of(const uint8_t* bytes, size_t i, ir::DType t) {
  switch (t) {
    case ir::DType::kFloat32: return element<float>(bytes, i);
    case ir::DType::kFloat64: return element<double>(bytes, i);
    case ir::DType::kUInt8: return element<uint8_t>(bytes, i);
    case ir::DType::kInt8: return element<int8_t>(bytes, i);
    case ir::DType::kInt16: return element<int16_t>(bytes, i);
    case ir::DType::kInt32: return element<int32_t>(bytes, i);
    default: return 0;  // is_value_dtype() is checked before
  }
}

bool is_identity(const Preprocess& pre) {
  return pre.scale == 1.0 && pre.offset == 0.0 && pre.mean.empty() && pre.std.empty();
}

// The value of a per-channel list for channel c: one value for all channels, or one per channel.
double per_channel(const std::vector<double>& v, size_t c, double fallback) {
  if (v.empty()) return fallback;
  return v.size() == 1 ? v[0] : v[c];
}

void check_channel_list(const std::vector<double>& v, const char* what, const InputSpec& in) {
  const int64_t channels = in.shape.empty() ? 1 : in.shape.back();
  if (v.size() > 1 && static_cast<int64_t>(v.size()) != channels) {
    throw Error(fmt::format("--{} has {} values but input '{}' has {} channels (its last axis, shape {})", what,
                            v.size(), in.name, channels, shape_text(shape64(in.shape))),
                fmt::format("give one value, or one per channel ({})", channels));
  }
  for (double x : v) {
    if (!std::isfinite(x)) throw Error(fmt::format("--{} holds a value that is not finite", what), "");
  }
}

// TFLM's QUANTIZE of one value: x / scale in float32, round half away from zero, + zero point, clamp.
// Unquantized integer inputs (scale 0) are rounded and clamped only.
template <typename Q>
void append_quantized(std::vector<uint8_t>& out, float x, float scale, int64_t zero_point) {
  const float scaled = scale > 0 ? x / scale : x;
  // Clamp before the conversion to an integer: a float beyond int64 has no defined conversion.
  const double r = std::clamp<double>(std::round(scaled), -1e15, 1e15);
  const int64_t q = std::clamp<int64_t>(static_cast<int64_t>(r) + zero_point, std::numeric_limits<Q>::min(),
                                        std::numeric_limits<Q>::max());
  const Q v = static_cast<Q>(q);
  const auto* p = reinterpret_cast<const uint8_t*>(&v);
  out.insert(out.end(), p, p + sizeof(Q));
}

template <typename Q>
std::vector<uint8_t> quantize_all(const std::vector<float>& values, const InputSpec& spec) {
  std::vector<uint8_t> out;
  out.reserve(values.size() * sizeof(Q));
  for (float x : values) append_quantized<Q>(out, x, spec.scale, spec.zero_point);
  return out;
}

}  // namespace

bool is_value_dtype(ir::DType t) {
  switch (t) {
    case ir::DType::kFloat32:
    case ir::DType::kFloat64:
    case ir::DType::kUInt8:
    case ir::DType::kInt8:
    case ir::DType::kInt16:
    case ir::DType::kInt32: return true;
    default: return false;
  }
}

void check_preprocess(const Preprocess& pre, const InputSpec& in) {
  if (!std::isfinite(pre.scale) || !std::isfinite(pre.offset)) {
    throw Error("the data scale and offset must be finite numbers", "");
  }
  check_channel_list(pre.mean, "mean", in);
  check_channel_list(pre.std, "std", in);
  if (std::any_of(pre.std.begin(), pre.std.end(), [](double s) { return s == 0; })) {
    throw Error("--std holds a zero", "the values are divided by it: give the standard deviation of the data");
  }
  if (pre.channels != "rgb" && pre.channels != "bgr" && pre.channels != "gray") {
    throw Error("unknown channel order '" + pre.channels + "'", "use rgb, bgr or gray");
  }
}

std::optional<int64_t> quantized_zero_point(ir::DType raw, const InputSpec& in, const Preprocess& pre) {
  if (!(in.scale > 0) || !ir::dtype_is_integer(in.dtype) || !is_identity(pre)) return std::nullopt;
  if (raw == in.dtype) return in.zero_point;
  // TFLite's uint8 -> int8 convention (as `run` reads uint8 data for an int8 input): the same scale,
  // the zero point 128 higher, so the int8 value is p - 128.
  if (raw == ir::DType::kUInt8 && in.dtype == ir::DType::kInt8) return in.zero_point + 128;
  return std::nullopt;
}

std::vector<float> raw_to_real(const uint8_t* bytes, size_t count, ir::DType raw, const InputSpec& in,
                               const Preprocess& pre) {
  std::vector<float> out(count);
  if (const auto zero_point = quantized_zero_point(raw, in, pre)) {
    // As TFLM's DEQUANTIZE: scale * (q - zero_point), so that QUANTIZE gives q back exactly.
    const double scale = in.scale;
    for (size_t i = 0; i < count; ++i) {
      out[i] = static_cast<float>(scale * (element_of(bytes, i, raw) - static_cast<double>(*zero_point)));
    }
    return out;
  }
  const size_t channels = in.shape.empty() ? 1 : static_cast<size_t>(std::max<int32_t>(in.shape.back(), 1));
  for (size_t i = 0; i < count; ++i) {
    const size_t c = i % channels;
    const double x = element_of(bytes, i, raw) * pre.scale + pre.offset;
    out[i] = static_cast<float>((x - per_channel(pre.mean, c, 0.0)) / per_channel(pre.std, c, 1.0));
  }
  return out;
}

std::vector<float> map_values(const std::vector<float>& x, const InputSpec& in, const Preprocess& pre) {
  if (is_identity(pre)) return x;
  const size_t channels = in.shape.empty() ? 1 : static_cast<size_t>(std::max<int32_t>(in.shape.back(), 1));
  std::vector<float> out(x.size());
  for (size_t i = 0; i < x.size(); ++i) {
    const size_t c = i % channels;
    const double v = static_cast<double>(x[i]) * pre.scale + pre.offset;
    out[i] = static_cast<float>((v - per_channel(pre.mean, c, 0.0)) / per_channel(pre.std, c, 1.0));
  }
  return out;
}

std::string describe_mapping(ir::DType raw, const InputSpec& in, const Preprocess& pre) {
  const std::string type(ir::dtype_name(raw));
  if (const auto zero_point = quantized_zero_point(raw, in, pre)) {
    return fmt::format("{} values taken as quantized with the input's scale {:.9g} and zero point {}{}", type,
                       in.scale, *zero_point, *zero_point != in.zero_point ? " (uint8 p -> int8 p - 128)" : "");
  }
  std::string s = type + " values";
  std::string expr = "x";
  if (pre.scale != 1.0) expr += fmt::format(" * {:.9g}", pre.scale);
  if (pre.offset != 0.0) expr += fmt::format(" {} {:.9g}", pre.offset < 0 ? "-" : "+", std::fabs(pre.offset));
  if (expr != "x") s += " -> " + expr;
  if (!pre.mean.empty() || !pre.std.empty()) s += " -> (x - mean) / std";
  return s;
}

std::vector<uint8_t> to_input_bytes(const std::vector<float>& values, const InputSpec& spec) {
  for (size_t i = 0; i < values.size(); ++i) {
    if (!std::isfinite(values[i])) {
      throw Error(fmt::format("input '{}': value {} is {}", spec.name, i, values[i]),
                  "clean the data: the input cannot represent it");
    }
  }
  if (ir::dtype_is_integer(spec.dtype) && (spec.scale < 0 || !std::isfinite(spec.scale))) {
    throw Error(fmt::format("input '{}' has the quantization scale {}", spec.name, spec.scale), "");
  }
  switch (spec.dtype) {
    case ir::DType::kFloat32: {
      std::vector<uint8_t> out(values.size() * sizeof(float));
      if (!values.empty()) std::memcpy(out.data(), values.data(), out.size());
      return out;
    }
    case ir::DType::kInt8: return quantize_all<int8_t>(values, spec);
    case ir::DType::kUInt8: return quantize_all<uint8_t>(values, spec);
    case ir::DType::kInt16: return quantize_all<int16_t>(values, spec);
    case ir::DType::kInt32: return quantize_all<int32_t>(values, spec);
    default:
      throw Error(fmt::format("input '{}' has dtype {}, which data cannot be converted to", spec.name,
                              ir::dtype_name(spec.dtype)),
                  "the model inputs data can feed are float32, int8, uint8, int16 and int32");
  }
}

}  // namespace mcuforge::data
