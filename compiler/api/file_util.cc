// SPDX-License-Identifier: Apache-2.0
#include "api/file_util.h"

#include <openssl/evp.h>

#include <fstream>
#include <iterator>

#include "diagnostics/error.h"

namespace mcuforge::api {
namespace fs = std::filesystem;

void write_atomically(const fs::path& path, const std::vector<uint8_t>& bytes) {
  const fs::path tmp = path.string() + ".partial";
  {
    std::ofstream f(tmp, std::ios::binary | std::ios::trunc);
    if (!f) throw Error("cannot write '" + tmp.string() + "'", "check that the output directory is writable");
    f.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
    if (!f) {
      f.close();
      std::error_code ec;
      fs::remove(tmp, ec);
      throw Error("cannot write '" + tmp.string() + "'", "check free disk space");
    }
  }
  std::error_code ec;
  fs::rename(tmp, path, ec);
  if (ec) {
    std::error_code ignored;
    fs::remove(tmp, ignored);  // leave nothing half-done behind
  }
  if (ec) throw Error("cannot create '" + path.string() + "': " + ec.message(), "check the output path");
}

void write_atomically(const fs::path& path, const std::string& text) {
  write_atomically(path, std::vector<uint8_t>(text.begin(), text.end()));
}

std::string sha256_of_file(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  if (!f) return {};
  std::vector<char> data((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  if (!EVP_Digest(data.data(), data.size(), md, &len, EVP_sha256(), nullptr)) return {};
  static const char* hex = "0123456789abcdef";
  std::string s;
  for (unsigned int i = 0; i < len; ++i) {
    s += hex[md[i] >> 4];
    s += hex[md[i] & 15];
  }
  return s;
}

}  // namespace mcuforge::api
