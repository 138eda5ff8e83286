// SPDX-License-Identifier: Apache-2.0
// The graph passes by name, and the pipelines that run them (LLVM's pass manager is the model, at a
// much smaller scale). A pass is a function that edits the graph in place and returns how many
// changes it made; a pipeline is a list of pass names. run_pipeline runs the IR verifier (ir/verify.h)
// after every pass, so a pass that breaks an invariant is named as soon as it does.
//
// Pipelines:
//   optimize  fold-constants, remove-dead-ops   what loading a model runs (passes/load_model.h)
//   target    lower-for-target                   what `compile` runs on its own copy for the core
//
// Debugging: with PassContext::print_after (or the process default the CLI's `--print-after` sets) the
// graph is printed (ir::dump) after the named pass, or after every pass with "all".
#pragma once

#include <cstddef>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "ir/graph.h"
#include "ops/op.h"

namespace mcuforge::passes {

struct PassContext {
  ops::TargetFeatures target;  // the core a target pass lowers for (the "target" pipeline)
  // "" = the process default (set_default_print_after), else a pass name or "all".
  std::string print_after;
  std::ostream* print_to = nullptr;  // where --print-after writes; nullptr = stderr
};

// Edits `graph` in place; returns the number of changes (ops folded, removed, rewritten), 0 when it
// left the graph as it was.
using PassFunction = size_t (*)(ir::Graph& graph, const PassContext& context);

struct Pass {
  std::string_view name;         // kebab-case, as on the command line: "fold-constants"
  std::string_view description;  // one line for --list-passes
  PassFunction run;
};

struct Pipeline {
  std::string_view name;
  std::string_view description;
  std::vector<std::string_view> passes;  // run in this order
};

// Every registered pass / pipeline, in the order --list-passes shows them.
const std::vector<Pass>& all_passes();
const std::vector<Pipeline>& all_pipelines();

// Adds a pass to the registry at run time (tests use it for passes that break the graph on purpose).
// The built-in passes are the table in pass_registry.cc. Throws std::logic_error for a taken name.
void register_pass(const Pass& pass);

// The pass or pipeline of that name; throws mcuforge::Error naming the known ones otherwise.
const Pass& find_pass(std::string_view name);
const Pipeline& find_pipeline(std::string_view name);

// What a pipeline run did: each pass run in order with its change count.
struct PassRun {
  std::string name;
  size_t changes = 0;
};
struct PipelineResult {
  std::vector<PassRun> runs;
  // Total changes made by the pass of that name (0 if it did not run).
  size_t changes(std::string_view pass) const;
};

// Runs the named passes in order on `graph`. The graph is verified before the first pass (a failure
// there is the caller's bug) and after every pass; a broken invariant throws std::logic_error naming
// the pass and the invariant. Throws mcuforge::Error for an unknown pass name (before running any).
PipelineResult run_passes(ir::Graph& graph, const std::vector<std::string_view>& pass_names,
                          const PassContext& context = {});
// run_passes with the passes of the named pipeline.
PipelineResult run_pipeline(ir::Graph& graph, std::string_view pipeline, const PassContext& context = {});

// The process-wide --print-after default for contexts that leave print_after empty: a pass name,
// "all", or "" for none. Throws mcuforge::Error for an unknown pass name.
void set_default_print_after(const std::string& pass_or_all);

// "  fold-constants     <description>" lines for every pass, then every pipeline with its passes.
std::string describe_passes();

}  // namespace mcuforge::passes
