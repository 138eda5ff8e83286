// SPDX-License-Identifier: Apache-2.0
// Reader for NumPy .npz files (np.savez: stored members, np.savez_compressed: deflated), through
// libzip: every member "<name>.npy" parsed with parse_npy. Any bytes give the arrays or one
// mcuforge::Error (corrupt archive, CRC mismatch, a member that is not a valid .npy).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "data/npy.h"

namespace mcuforge::data {

struct NpzMember {
  std::string name;  // the member's name without ".npy" ("x", "arr_0")
  NpyArray array;
};

std::vector<NpzMember> read_npz(const std::string& path);
// The same for the file's bytes (`path` names it in messages); the fuzz target's entry point.
std::vector<NpzMember> parse_npz(const std::vector<uint8_t>& bytes, const std::string& path);

}  // namespace mcuforge::data
