// SPDX-License-Identifier: Apache-2.0
// The pass registry and pipelines: names resolve (unknown ones are errors before anything runs), the
// verifier runs before and after every pass and names the pass that broke the graph, change counts
// are reported, and --print-after prints the graph after the chosen pass.
#include "passes/pass_registry.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <sstream>
#include <stdexcept>

#include "diagnostics/error.h"

namespace mcuforge::passes {
namespace {

int32_t add(ir::Graph& g, const char* name, std::vector<int32_t> shape, std::vector<int32_t> i32 = {}) {
  ir::Tensor t;
  t.name = name;
  t.dtype = ir::DType::kInt32;
  t.shape = std::move(shape);
  if (!i32.empty()) {
    t.data.resize(i32.size() * 4);
    std::memcpy(t.data.data(), i32.data(), t.data.size());
    t.kind = ir::TensorKind::kConstant;
  }
  g.tensors.push_back(std::move(t));
  return static_cast<int32_t>(g.tensors.size() - 1);
}

void add_op(ir::Graph& g, ir::OpType type, std::vector<int32_t> in, std::vector<int32_t> out) {
  ir::Op op;
  op.type = type;
  op.name = std::string(ir::op_type_name(type));
  op.index = static_cast<int32_t>(g.ops.size());
  op.inputs = std::move(in);
  op.outputs = std::move(out);
  g.ops.push_back(std::move(op));
}

// x -> SHAPE -> s (folds to a constant); x -> SHAPE -> unread (dead); x -> RESHAPE(x, s) -> y (output).
ir::Graph small_graph() {
  ir::Graph g;
  const int32_t x = add(g, "x", {2, 3});
  const int32_t s = add(g, "s", {2});
  const int32_t unread = add(g, "unread", {2});
  const int32_t y = add(g, "y", {2, 3});
  g.inputs = {x};
  g.outputs = {y};
  add_op(g, ir::OpType::SHAPE, {x}, {s});
  add_op(g, ir::OpType::RESHAPE, {x, s}, {y});
  add_op(g, ir::OpType::TANH, {y}, {unread});
  return g;
}

TEST(PassRegistry, EveryPipelineNamesRegisteredPasses) {
  ASSERT_FALSE(all_pipelines().empty());
  for (const Pipeline& p : all_pipelines()) {
    for (std::string_view name : p.passes) EXPECT_NO_THROW(find_pass(name)) << p.name;
  }
  for (const Pass& p : all_passes()) EXPECT_FALSE(p.description.empty()) << p.name;
  EXPECT_EQ(find_pipeline("optimize").passes,
            (std::vector<std::string_view>{"dequantize-weights", "fold-constants", "fold-pad", "remove-dead-ops"}));
  EXPECT_EQ(find_pipeline("target").passes, (std::vector<std::string_view>{"lower-for-target", "pack-matmul-rhs"}));
}

TEST(PassRegistry, UnknownNamesAreErrorsBeforeAnythingRuns) {
  ir::Graph g = small_graph();
  try {
    run_passes(g, {"fold-constants", "no-such-pass"});
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(std::string(e.what()), "unknown pass 'no-such-pass'");
    EXPECT_NE(e.hint().find("fold-constants, remove-dead-ops, lower-for-target"), std::string::npos);
  }
  EXPECT_EQ(g.ops.size(), 3u);  // fold-constants did not run
  EXPECT_THROW(run_pipeline(g, "no-such-pipeline"), Error);
  EXPECT_THROW(set_default_print_after("no-such-pass"), Error);
}

TEST(PassRegistry, OptimizePipelineFoldsAndRemovesDeadOps) {
  ir::Graph g = small_graph();
  const PipelineResult r = run_pipeline(g, "optimize");
  ASSERT_EQ(r.runs.size(), 4u);
  EXPECT_EQ(r.runs[0].name, "dequantize-weights");
  EXPECT_EQ(r.changes("dequantize-weights"), 0u);  // no hybrid op
  EXPECT_EQ(r.runs[1].name, "fold-constants");
  EXPECT_EQ(r.changes("fold-constants"), 1u);   // SHAPE
  EXPECT_EQ(r.changes("remove-dead-ops"), 1u);  // TANH
  EXPECT_EQ(r.changes("lower-for-target"), 0u);  // did not run
  ASSERT_EQ(g.ops.size(), 1u);
  EXPECT_EQ(g.ops[0].type, ir::OpType::RESHAPE);
  EXPECT_TRUE(g.tensor(1).is_constant());
  EXPECT_EQ(g.tensors.size(), 4u);  // tensor indices are kept (compact-tensors is not in it)
}

// A pass that breaks the execution order on purpose: moves the last op to the front.
size_t break_order(ir::Graph& g, const PassContext&) {
  std::rotate(g.ops.rbegin(), g.ops.rbegin() + 1, g.ops.rend());
  for (size_t k = 0; k < g.ops.size(); ++k) g.ops[k].index = static_cast<int32_t>(k);
  return 1;
}

TEST(PassRegistry, TheVerifierRunsAfterEachPassAndNamesIt) {
  static bool registered = false;
  if (!registered) register_pass({"test-break-order", "moves the last op first (tests)", break_order});
  registered = true;
  EXPECT_THROW(register_pass({"fold-constants", "twice", break_order}), std::logic_error);

  ir::Graph g = small_graph();
  std::ostringstream printed;
  PassContext ctx;
  ctx.print_after = "test-break-order";
  ctx.print_to = &printed;
  try {
    run_passes(g, {"fold-constants", "test-break-order", "remove-dead-ops"}, ctx);
    FAIL() << "the verifier did not stop the pipeline";
  } catch (const std::logic_error& e) {
    EXPECT_EQ(std::string(e.what()),
              "IR verifier, after pass 'test-break-order': op 0 (TANH) reads tensor 3 'y' before any op has "
              "written it");
  }
  // The broken graph is printed before the verifier stops: it is what one needs to see.
  EXPECT_NE(printed.str().find("op 0 TANH: t3 'y'"), std::string::npos) << printed.str();

  ir::Graph bad = small_graph();
  bad.ops[0].index = 5;
  try {
    run_pipeline(bad, "optimize");
    FAIL() << "a broken input graph went through";
  } catch (const std::logic_error& e) {
    EXPECT_EQ(std::string(e.what()).rfind("IR verifier, before the passes: op 0 (SHAPE) has index 5", 0), 0u);
  }
}

TEST(PassRegistry, PrintAfterANamedPassOrAll) {
  ir::Graph g = small_graph();
  std::ostringstream one;
  PassContext ctx;
  ctx.print_after = "fold-constants";
  ctx.print_to = &one;
  run_pipeline(g, "optimize", ctx);
  EXPECT_EQ(one.str(),
            "*** graph after pass 'fold-constants' (changes: 1) ***\n"
            "graph: 4 tensors, 2 ops; inputs t0; outputs t3\n"
            "op 0 RESHAPE: t0 'x' [2, 3] int32 activation, t1 's' [2] int32 constant -> t3 'y' [2, 3] int32 activation\n"
            "op 1 TANH: t3 'y' [2, 3] int32 activation -> t2 'unread' [2] int32 activation\n");

  ir::Graph g2 = small_graph();
  std::ostringstream all;
  ctx.print_after = "all";
  ctx.print_to = &all;
  run_pipeline(g2, "optimize", ctx);
  EXPECT_NE(all.str().find("after pass 'fold-constants'"), std::string::npos);
  EXPECT_NE(all.str().find("*** graph after pass 'remove-dead-ops' (changes: 1) ***\ngraph: 4 tensors, 1 ops"),
            std::string::npos);
}

TEST(PassRegistry, ThePrintAfterDefaultAppliesToContextsWithoutOne) {
  ir::Graph g = small_graph();
  std::ostringstream printed;
  PassContext ctx;
  ctx.print_to = &printed;
  set_default_print_after("remove-dead-ops");
  run_pipeline(g, "optimize", ctx);
  set_default_print_after("");
  EXPECT_EQ(printed.str().rfind("*** graph after pass 'remove-dead-ops'", 0), 0u);

  ir::Graph g2 = small_graph();
  std::ostringstream quiet;
  ctx.print_to = &quiet;
  run_pipeline(g2, "optimize", ctx);
  EXPECT_EQ(quiet.str(), "");
}

TEST(PassRegistry, DescribePassesListsPassesAndPipelines) {
  const std::string text = describe_passes();
  EXPECT_NE(text.find("  fold-constants    compute ops"), std::string::npos) << text;
  EXPECT_NE(text.find("  optimize          dequantize-weights, fold-constants, fold-pad, remove-dead-ops ("), std::string::npos)
      << text;
}

}  // namespace
}  // namespace mcuforge::passes
