// SPDX-License-Identifier: Apache-2.0
// Option text -> Preprocess fields (dataset.h), shared by the CLI and the web UI so that both accept
// and refuse the same spellings.
#include <fmt/format.h>

#include <charconv>
#include <cmath>

#include "data/dataset.h"
#include "data/source.h"
#include "diagnostics/error.h"

namespace mcuforge::data {
namespace {

bool parse_double(const std::string& text, double& value) {
  const char* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, value);
  return ec == std::errc() && ptr == end && !text.empty() && std::isfinite(value);
}

// "0.5" or "1/255".
bool parse_number(const std::string& text, double& value) {
  const auto slash = text.find('/');
  if (slash == std::string::npos) return parse_double(text, value);
  double num = 0, den = 0;
  if (!parse_double(text.substr(0, slash), num) || !parse_double(text.substr(slash + 1), den) || den == 0) {
    return false;
  }
  value = num / den;
  return true;
}

}  // namespace

ir::DType parse_raw_dtype(const std::string& text, const std::string& flag) {
  if (text == "uint8") return ir::DType::kUInt8;
  if (text == "int8") return ir::DType::kInt8;
  if (text == "int16") return ir::DType::kInt16;
  if (text == "float32") return ir::DType::kFloat32;
  throw Error(fmt::format("{} '{}' is not an element type of raw samples", flag, text),
              "use uint8, int8, int16 or float32");
}

std::pair<int32_t, int32_t> parse_size(const std::string& text, const std::string& flag) {
  const auto sep = text.find_first_of(",x");
  int64_t w = 0, h = 0;
  if (sep == std::string::npos || !parse_int(text.substr(0, sep), w) || !parse_int(text.substr(sep + 1), h) ||
      w <= 0 || h <= 0 || w > (1 << 15) || h > (1 << 15)) {
    throw Error(fmt::format("{} '{}' is not an image size", flag, text), "give width,height, e.g. 96,96");
  }
  return {static_cast<int32_t>(w), static_cast<int32_t>(h)};
}

std::vector<double> parse_numbers(const std::string& text, const std::string& flag) {
  std::vector<double> values;
  for (const std::string& field : split_csv_line(text)) {
    double v = 0;
    if (!parse_number(field, v)) {
      throw Error(fmt::format("{} '{}': '{}' is not a number", flag, text, field),
                  "give numbers separated by commas, e.g. 0.485,0.456,0.406 or 1/255");
    }
    values.push_back(v);
  }
  return values;
}

}  // namespace mcuforge::data
