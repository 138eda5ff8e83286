// SPDX-License-Identifier: Apache-2.0
#include <stdexcept>

#include "plan/plan_check.h"
#include "plan/planner.h"

namespace mcuforge::plan {

std::vector<std::unique_ptr<Planner>> all_planners() {
  std::vector<std::unique_ptr<Planner>> p;
  p.push_back(make_greedy_by_size_planner());
  p.push_back(make_best_fit_planner());
  return p;
}

Plan plan_memory(const std::vector<Buffer>& buffers, int64_t alignment) {
  Plan best;
  best.arena_size = -1;
  for (const auto& planner : all_planners()) {
    Plan p = planner->plan(buffers, alignment);
    const std::string err = check_plan(buffers, p, alignment);
    if (!err.empty()) throw std::logic_error("internal error: planner " + planner->name() + ": " + err);
    if (best.arena_size < 0 || p.arena_size < best.arena_size) best = std::move(p);
  }
  if (best.arena_size < 0) best.arena_size = 0;
  return best;
}

}  // namespace mcuforge::plan
