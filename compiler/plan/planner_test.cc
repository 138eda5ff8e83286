// SPDX-License-Identifier: Apache-2.0
// Planner invariants on random lifetimes and hand-made cases.
#include <gtest/gtest.h>

#include <random>

#include "plan/plan_check.h"
#include "plan/planner.h"

namespace mcuforge::plan {
namespace {

Buffer buf(int64_t size, int32_t first, int32_t last) {
  Buffer b;
  b.size = size;
  b.first = first;
  b.last = last;
  return b;
}

TEST(Planner, ChainReusesMemory) {
  // a -> b -> c -> d: only two neighbours are ever alive together.
  std::vector<Buffer> bs = {buf(100, 0, 1), buf(200, 1, 2), buf(100, 2, 3), buf(50, 3, 4)};
  for (const auto& p : all_planners()) {
    Plan plan = p->plan(bs, 4);
    EXPECT_EQ(check_plan(bs, plan, 4), "") << p->name();
    EXPECT_EQ(plan.arena_size, 300) << p->name();
  }
}

TEST(Planner, RandomLifetimesHoldInvariants) {
  std::mt19937 rng(1234);
  for (int trial = 0; trial < 300; ++trial) {
    const int n = 1 + static_cast<int>(rng() % 40);
    const int ops = 1 + static_cast<int>(rng() % 30);
    std::vector<Buffer> bs;
    for (int i = 0; i < n; ++i) {
      const int32_t first = static_cast<int32_t>(rng() % static_cast<unsigned>(ops));
      const int32_t last = first + static_cast<int32_t>(rng() % 6);
      bs.push_back(buf(static_cast<int64_t>(rng() % 5000), first, last));
    }
    for (int64_t align : {1, 4, 16}) {
      int64_t greedy = 0;
      for (const auto& p : all_planners()) {
        Plan plan = p->plan(bs, align);
        ASSERT_EQ(check_plan(bs, plan, align), "") << p->name() << " trial " << trial;
        if (p->name() == "greedy_by_size") greedy = plan.arena_size;
      }
      const Plan best = plan_memory(bs, align);
      EXPECT_LE(best.arena_size, greedy);
      EXPECT_GE(best.arena_size, live_peak(bs));
    }
  }
}

TEST(PlanCheck, DetectsOverlap) {
  std::vector<Buffer> bs = {buf(100, 0, 2), buf(100, 1, 3)};
  Plan bad;
  bad.offsets = {0, 50};
  bad.arena_size = 152;
  EXPECT_NE(check_plan(bs, bad, 4), "");
}

}  // namespace
}  // namespace mcuforge::plan
