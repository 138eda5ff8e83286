// SPDX-License-Identifier: Apache-2.0
#include "quantize/quantizer.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <map>
#include <set>

#include "diagnostics/error.h"
#include "ir/graph_editor.h"
#include "opdefs/op_def.h"
#include "ops/op.h"

namespace mcuforge::quantize {

namespace {

using Stats = std::vector<std::optional<TensorStats>>;

// The graph's inputs and outputs keep their whole observed range whatever the method: clipping an
// input throws away exactly the outliers an anomaly detector scores, and a clipped output can no
// longer say how far out a value is.
CalibratedRanges ranges_for(const ir::Graph& g, const Stats& stats, RangeMethod method) {
  CalibratedRanges r;
  r.int8.resize(stats.size());
  r.int16.resize(stats.size());
  std::vector<bool> edge(stats.size(), false);
  for (int32_t t : g.inputs) edge[static_cast<size_t>(t)] = true;
  for (int32_t t : g.outputs) edge[static_cast<size_t>(t)] = true;
  for (size_t t = 0; t < stats.size(); ++t) {
    if (!stats[t]) continue;
    const RangeMethod m = edge[t] ? RangeMethod::kMinMax : method;
    const Range r8 = choose_range(*stats[t], m, 8);
    const Range r16 = choose_range(*stats[t], m, 16);
    r.int8[t] = TensorRange{r8.min, r8.max};
    r.int16[t] = TensorRange{r16.min, r16.max};
  }
  return r;
}

// Evenly spaced samples for the error analysis (all when `count` is 0 or more than there are).
Samples analysis_subset(const Samples& samples, int64_t count) {
  if (count <= 0 || static_cast<size_t>(count) >= samples.size()) return samples;
  Samples subset;
  for (int64_t k = 0; k < count; ++k) {
    subset.push_back(samples[static_cast<size_t>(k * static_cast<int64_t>(samples.size()) / count)]);
  }
  return subset;
}

// One quantized form of the model with its measured error.
struct Candidate {
  QuantizedGraph qg;
  PrecisionPlan plan;
  ErrorAnalysis error;
  bool bias_corrected = false;
  double sqnr_before_bias_correction = 0;
  std::optional<double> metric;
};

class Quantizer {
 public:
  Quantizer(const ir::Graph& fg, const Samples& calibration, const QuantizeOptions& options)
      : fg_(fg), calibration_(calibration), options_(options),
        subset_(analysis_subset(calibration, options.analysis_samples)) {}

  QuantizeOutcome run() {
    require_float_model(fg_);
    decision_tensors_ = decision_tensors(fg_);
    if (calibration_.empty()) throw Error("no calibration samples", "pass --data with at least one sample");
    stats_ = calibrate(fg_, calibration_, stage_progress("calibrating"));
    if (options_.evaluate) report_.float_metric = evaluate(fg_);
    Candidate best = choose_method();
    report_.int8_output_sqnr_db = decision_sqnr(best.error);
    if (options_.evaluate) {
      best.metric = evaluate(best.qg.graph);
      report_.int8_metric = best.metric;
    }
    QuantizeOutcome outcome;
    outcome.int8_graph = compacted(best.qg.graph);
    if (options_.int16 == Int16Mode::kList) best = candidate(listed_int16_ops());
    if (options_.int16 == Int16Mode::kAuto) best = fall_back_to_int16(std::move(best));
    if (options_.evaluate && !best.metric) best.metric = evaluate(best.qg.graph);
    report_.final_metric = best.metric;
    fill_report(best);
    outcome.graph = compacted(best.qg.graph);
    outcome.report = std::move(report_);
    return outcome;
  }

 private:
  std::function<void(int64_t, int64_t)> stage_progress(const std::string& stage) const {
    if (!options_.progress) return {};
    return [this, stage](int64_t done, int64_t total) { options_.progress(stage, done, total); };
  }

  double evaluate(const ir::Graph& g) const { return options_.evaluate(g); }

