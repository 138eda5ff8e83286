// SPDX-License-Identifier: Apache-2.0
// Test inputs for `verify` and `deploy`: read from .npy / raw files (checked against the model's
// input), or generated deterministically (SplitMix64: golden input set seed-1 of ../shared/golden).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "ir/graph.h"

namespace mcuforge::api {

std::vector<std::vector<uint8_t>> generated_inputs(const ir::Graph& g, uint64_t seed);
std::vector<uint8_t> read_input(const std::string& path, const ir::Tensor& t, size_t k);

}  // namespace mcuforge::api
