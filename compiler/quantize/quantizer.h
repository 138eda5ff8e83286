// SPDX-License-Identifier: Apache-2.0
// `mcuforge quantize` as a library call: a float32 graph (hybrid models arrive with their weights already
// dequantized by the load pipeline) and calibration samples in, a full-integer graph and a report out.
//
//   calibrate (observe every activation over the samples, calibrate.h)
//   -> ranges per method (minmax | percentile | mse | kl; `auto` fits each on 4/5 of the samples and keeps
//      the best logits SQNR on the other 1/5)
//   -> rewrite to int8 (quantize_graph.h); an op whose integer prepare refuses its parameters stays float
//   -> empirical bias correction (kept only if the output SQNR improves)
//   -> int16 fallback: while the loss is over the threshold, the op that adds the most error runs int16x8
//   -> error report per tensor (error_analysis.h).
// The errors are measured with the host executor, i.e. the arithmetic the MCU runs, bit for bit.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "ir/graph.h"
#include "quantize/calibrate.h"
#include "quantize/error_analysis.h"
#include "quantize/quantize_graph.h"

namespace mcuforge::quantize {

enum class Int16Mode { kNone, kAuto, kList };

struct QuantizeOptions {
  std::optional<RangeMethod> method;      // nullopt: auto (each method, best output (logits) SQNR)
  Int16Mode int16 = Int16Mode::kNone;
  std::vector<std::string> int16_ops;     // kList: op types (CONV_2D) or op positions (#12)
  bool float_io = false;
  bool bias_correction = true;
  double min_output_sqnr_db = 30.0;       // kAuto: the output (logits) SQNR the fallback reaches for...
  double max_metric_drop = 0.01;          // ...or, with `evaluate`, the largest metric loss vs float
  int64_t analysis_samples = 32;          // calibration samples used for error analysis (0: all)
  // Higher is better (accuracy, AUC); optional. Called with the float graph and each candidate.
  std::function<double(const ir::Graph&)> evaluate;
  // Progress of the long steps: stage name, done, total.
  std::function<void(const std::string&, int64_t, int64_t)> progress;
};

struct LayerReport {
  int32_t op = 0;              // position in the float graph
  std::string op_type;         // CONV_2D
  std::string tensor;          // its (first) output's name
  Precision precision = Precision::kInt8;
  double sqnr_db = 0;          // accumulated error of its output
  double cosine = 1;
  double local_sqnr_db = 0;    // the error it adds alone
};

struct QuantizeReport {
  std::string method;                       // the range method used
  std::vector<std::pair<std::string, double>> method_sqnr_db;  // auto: each method's logits SQNR
  int64_t method_judged_on = 0;             // auto: on this many held-out calibration samples (0: on all)
  int64_t calibration_samples = 0, analysis_samples = 0;
  std::vector<LayerReport> layers;          // in op order
  double output_sqnr_db = 0, output_cosine = 1;
  // The SQNR the choices are made on: the outputs, or the logits before a softmax/logistic output.
  double decision_sqnr_db = 0;
  std::vector<std::string> decision_tensors;
  double int8_output_sqnr_db = 0;           // before the int16 fallback
  bool bias_corrected = false;
  double sqnr_before_bias_correction_db = 0;
  std::vector<int32_t> int16_ops;           // float-graph op positions that run int16x8
  std::vector<std::pair<int32_t, std::string>> float_ops;  // ops kept float32, with why
  std::optional<double> float_metric, int8_metric, final_metric;
  std::vector<std::string> notes;
};

struct QuantizeOutcome {
  ir::Graph graph;          // the integer graph, tensors compacted, ready to write
  ir::Graph int8_graph;     // the same before the int16 fallback (for the cost comparison)
  QuantizeReport report;
};

// Throws mcuforge::Error for a model that is not float, samples that do not fit it, NaN/Inf activations.
QuantizeOutcome quantize_model(const ir::Graph& float_graph, const Samples& calibration,
                               const QuantizeOptions& options);

}  // namespace mcuforge::quantize
