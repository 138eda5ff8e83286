// SPDX-License-Identifier: Apache-2.0
#include "data/npy.h"

#include <cstring>
#include <fstream>
#include <iterator>
#include <optional>

#include "diagnostics/error.h"

namespace mcuforge::data {
namespace {

std::optional<ir::DType> dtype_from_descr(const std::string& d) {
  // Byte order mark: '<' little, '|' not applicable, '=' native (little on every host we run on).
  if (d.size() < 3 || (d[0] != '<' && d[0] != '|' && d[0] != '=')) return std::nullopt;
  const std::string k = d.substr(1);
  if (k == "f4") return ir::DType::kFloat32;
  if (k == "f8") return ir::DType::kFloat64;
  if (k == "i1") return ir::DType::kInt8;
  if (k == "u1") return ir::DType::kUInt8;
  if (k == "i2") return ir::DType::kInt16;
  if (k == "u2") return ir::DType::kUInt16;
  if (k == "i4") return ir::DType::kInt32;
  if (k == "u4") return ir::DType::kUInt32;
  if (k == "i8") return ir::DType::kInt64;
  if (k == "u8") return ir::DType::kUInt64;
  if (k == "b1") return ir::DType::kBool;
  return std::nullopt;
}

std::string descr_of(ir::DType t) {
  switch (t) {
    case ir::DType::kFloat32: return "<f4";
    case ir::DType::kFloat64: return "<f8";
    case ir::DType::kInt8: return "|i1";
    case ir::DType::kUInt8: return "|u1";
    case ir::DType::kInt16: return "<i2";
    case ir::DType::kUInt16: return "<u2";
    case ir::DType::kInt32: return "<i4";
    case ir::DType::kUInt32: return "<u4";
    case ir::DType::kInt64: return "<i8";
    case ir::DType::kUInt64: return "<u8";
    case ir::DType::kBool: return "|b1";
    default: return "|V" + std::to_string(ir::dtype_size(t));
  }
}

// Value of 'key' in the header dict, e.g. "'descr': '<f4'" -> "'<f4'".
std::string dict_value(const std::string& header, const std::string& key) {
  const auto k = header.find("'" + key + "'");
  if (k == std::string::npos) return {};
  auto colon = header.find(':', k);
  if (colon == std::string::npos) return {};
  auto start = header.find_first_not_of(' ', colon + 1);
  if (start == std::string::npos) return {};
  size_t end;
  if (header[start] == '(') {
    end = header.find(')', start);
    if (end == std::string::npos) return {};
    return header.substr(start, end - start + 1);
  }
  end = header.find_first_of(",}", start);
  if (end == std::string::npos) return {};
  auto v = header.substr(start, end - start);
  while (!v.empty() && v.back() == ' ') v.pop_back();
  return v;
}

}  // namespace

NpyArray read_npy(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  if (!f) throw Error("cannot open input file '" + path + "'", "check the path");
  // Bounded read: model inputs are at most 256 MiB, so anything far larger (or an endless device) is
  // rejected without reading it all.
  constexpr size_t kMaxNpyBytes = (size_t{1} << 30) + (size_t{1} << 20);
  std::vector<uint8_t> bytes;
  char chunk[1 << 16];
  while (f.read(chunk, sizeof chunk) || f.gcount() > 0) {
    bytes.insert(bytes.end(), chunk, chunk + f.gcount());
    if (bytes.size() > kMaxNpyBytes) {
      throw Error("'" + path + "' is larger than 1 GiB", "model inputs are far smaller; check the file");
    }
  }
  return parse_npy(bytes, path);
}

NpyArray parse_npy(const std::vector<uint8_t>& bytes, const std::string& path) {
  const std::string bad = "'" + path + "' is not a valid .npy file";
  if (bytes.size() < 10 || std::memcmp(bytes.data(), "\x93NUMPY", 6) != 0) {
    throw Error(bad + " (missing the \\x93NUMPY magic)", "save it with numpy.save, or pass raw bytes as .bin");
  }
  const int major = bytes[6];
  size_t header_len, offset;
  if (major == 1) {
    header_len = bytes[8] | (size_t{bytes[9]} << 8);
    offset = 10;
  } else if ((major == 2 || major == 3) && bytes.size() >= 12) {
    header_len = bytes[8] | (size_t{bytes[9]} << 8) | (size_t{bytes[10]} << 16) | (size_t{bytes[11]} << 24);
    offset = 12;
  } else {
    throw Error(bad + " (unknown format version " + std::to_string(major) + ")", "save it with numpy.save");
  }
  if (header_len > bytes.size() - offset) throw Error(bad + " (truncated header)", "save it with numpy.save");
  const std::string header(reinterpret_cast<const char*>(bytes.data() + offset), header_len);
  NpyArray a;
  std::string descr = dict_value(header, "descr");
  if (descr.size() < 2) throw Error(bad + " (no dtype in header)", "save it with numpy.save");
  descr = descr.substr(1, descr.size() - 2);
  auto dt = dtype_from_descr(descr);
  if (!dt) throw Error(bad + ": dtype '" + descr + "' is not supported", "use a little-endian numeric dtype");
  a.dtype = *dt;
  if (dict_value(header, "fortran_order") != "False") {
    throw Error(bad + ": Fortran-ordered arrays are not supported", "save a C-ordered array (np.ascontiguousarray)");
  }
  std::string shape = dict_value(header, "shape");
  if (shape.size() < 2) throw Error(bad + " (no shape in header)", "save it with numpy.save");
  int64_t count = 1;
  size_t pos = 1;
  while (pos < shape.size() - 1) {
    while (pos < shape.size() && (shape[pos] == ' ' || shape[pos] == ',')) ++pos;
    if (pos >= shape.size() - 1) break;
    size_t used = 0;
    long long d = 0;
    try {
      d = std::stoll(shape.substr(pos), &used);
    } catch (...) {
      throw Error(bad + " (bad shape " + shape + ")", "save it with numpy.save");
    }
    if (d < 0 || d > (int64_t{1} << 31)) throw Error(bad + " (bad shape " + shape + ")", "save it with numpy.save");
    a.shape.push_back(d);
    count *= d;
    if (count > (int64_t{1} << 31)) throw Error(bad + " (array too large)", "");
    pos += used;
  }
  const size_t need = static_cast<size_t>(count) * ir::dtype_size(a.dtype);
  if (bytes.size() - offset - header_len != need) {
    throw Error(bad + ": its data has " + std::to_string(bytes.size() - offset - header_len) +
                    " bytes but shape " + shape + " needs " + std::to_string(need),
                "save it with numpy.save");
  }
  a.data.assign(bytes.begin() + static_cast<long>(offset + header_len), bytes.end());
  return a;
}

std::vector<uint8_t> encode_npy(ir::DType dtype, const std::vector<int32_t>& shape,
                                const std::vector<uint8_t>& data) {
  std::string s = "(";
  for (size_t i = 0; i < shape.size(); ++i) s += std::to_string(shape[i]) + ", ";
  if (shape.size() > 1) s.resize(s.size() - 2);
  if (shape.size() == 1) s.resize(s.size() - 1);
  s += ")";
  std::string header = "{'descr': '" + descr_of(dtype) + "', 'fortran_order': False, 'shape': " + s + ", }";
  const size_t unpadded = 10 + header.size() + 1;
  header.append((64 - unpadded % 64) % 64, ' ');
  header += '\n';
  std::vector<uint8_t> out = {0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0};
  out.push_back(static_cast<uint8_t>(header.size() & 0xff));
  out.push_back(static_cast<uint8_t>(header.size() >> 8));
  out.insert(out.end(), header.begin(), header.end());
  out.insert(out.end(), data.begin(), data.end());
  return out;
}

}  // namespace mcuforge::data
