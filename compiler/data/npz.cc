// SPDX-License-Identifier: Apache-2.0
#include "data/npz.h"

#include <fmt/format.h>
#include <zip.h>

#include <memory>

#include "data/source.h"
#include "diagnostics/error.h"

namespace mcuforge::data {
namespace {

// A member's data may not exceed this (a sample file is never near it); together with reading in
// chunks it bounds the memory a hostile archive (a deflate bomb, a lying size field) can take.
constexpr size_t kMaxMemberBytes = (size_t{1} << 30) + (size_t{1} << 20);
constexpr size_t kMaxTotalBytes = size_t{2} << 30;

struct ArchiveCloser {
  void operator()(zip_t* z) const { zip_discard(z); }
};
struct FileCloser {
  void operator()(zip_file_t* f) const { zip_fclose(f); }
};

std::string bad_npz(const std::string& path) { return "'" + path + "' is not a valid .npz file"; }
const char* kNpzHint = "save it with numpy.savez or numpy.savez_compressed";

std::unique_ptr<zip_t, ArchiveCloser> open_archive(const std::vector<uint8_t>& bytes, const std::string& path) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* source = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
  if (!source) {
    zip_error_fini(&error);
    throw Error(bad_npz(path) + " (cannot read it)", kNpzHint);
  }
  zip_t* archive = zip_open_from_source(source, ZIP_RDONLY, &error);
  if (!archive) {
    const std::string reason = zip_error_strerror(&error);
    zip_source_free(source);
    zip_error_fini(&error);
    throw Error(bad_npz(path) + " (" + reason + ")", kNpzHint);
  }
  zip_error_fini(&error);
  return std::unique_ptr<zip_t, ArchiveCloser>(archive);
}

// The member's bytes, read in chunks (the archive's size field is not trusted for the allocation).
std::vector<uint8_t> read_member(zip_t* archive, zip_uint64_t index, const std::string& name, size_t& total,
                                 const std::string& path) {
  std::unique_ptr<zip_file_t, FileCloser> file(zip_fopen_index(archive, index, 0));
  if (!file) {
    throw Error(fmt::format("{}: cannot open member '{}' ({})", bad_npz(path), name, zip_strerror(archive)),
                kNpzHint);
  }
  std::vector<uint8_t> out;
  uint8_t chunk[1 << 16];
  while (true) {
    const zip_int64_t n = zip_fread(file.get(), chunk, sizeof chunk);
    if (n < 0) {
      throw Error(fmt::format("{}: member '{}' is corrupt ({})", bad_npz(path), name, zip_file_strerror(file.get())),
                  kNpzHint);
    }
    if (n == 0) break;
    out.insert(out.end(), chunk, chunk + n);
    total += static_cast<size_t>(n);
    if (out.size() > kMaxMemberBytes || total > kMaxTotalBytes) {
      throw Error(fmt::format("'{}': member '{}' expands to more than 1 GiB", path, name),
                  "split the data into smaller files");
    }
  }
  return out;
}

}  // namespace

std::vector<NpzMember> parse_npz(const std::vector<uint8_t>& bytes, const std::string& path) {
  auto archive = open_archive(bytes, path);
  const zip_int64_t count = zip_get_num_entries(archive.get(), 0);
  std::vector<NpzMember> members;
  size_t total = 0;
  for (zip_int64_t i = 0; i < count; ++i) {
    const char* raw_name = zip_get_name(archive.get(), static_cast<zip_uint64_t>(i), 0);
    const std::string name = raw_name ? raw_name : "";
    if (name.empty() || name.back() == '/') continue;  // directory entries hold no array
    if (name.size() < 5 || name.compare(name.size() - 4, 4, ".npy") != 0) {
      throw Error(fmt::format("{}: member '{}' is not a .npy array", bad_npz(path), name), kNpzHint);
    }
    const auto data = read_member(archive.get(), static_cast<zip_uint64_t>(i), name, total, path);
    members.push_back({name.substr(0, name.size() - 4), parse_npy(data, path + "[" + name + "]")});
  }
  if (members.empty()) throw Error("'" + path + "' holds no arrays", kNpzHint);
  return members;
}

std::vector<NpzMember> read_npz(const std::string& path) { return parse_npz(read_file(path), path); }

}  // namespace mcuforge::data
