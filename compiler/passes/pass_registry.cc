// SPDX-License-Identifier: Apache-2.0
#include "passes/pass_registry.h"

#include <cstdio>
#include <ostream>
#include <stdexcept>

#include "diagnostics/error.h"
#include "ir/dump.h"
#include "ir/graph_editor.h"
#include "ir/verify.h"
#include "passes/dequantize_weights.h"
#include "passes/fold_constants.h"
#include "passes/fold_pad.h"
#include "passes/lower_for_target.h"
#include "passes/pack_matmul_rhs.h"

namespace mcuforge::passes {
namespace {

std::string& default_print_after() {
  static std::string pass;  // set once by the CLI before any command runs
  return pass;
}

size_t run_fold_constants(ir::Graph& g, const PassContext&) { return fold_constants(g); }
size_t run_dequantize_weights(ir::Graph& g, const PassContext&) { return dequantize_weights(g); }
size_t run_remove_dead_ops(ir::Graph& g, const PassContext&) { return ir::remove_dead_ops(g); }
size_t run_lower_for_target(ir::Graph& g, const PassContext& ctx) {
  return static_cast<size_t>(lower_for_target(g, ctx.target));
}
size_t run_pack_matmul_rhs(ir::Graph& g, const PassContext&) {  // resize family
  return static_cast<size_t>(pack_matmul_rhs(g));
}
size_t run_fold_pad(ir::Graph& g, const PassContext&) { return fold_pad(g); }
size_t run_compact_tensors(ir::Graph& g, const PassContext&) {
  const size_t before = g.tensors.size();
  ir::remove_dead_tensors(g);
  return before - g.tensors.size();
}

std::string known_names(const std::vector<std::string_view>& names) {
  std::string s;
  for (std::string_view n : names) s += (s.empty() ? "" : ", ") + std::string(n);
  return s;
}

std::vector<std::string_view> pass_names() {
  std::vector<std::string_view> names;
  for (const Pass& p : all_passes()) names.push_back(p.name);
  return names;
}

bool prints_after(const PassContext& ctx, std::string_view pass) {
  const std::string& want = ctx.print_after.empty() ? default_print_after() : ctx.print_after;
  return want == "all" || want == pass;
}

void print_graph(const ir::Graph& g, const PassContext& ctx, std::string_view pass, size_t changes) {
  const std::string text = "*** graph after pass '" + std::string(pass) + "' (changes: " +
                           std::to_string(changes) + ") ***\n" + ir::dump(g);
  if (ctx.print_to) {
    *ctx.print_to << text << std::flush;
  } else {
    std::fputs(text.c_str(), stderr);
  }
}

std::vector<Pass>& registry() {
  static std::vector<Pass> passes = {
      {"dequantize-weights", "run hybrid models (float32 ops reading int8 weights) as float: dequantize those weights",
       run_dequantize_weights},
      {"fold-constants", "compute ops whose inputs are all constants (and every SHAPE) at compile time",
       run_fold_constants},
      {"remove-dead-ops", "remove ops whose outputs nothing reads (not graph outputs, no state written)",
       run_remove_dead_ops},
      {"lower-for-target", "rewrite ops into equivalent forms with faster kernels on the target core",
       run_lower_for_target},
      {"pack-matmul-rhs", "store a constant BATCH_MATMUL RHS transposed (adj_y) so the kernel needs no copy",
       run_pack_matmul_rhs},
      // Not in a default pipeline: tensor indices are what --dump-tensors and tools/layer_diff.py match
      // against the source model, and what generated symbols are named after.
      {"compact-tensors", "drop tensors nothing refers to and renumber the rest (changes tensor indices)",
       run_compact_tensors},
      {"fold-pad", "fold a zero-point PAD of height/width into the explicit pads of the convs reading it",
       run_fold_pad},
  };
  return passes;
}

}  // namespace

const std::vector<Pass>& all_passes() { return registry(); }

void register_pass(const Pass& pass) {
  for (const Pass& p : registry()) {
    if (p.name == pass.name) throw std::logic_error("register_pass: '" + std::string(pass.name) + "' exists");
  }
  registry().push_back(pass);
}

const std::vector<Pipeline>& all_pipelines() {
  static const std::vector<Pipeline> pipelines = {
      {"optimize", "run on every model after reading it",
       {"dequantize-weights", "fold-constants", "fold-pad", "remove-dead-ops"}},
      {"target", "run by compile on its own copy of the graph for the target core", {"lower-for-target", "pack-matmul-rhs"}},
  };
  return pipelines;
}

const Pass& find_pass(std::string_view name) {
  for (const Pass& p : all_passes()) {
    if (p.name == name) return p;
  }
  throw Error("unknown pass '" + std::string(name) + "'", "passes: " + known_names(pass_names()));
}

const Pipeline& find_pipeline(std::string_view name) {
  std::vector<std::string_view> names;
  for (const Pipeline& p : all_pipelines()) {
    if (p.name == name) return p;
    names.push_back(p.name);
  }
  throw Error("unknown pass pipeline '" + std::string(name) + "'", "pipelines: " + known_names(names));
}

size_t PipelineResult::changes(std::string_view pass) const {
  size_t n = 0;
  for (const PassRun& r : runs) {
    if (r.name == pass) n += r.changes;
  }
  return n;
}

PipelineResult run_passes(ir::Graph& graph, const std::vector<std::string_view>& pass_names,
                          const PassContext& context) {
  std::vector<const Pass*> passes;
  for (std::string_view name : pass_names) passes.push_back(&find_pass(name));
  ir::verify(graph, "IR verifier, before the passes");
  PipelineResult result;
  for (const Pass* pass : passes) {
    const size_t changes = pass->run(graph, context);
    // Printed before verifying: a broken graph is exactly what one wants to look at.
    if (prints_after(context, pass->name)) print_graph(graph, context, pass->name, changes);
    ir::verify(graph, "IR verifier, after pass '" + std::string(pass->name) + "'");
    result.runs.push_back({std::string(pass->name), changes});
  }
  return result;
}

PipelineResult run_pipeline(ir::Graph& graph, std::string_view pipeline, const PassContext& context) {
  return run_passes(graph, find_pipeline(pipeline).passes, context);
}

void set_default_print_after(const std::string& pass_or_all) {
  if (!pass_or_all.empty() && pass_or_all != "all") find_pass(pass_or_all);
  default_print_after() = pass_or_all;
}

std::string describe_passes() {
  std::string s = "passes:\n";
  for (const Pass& p : all_passes()) {
    s += "  " + std::string(p.name) + std::string(p.name.size() < 18 ? 18 - p.name.size() : 1, ' ') +
         std::string(p.description) + "\n";
  }
  s += "pipelines:\n";
  for (const Pipeline& p : all_pipelines()) {
    s += "  " + std::string(p.name) + std::string(p.name.size() < 18 ? 18 - p.name.size() : 1, ' ') +
         known_names(p.passes) + " (" + std::string(p.description) + ")\n";
  }
  return s;
}

}  // namespace mcuforge::passes