  // What the quantizer optimises: the graph outputs, except that an output a fixed-parameter op writes
  // (softmax, logistic: 1/256 steps whatever the model) is judged by that op's input, the logits, whose
  // error the choices here actually change.
  static std::vector<int32_t> decision_tensors(const ir::Graph& g) {
    std::vector<int32_t> tensors;
    for (int32_t out : g.outputs) {
      int32_t t = out;
      const int32_t producer = ir::producer(g, out);
      if (producer >= 0) {
        const ir::Op& op = g.ops[static_cast<size_t>(producer)];
        const auto& rules = opdefs::op_def(op.type).quant.outputs;
        const bool fixed = !rules.empty() && rules[0].rule == opdefs::OutputQuantRule::kFixed;
        if (fixed && !op.inputs.empty() && op.inputs[0] != ir::kNoTensor && !g.tensor(op.inputs[0]).is_constant()) {
          t = op.inputs[0];
        }
      }
      tensors.push_back(t);
    }
    return tensors;
  }

  double decision_sqnr(const ErrorAnalysis& e) const {
    ErrorSums sums;
    for (int32_t t : decision_tensors_) {
      const auto it = e.tensor.find(t);
      if (it == e.tensor.end()) continue;
      sums.merge(it->second);
    }
    return sums.sqnr_db();
  }

  // Method `auto`: each method's ranges come from 4/5 of the calibration samples and are judged on the
  // other 1/5, which they never saw: judged on their own samples, the clipping methods would look
  // better than they are on new data (nothing they clip was seen). The winner's ranges are then taken
  // from all samples.
  Candidate choose_method() {
    std::vector<RangeMethod> methods = {RangeMethod::kMinMax, RangeMethod::kPercentile, RangeMethod::kMse,
                                        RangeMethod::kKl};
    if (options_.method) methods = {*options_.method};
    if (methods.size() > 1 && calibration_.size() >= 10) {
      Samples fit, held_out;
      for (size_t i = 0; i < calibration_.size(); ++i) (i % 5 == 4 ? held_out : fit).push_back(calibration_[i]);
      const Stats fit_stats = calibrate(fg_, fit, stage_progress("choosing ranges"));
      const Samples all_subset = std::move(subset_);
      subset_ = analysis_subset(held_out, options_.analysis_samples);
      const RangeMethod best = best_method(methods, fit_stats);
      subset_ = all_subset;
      report_.method_judged_on = static_cast<int64_t>(held_out.size());
      methods = {best};
    }
    const RangeMethod m = methods.size() == 1 ? methods[0] : best_method(methods, stats_);
    ranges_ = ranges_for(fg_, stats_, m);
    report_.method = std::string(range_method_name(m));
    return candidate({});
  }

  RangeMethod best_method(const std::vector<RangeMethod>& methods, const Stats& stats) {
    std::optional<std::pair<double, RangeMethod>> best;
    for (RangeMethod m : methods) {
      ranges_ = ranges_for(fg_, stats, m);
      const double sqnr = decision_sqnr(candidate({}).error);
      report_.method_sqnr_db.emplace_back(std::string(range_method_name(m)), sqnr);
      if (!best || sqnr > best->first) best = {sqnr, m};
    }
    return best->second;
  }

  // The graph for this set of int16 ops, with ops whose integer prepare refuses their parameters kept
  // float, its error measured, and bias correction applied when it helps.
  Candidate candidate(const std::vector<int32_t>& int16_ops) {
    Candidate c;
    std::map<int32_t, std::string> forced_float;
    for (size_t attempt = 0; attempt <= fg_.ops.size(); ++attempt) {
      c.plan = plan_precision(fg_, int16_ops, forced_float);
      c.qg = quantize_graph(fg_, ranges_, c.plan, {options_.float_io});
      if (!refuse_unpreparable(c.qg, forced_float)) break;
    }
    c.error = analyze_error(fg_, c.qg, subset_);
    c.sqnr_before_bias_correction = decision_sqnr(c.error);
    if (options_.bias_correction) try_bias_correction(c);
    return c;
  }

  // Ops whose integer form TFLM's kernels (and ours) cannot prepare with these parameters run float.
  bool refuse_unpreparable(const QuantizedGraph& qg, std::map<int32_t, std::string>& forced_float) {
    bool changed = false;
    for (size_t i = 0; i < qg.graph.ops.size(); ++i) {
      try {
        ops::prepare(qg.graph, qg.graph.ops[i]);
      } catch (const Error& e) {
        const int32_t src = qg.source_op[i];
        if (src < 0 || forced_float.count(src)) throw;
        forced_float[src] = std::string("its integer kernel refuses: ") + e.what();
        changed = true;
      }
    }
    return changed;
  }

