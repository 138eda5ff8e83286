// SPDX-License-Identifier: Apache-2.0
// Best fit over several orderings. No single ordering wins on every graph: size-first suits chains of
// shrinking activations, lifetime-first suits branches (ResNet skips), "area" (size x lifetime)
// balances both; reverse execution order suits chains of overlapping outputs. Each ordering is placed with first fit and with best fit (tightest gap); the smallest
// arena wins. The cost is a few placements of a few hundred buffers: negligible at compile time.
#include <algorithm>
#include <functional>
#include <numeric>

#include "plan/placement.h"

namespace mcuforge::plan {
namespace {

using Less = std::function<bool(const Buffer&, const Buffer&)>;

class BestFit : public Planner {
 public:
  std::string name() const override { return "best_fit"; }
  Plan plan(const std::vector<Buffer>& buffers, int64_t alignment) const override {
    auto span = [](const Buffer& b) { return static_cast<int64_t>(b.last - b.first + 1); };
    const std::vector<Less> orderings = {
        [](const Buffer& a, const Buffer& b) { return a.size > b.size; },
        [&](const Buffer& a, const Buffer& b) { return span(a) > span(b); },
        [&](const Buffer& a, const Buffer& b) { return a.size * span(a) > b.size * span(b); },
        [](const Buffer& a, const Buffer& b) { return a.first < b.first; },
        [](const Buffer& a, const Buffer& b) {
          return a.first != b.first ? a.first < b.first : a.size > b.size;
        },
        // Reverse execution order: chains of outputs that overlap their inputs (Buffer::below_of)
        // then stack downwards from the end of the network instead of colliding at offset 0.
        [](const Buffer& a, const Buffer& b) {
          return a.first != b.first ? a.first > b.first : a.size > b.size;
        },
        [](const Buffer& a, const Buffer& b) {
          return a.last != b.last ? a.last > b.last : a.size > b.size;
        },
    };
    Plan best;
    best.arena_size = -1;
    for (const Less& less : orderings) {
      std::vector<size_t> order(buffers.size());
      std::iota(order.begin(), order.end(), 0);
      std::stable_sort(order.begin(), order.end(),
                       [&](size_t a, size_t b) { return less(buffers[a], buffers[b]); });
      for (GapChoice choice : {GapChoice::kFirstFit, GapChoice::kBestFit}) {
        Plan p = place_in_order(buffers, order, alignment, choice);
        if (best.arena_size < 0 || p.arena_size < best.arena_size) best = std::move(p);
      }
    }
    best.algorithm = name();
    return best;
  }
};

}  // namespace

std::unique_ptr<Planner> make_best_fit_planner() { return std::make_unique<BestFit>(); }

}  // namespace mcuforge::plan
