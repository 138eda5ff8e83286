// SPDX-License-Identifier: Apache-2.0
// Invariants every memory plan must hold: each buffer placed, aligned and inside the arena; no two
// buffers with overlapping lifetimes overlap in memory; the arena at least the live peak.
#pragma once

#include <string>
#include <vector>

#include "plan/planner.h"

namespace mcuforge::plan {

// Empty when the plan is valid, otherwise the first violation.
std::string check_plan(const std::vector<Buffer>& buffers, const Plan& plan, int64_t alignment);

}  // namespace mcuforge::plan