  void try_bias_correction(Candidate& c) {
    QuantizedGraph corrected = c.qg;
    if (!correct_biases(corrected, c.error)) return;
    ErrorAnalysis error;
    try {
      error = analyze_error(fg_, corrected, subset_);
    } catch (const Error&) {
      return;  // a corrected bias the kernel refuses: keep the uncorrected graph
    }
    if (decision_sqnr(error) <= decision_sqnr(c.error)) return;
    c.qg = std::move(corrected);
    c.error = std::move(error);
    c.bias_corrected = true;
  }

  // Subtracts each biased op's mean output error per channel from its bias (in the bias's own units).
  static bool correct_biases(QuantizedGraph& qg, const ErrorAnalysis& error) {
    bool changed = false;
    for (size_t i = 0; i < qg.graph.ops.size(); ++i) {
      const auto err = error.bias_error.find(qg.source_op[i]);
      if (qg.source_op[i] < 0 || err == error.bias_error.end()) continue;
      const ir::Op& op = qg.graph.ops[i];
      const auto& bias_fact = opdefs::op_def(op.type).quant.bias;
      if (!bias_fact || static_cast<size_t>(bias_fact->input) >= op.inputs.size()) continue;
      const int32_t b = op.inputs[static_cast<size_t>(bias_fact->input)];
      if (b == ir::kNoTensor) continue;
      ir::Tensor& bias = qg.graph.tensors[static_cast<size_t>(b)];
      if (bias.dtype != ir::DType::kInt32 && bias.dtype != ir::DType::kInt64) continue;
      changed = adjust_bias(bias, err->second) || changed;
    }
    return changed;
  }

  static bool adjust_bias(ir::Tensor& bias, const std::vector<double>& mean_error) {
    const int64_t n = bias.num_elements();
    if (static_cast<int64_t>(mean_error.size()) != n || bias.quant.empty()) return false;
    bool changed = false;
    for (int64_t c = 0; c < n; ++c) {
      const double scale = bias.quant.scale[bias.quant.scale.size() > 1 ? static_cast<size_t>(c) : 0];
      const double units = std::clamp(mean_error[static_cast<size_t>(c)] / scale, -1e18, 1e18);
      const int64_t delta = static_cast<int64_t>(std::llround(units));
      if (delta == 0) continue;
      changed = true;
      if (bias.dtype == ir::DType::kInt32) {
        int32_t v;
        std::memcpy(&v, &bias.data[static_cast<size_t>(c) * 4], 4);
        v = static_cast<int32_t>(std::clamp<int64_t>(int64_t{v} - delta, INT32_MIN, INT32_MAX));
        std::memcpy(&bias.data[static_cast<size_t>(c) * 4], &v, 4);
      } else {
        // TFLM's int16x8 kernels take |bias| < 2^46.
        constexpr int64_t kLimit = (int64_t{1} << 46) - 1;
        int64_t v;
        std::memcpy(&v, &bias.data[static_cast<size_t>(c) * 8], 8);
        v = std::clamp<int64_t>(v - std::clamp<int64_t>(delta, -kLimit, kLimit), -kLimit, kLimit);
        std::memcpy(&bias.data[static_cast<size_t>(c) * 8], &v, 8);
      }
    }
    return changed;
  }

  bool good_enough(const Candidate& c) const {
    if (options_.evaluate && report_.float_metric && c.metric) {
      return *report_.float_metric - *c.metric <= options_.max_metric_drop;
    }
    return decision_sqnr(c.error) >= options_.min_output_sqnr_db;
  }

