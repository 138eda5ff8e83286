// SPDX-License-Identifier: Apache-2.0
// The helpers every source kind shares (source.h).
#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <fstream>

#include "data/source.h"
#include "diagnostics/error.h"

namespace mcuforge::data {

std::vector<uint8_t> read_file(const std::string& path, size_t max_bytes) {
  std::ifstream f(path, std::ios::binary);
  if (!f) throw Error("cannot open '" + path + "'", "check the path and its permissions");
  // Read in chunks up to the bound, so that a huge file or an endless device is refused without
  // reading it all.
  std::vector<uint8_t> bytes;
  char chunk[1 << 16];
  while (f.read(chunk, sizeof chunk) || f.gcount() > 0) {
    bytes.insert(bytes.end(), chunk, chunk + f.gcount());
    if (bytes.size() > max_bytes) {
      throw Error(fmt::format("'{}' is larger than {} MiB", path, max_bytes >> 20),
                  "no sample file is that large; check the file");
    }
  }
  if (f.bad()) throw Error("cannot read '" + path + "'", "check the file");
  return bytes;
}

std::string file_name(const std::string& path) {
  const auto slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

std::string lower_extension(const std::string& path) {
  const std::string name = file_name(path);
  const auto dot = name.find_last_of('.');
  if (dot == std::string::npos) return {};
  std::string ext = name.substr(dot);
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
  return ext;
}

std::string shape_text(const std::vector<int64_t>& shape) {
  std::string s = "[";
  for (size_t i = 0; i < shape.size(); ++i) s += (i ? ", " : "") + std::to_string(shape[i]);
  return s + "]";
}

std::vector<int64_t> shape64(const std::vector<int32_t>& shape) { return {shape.begin(), shape.end()}; }

int64_t element_count(const InputSpec& in) {
  int64_t n = 1;
  for (int32_t d : in.shape) n *= d;
  return n;
}

std::string input_text(const InputSpec& in, size_t k, size_t num_inputs) {
  const std::string which = num_inputs > 1 ? fmt::format("input {} '{}'", k, in.name) : "input '" + in.name + "'";
  return fmt::format("{} {} {}", which, shape_text(shape64(in.shape)), ir::dtype_name(in.dtype));
}

std::vector<std::string> split_csv_line(const std::string& line) {
  std::vector<std::string> fields;
  size_t start = 0;
  while (true) {
    const auto comma = line.find(',', start);
    std::string f = line.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    const auto first = f.find_first_not_of(" \t\r\n");
    const auto last = f.find_last_not_of(" \t\r\n");
    fields.push_back(first == std::string::npos ? std::string() : f.substr(first, last - first + 1));
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return fields;
}

bool parse_int(const std::string& text, int64_t& value) {
  const char* end = text.data() + text.size();
  const char* begin = text.data();
  if (begin != end && *begin == '+') ++begin;
  const auto [ptr, ec] = std::from_chars(begin, end, value);
  return ec == std::errc() && ptr == end && begin != end;
}

}  // namespace mcuforge::data
