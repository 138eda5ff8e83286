// SPDX-License-Identifier: Apache-2.0
#include "plan/placement.h"

#include <algorithm>
#include <limits>

namespace mcuforge::plan {

Plan place_in_order(const std::vector<Buffer>& buffers, const std::vector<size_t>& order,
                    int64_t alignment, GapChoice choice) {
  Plan p;
  p.offsets.assign(buffers.size(), -1);
  std::vector<size_t> placed;
  struct Busy {
    int64_t begin, end;
  };
  std::vector<Busy> busy;
  for (size_t idx : order) {
    const Buffer& b = buffers[idx];
    const int64_t size = align_up(std::max<int64_t>(b.size, 1), alignment);
    busy.clear();
    for (size_t q : placed) {
      const Buffer& other = buffers[q];
      if (!lifetimes_overlap(b, other)) continue;
      const int64_t qo = p.offsets[q];
      const int64_t qsize = align_up(std::max<int64_t>(other.size, 1), alignment);
      // Forbidden start offsets for this buffer form the open interval (lo, hi).
      int64_t lo = qo - size, hi = qo + qsize;
      if (b.below_of == static_cast<int32_t>(q)) lo = qo - std::min(size, align_up(b.below_distance, alignment));
      if (other.below_of == static_cast<int32_t>(idx)) hi = qo + std::min(qsize, align_up(other.below_distance, alignment));
      busy.push_back({lo + size, hi});  // as an occupied byte range [begin, end) for a buffer of `size`
    }
    std::sort(busy.begin(), busy.end(), [](const Busy& x, const Busy& y) { return x.begin < y.begin; });
    int64_t best = -1, best_gap = std::numeric_limits<int64_t>::max();
    int64_t cursor = 0;
    for (const Busy& r : busy) {
      if (r.begin >= cursor) {
        const int64_t gap = r.begin - cursor;
        if (gap >= size) {
          if (choice == GapChoice::kFirstFit) {
            best = cursor;
            break;
          }
          if (gap < best_gap) {
            best_gap = gap;
            best = cursor;
          }
        }
      }
      cursor = std::max(cursor, r.end);
    }
    if (best < 0) best = cursor;  // past everything that is alive at the same time
    p.offsets[idx] = best;
    p.arena_size = std::max(p.arena_size, best + size);
    placed.push_back(idx);
  }
  return p;
}

}  // namespace mcuforge::plan