  // Ops that could run int16x8 and do not yet, the one adding the most error first.
  std::vector<int32_t> int16_candidates(const Candidate& c, const std::vector<int32_t>& int16_ops) const {
    std::vector<std::pair<double, int32_t>> ranked;
    for (const auto& [op, sums] : c.error.local) {
      if (c.plan.op_precision[static_cast<size_t>(op)] != Precision::kInt8) continue;
      if (std::find(int16_ops.begin(), int16_ops.end(), op) != int16_ops.end()) continue;
      std::string why;
      const ir::Op& o = fg_.ops[static_cast<size_t>(op)];
      if (supported_precision(fg_, o, Precision::kInt16, &why) != Precision::kInt16) continue;
      ranked.emplace_back(sums.sqnr_db(), op);
    }
    std::sort(ranked.begin(), ranked.end());
    std::vector<int32_t> ops;
    for (const auto& r : ranked) ops.push_back(r.second);
    return ops;
  }

  Candidate fall_back_to_int16(Candidate best) {
    std::vector<int32_t> int16_ops;
    while (!good_enough(best)) {
      const std::vector<int32_t> next = int16_candidates(best, int16_ops);
      if (next.empty()) {
        report_.notes.push_back("the int16 fallback ran out of ops to move: the loss is still over the threshold");
        break;
      }
      int16_ops.push_back(next.front());
      if (options_.progress) options_.progress("int16 fallback", static_cast<int64_t>(int16_ops.size()), 0);
      Candidate c = candidate(int16_ops);
      if (options_.evaluate) c.metric = evaluate(c.qg.graph);
      best = std::move(c);
    }
    return best;
  }

  std::vector<int32_t> listed_int16_ops() const {
    std::vector<int32_t> ops;
    for (const std::string& name : options_.int16_ops) {
      bool found = false;
      for (size_t i = 0; i < fg_.ops.size(); ++i) {
        const bool by_index = !name.empty() && name[0] == '#' && name.substr(1) == std::to_string(i);
        if (by_index || fg_.ops[i].name == name) {
          ops.push_back(static_cast<int32_t>(i));
          found = true;
        }
      }
      if (!found) {
        throw Error("--int16 names '" + name + "', which is no op of the model",
                    "name op types (CONV_2D) or op positions (#3), as `mcuforge inspect` lists them");
      }
    }
    return ops;
  }

  void fill_report(const Candidate& c) {
    report_.calibration_samples = static_cast<int64_t>(calibration_.size());
    report_.analysis_samples = static_cast<int64_t>(subset_.size());
    report_.output_sqnr_db = c.error.output.sqnr_db();
    report_.decision_sqnr_db = decision_sqnr(c.error);
    for (int32_t t : decision_tensors_) report_.decision_tensors.push_back(fg_.tensor(t).name);
    report_.output_cosine = c.error.output.cosine();
    report_.bias_corrected = c.bias_corrected;
    report_.sqnr_before_bias_correction_db = c.sqnr_before_bias_correction;
    for (const auto& [op, why] : c.plan.float_reason) {
      if (why != "follows its float input") report_.float_ops.emplace_back(op, why);
    }
    for (size_t i = 0; i < fg_.ops.size(); ++i) {
      const ir::Op& op = fg_.ops[i];
      if (op.outputs.empty()) continue;
      const int32_t out = op.outputs[0];
      const auto acc = c.error.tensor.find(out);
      if (acc == c.error.tensor.end()) continue;
      LayerReport l;
      l.op = static_cast<int32_t>(i);
      l.op_type = op.name;
      l.tensor = fg_.tensor(out).name;
      l.precision = c.plan.op_precision[i];
      if (l.precision == Precision::kInt16) report_.int16_ops.push_back(l.op);
      l.sqnr_db = acc->second.sqnr_db();
      l.cosine = acc->second.cosine();
      const auto local = c.error.local.find(l.op);
      l.local_sqnr_db = local != c.error.local.end() ? local->second.sqnr_db() : std::numeric_limits<double>::infinity();
      report_.layers.push_back(std::move(l));
    }
  }

  static ir::Graph compacted(ir::Graph g) {
    ir::renumber(g);
    return g;
  }

  const ir::Graph& fg_;
  const Samples& calibration_;
  const QuantizeOptions& options_;
  Samples subset_;
  Stats stats_;
  CalibratedRanges ranges_;
  std::vector<int32_t> decision_tensors_;
  QuantizeReport report_;
};

}  // namespace

QuantizeOutcome quantize_model(const ir::Graph& float_graph, const Samples& calibration,
                               const QuantizeOptions& options) {
  return Quantizer(float_graph, calibration, options).run();
}

}  // namespace mcuforge::quantize
