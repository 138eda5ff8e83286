// SPDX-License-Identifier: Apache-2.0
// Memory planners: place every buffer at an offset in one arena so that buffers alive at the same time
// never overlap. One file per algorithm; `plan_memory` runs them all and keeps the smallest arena.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "plan/liveness.h"

namespace mcuforge::plan {

struct Plan {
  std::vector<int64_t> offsets;  // one per buffer, multiples of the alignment
  int64_t arena_size = 0;        // bytes, a multiple of the alignment
  std::string algorithm;
};

class Planner {
 public:
  virtual ~Planner() = default;
  virtual std::string name() const = 0;
  virtual Plan plan(const std::vector<Buffer>& buffers, int64_t alignment) const = 0;
};

// TFLM's approach: largest buffer first, each at the lowest offset that fits (the baseline).
std::unique_ptr<Planner> make_greedy_by_size_planner();
// Several orderings x best-fit gap choice; keeps the smallest result.
std::unique_ptr<Planner> make_best_fit_planner();

std::vector<std::unique_ptr<Planner>> all_planners();

// Runs every planner, checks each plan (throws std::logic_error on a broken plan) and returns the
// smallest.
Plan plan_memory(const std::vector<Buffer>& buffers, int64_t alignment);

inline int64_t align_up(int64_t v, int64_t a) { return (v + a - 1) / a * a; }
inline bool lifetimes_overlap(const Buffer& a, const Buffer& b) {
  return a.first <= b.last && b.first <= a.last;
}

}  // namespace mcuforge::plan
