// SPDX-License-Identifier: Apache-2.0
// File helpers shared by subcommands: whole-file reads, atomic writes, sha256 of a file.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace mcuforge::api {

// Writes to "<path>.partial" and renames, so a failure never leaves a half-written file.
void write_atomically(const std::filesystem::path& path, const std::vector<uint8_t>& bytes);
void write_atomically(const std::filesystem::path& path, const std::string& text);
std::string sha256_of_file(const std::string& path);  // lowercase hex; empty if unreadable

}  // namespace mcuforge::api
