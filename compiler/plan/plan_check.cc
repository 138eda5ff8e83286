// SPDX-License-Identifier: Apache-2.0
#include "plan/plan_check.h"

namespace mcuforge::plan {

std::string check_plan(const std::vector<Buffer>& buffers, const Plan& plan, int64_t alignment) {
  if (plan.offsets.size() != buffers.size()) return "plan has a wrong number of offsets";
  if (plan.arena_size % alignment != 0) return "arena size is not aligned";
  for (size_t i = 0; i < buffers.size(); ++i) {
    const int64_t off = plan.offsets[i];
    if (off < 0) return "buffer " + std::to_string(i) + " is not placed";
    if (off % alignment != 0) return "buffer " + std::to_string(i) + " is misaligned";
    if (off + buffers[i].size > plan.arena_size) return "buffer " + std::to_string(i) + " ends past the arena";
    for (size_t j = i + 1; j < buffers.size(); ++j) {
      if (!lifetimes_overlap(buffers[i], buffers[j])) continue;
      const int64_t oj = plan.offsets[j];
      // An output may overlap its dying input when it starts far enough below it (see Buffer).
      const bool i_below_j = buffers[i].below_of == static_cast<int32_t>(j) && off <= oj - buffers[i].below_distance;
      const bool j_below_i = buffers[j].below_of == static_cast<int32_t>(i) && oj <= off - buffers[j].below_distance;
      if (i_below_j || j_below_i) continue;
      if (off < oj + buffers[j].size && oj < off + buffers[i].size && buffers[i].size > 0 && buffers[j].size > 0) {
        return "buffers " + std::to_string(i) + " (" + buffers[i].label + ") and " + std::to_string(j) + " (" +
               buffers[j].label + ") are alive together and overlap";
      }
    }
  }
  return {};
}

}  // namespace mcuforge::plan
