// SPDX-License-Identifier: Apache-2.0
// Planner invariants on every corpus model: each planner's plan is checked (no two live buffers
// overlap except where an output may sit below its dying input, alignment, bounds), and the chosen
// plan never exceeds the baseline greedy-by-size plan.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "diagnostics/error.h"
#include "passes/load_model.h"
#include "ops/op.h"
#include "plan/plan_check.h"
#include "plan/planner.h"

namespace mcuforge::plan {
namespace {

namespace fs = std::filesystem;

TEST(PlanCorpus, EveryPlannerHoldsInvariantsOnEveryModel) {
  const fs::path corpus = fs::path(MF_SHARED_DIR) / "corpus";
  if (!fs::exists(corpus / "index.json")) GTEST_SKIP() << "no ../shared corpus";
  std::ifstream f(corpus / "index.json");
  const auto index = nlohmann::json::parse(f);
  int planned = 0;
  for (const auto& m : index["models"]) {
    ir::Graph g;
    std::vector<OpMemoryInfo> info;
    try {
      g = passes::load_model((corpus / m["file"].get<std::string>()).string());
      for (const ir::Op& op : g.ops) {
        auto p = ops::prepare(g, op);
        const auto overlap = p->output_overlap();
        info.push_back({static_cast<int64_t>(p->scratch_bytes()), p->output_aliases_input(), overlap.input,
                        overlap.distance});
      }
    } catch (const Error&) {
      continue;  // models mcuforge cannot run (custom ops)
    }
    const Lifetimes lt = compute_lifetimes(g, info);
    int64_t greedy = 0;
    for (const auto& planner : all_planners()) {
      for (int64_t align : {4, 8, 16}) {
        const Plan plan = planner->plan(lt.buffers, align);
        EXPECT_EQ(check_plan(lt.buffers, plan, align), "") << m["name"] << " " << planner->name();
        if (planner->name() == "greedy_by_size" && align == 8) greedy = plan.arena_size;
      }
    }
    EXPECT_LE(plan_memory(lt.buffers, 8).arena_size, greedy) << m["name"];
    ++planned;
  }
  EXPECT_GE(planned, 30);
}

}  // namespace
}  // namespace mcuforge::plan
