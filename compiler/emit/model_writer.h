// SPDX-License-Identifier: Apache-2.0
// Collects what ops emit (constants, calls, kernels used) and knows where every tensor lives
// (arena offset, weight array, state array). Internal to emit/.
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "ir/graph.h"

namespace mcuforge::emit {

struct TensorHome {
  enum class Kind { kArena, kWeight, kState } kind = Kind::kArena;
  int64_t offset = 0;  // arena offset for kArena
  std::string symbol;  // array name for kWeight / kState
};

class ModelWriter {
 public:
  explicit ModelWriter(std::string prefix) : prefix_(std::move(prefix)) {}

  const std::string& prefix() const { return prefix_; }
  std::map<int32_t, TensorHome> homes;    // by tensor index
  std::map<int32_t, int64_t> scratch_offset;  // by op index
  std::string declarations;               // file-scope constants of model.c, in emission order
  std::string body;                       // statements of <prefix>_invoke
  std::set<std::string> kernels;          // runtime functions called
  std::set<std::string> declared;         // names already declared

 private:
  std::string prefix_;
};

}  // namespace mcuforge::emit
