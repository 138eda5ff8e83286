// SPDX-License-Identifier: Apache-2.0
// The placement step the planners share: put buffers, in a given order, at the lowest offset
// (first fit) or in the tightest gap (best fit) that avoids every already placed buffer with an
// overlapping lifetime.
#pragma once

#include <vector>

#include "plan/planner.h"

namespace mcuforge::plan {

enum class GapChoice { kFirstFit, kBestFit };

Plan place_in_order(const std::vector<Buffer>& buffers, const std::vector<size_t>& order,
                    int64_t alignment, GapChoice choice);

}  // namespace mcuforge::plan
