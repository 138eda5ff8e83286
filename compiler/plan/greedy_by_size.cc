// SPDX-License-Identifier: Apache-2.0
// Greedy by size, as TFLM's GreedyMemoryPlanner: sort buffers by size (largest first, ties by first
// use), then place each at the lowest offset that does not collide with a placed buffer whose lifetime
// overlaps. Kept as the baseline the better planners are measured against.
#include <algorithm>
#include <numeric>

#include "plan/placement.h"

namespace mcuforge::plan {
namespace {

class GreedyBySize : public Planner {
 public:
  std::string name() const override { return "greedy_by_size"; }
  Plan plan(const std::vector<Buffer>& buffers, int64_t alignment) const override {
    std::vector<size_t> order(buffers.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
      if (buffers[a].size != buffers[b].size) return buffers[a].size > buffers[b].size;
      return buffers[a].first < buffers[b].first;
    });
    Plan p = place_in_order(buffers, order, alignment, GapChoice::kFirstFit);
    p.algorithm = name();
    return p;
  }
};

}  // namespace

std::unique_ptr<Planner> make_greedy_by_size_planner() { return std::make_unique<GreedyBySize>(); }

}  // namespace mcuforge::plan
