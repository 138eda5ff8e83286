// SPDX-License-Identifier: Apache-2.0
// `mcuforge quantize MODEL --data CALIB -o OUT.tflite [...]`: post-training full-integer quantization
// (api::quantize). Prints what was chosen, the output's error, the layers that lose most, the int16
// fallback and its cost; --json prints everything, every layer included. A progress bar on stderr while
// calibrating and evaluating (when stderr is a terminal).
#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include "api/api.h"
#include "commands.h"
#include "diagnostics/error.h"

namespace mcuforge::cli {

namespace {

std::pair<int64_t, int64_t> parse_select(const std::string& s, const char* flag) {
  if (s.empty()) return {0, -1};
  const size_t colon = s.find(':');
  try {
    if (colon == std::string::npos) throw std::invalid_argument("no colon");
    const std::string a = s.substr(0, colon), b = s.substr(colon + 1);
    const int64_t begin = a.empty() ? 0 : std::stoll(a);
    const int64_t end = b.empty() ? -1 : std::stoll(b);
    if (begin < 0 || (end >= 0 && end <= begin)) throw std::invalid_argument("empty");
    return {begin, end};
  } catch (const std::exception&) {
    throw Error(std::string(flag) + " '" + s + "' is not a range of files", "write A:B (files A to B-1), e.g. 0:200 or 200:");
  }
}

double one_number(const std::string& text, const char* flag, double fallback) {
  if (text.empty()) return fallback;
  const std::vector<double> v = data::parse_numbers(text, flag);
  if (v.size() != 1) throw Error(std::string(flag) + " takes one number, not '" + text + "'", "e.g. 0.5 or 1/255");
  return v[0];
}

data::Preprocess preprocess(const QuantizeOptions& o) {
  data::Preprocess p;
  if (!o.data_dtype.empty()) p.raw_dtype = data::parse_raw_dtype(o.data_dtype);
  if (!o.resize.empty()) p.resize = data::parse_size(o.resize);
  p.channels = o.channels;
  p.scale = one_number(o.scale, "--scale", 1.0);
  p.offset = one_number(o.offset, "--offset", 0.0);
  if (!o.mean.empty()) p.mean = data::parse_numbers(o.mean, "--mean");
  if (!o.std.empty()) p.std = data::parse_numbers(o.std, "--std");
  return p;
}

// A one-line bar redrawn in place on a terminal; nothing when stderr is a file or pipe (CI logs).
class ProgressBar {
 public:
  ProgressBar() : tty_(isatty(fileno(stderr)) != 0) {}
  ~ProgressBar() { finish(); }
  void update(const std::string& stage, int64_t done, int64_t total) {
    if (!tty_) return;
    if (stage != stage_) finish();
    stage_ = stage;
    if (total <= 0) {
      std::fprintf(stderr, "\r%-24s step %lld", stage.c_str(), static_cast<long long>(done));
    } else {
      const int width = 30;
      const int filled = static_cast<int>(width * done / total);
      std::fprintf(stderr, "\r%-24s [%s%s] %lld/%lld", stage.c_str(), std::string(static_cast<size_t>(filled), '#').c_str(),
                   std::string(static_cast<size_t>(width - filled), ' ').c_str(), static_cast<long long>(done),
                   static_cast<long long>(total));
    }
    std::fflush(stderr);
    open_ = true;
  }
  void finish() {
    if (open_) std::fputc('\n', stderr);
    open_ = false;
  }

 private:
  bool tty_;
  bool open_ = false;
  std::string stage_;
};

std::string db(double v) {
  if (std::isinf(v)) return v > 0 ? "exact" : "-inf dB";
  return fmt::format("{:.1f} dB", v);
}

std::string pct_change(double before, double after) {
  if (before <= 0) return "";
  return fmt::format(" ({:+.1f} %)", 100.0 * (after - before) / before);
}

void print_report(const api::QuantizeResult& r) {
  const quantize::QuantizeReport& q = r.report;
  fmt::print("Quantized {} -> {} ({} bytes)\n", r.model, r.output, r.output_bytes);
  std::string methods;
  for (const auto& [m, v] : q.method_sqnr_db) methods += fmt::format("{}{} {}", methods.empty() ? "" : ", ", m, db(v));
  std::string judged;
  if (q.method_judged_on > 0) judged = fmt::format(" on {} held-out calibration samples", q.method_judged_on);
  fmt::print("  ranges: {}{} ({}{}), calibrated on {} samples, error measured on {}\n", q.method,
             q.method_sqnr_db.size() > 1 ? " (auto)" : "", methods, judged, q.calibration_samples, q.analysis_samples);
  fmt::print("  output SQNR {}, cosine {:.5f}", db(q.output_sqnr_db), q.output_cosine);
  if (q.decision_sqnr_db != q.output_sqnr_db) fmt::print("; logits (before the output's fixed-scale op) {}", db(q.decision_sqnr_db));
  if (q.bias_corrected) fmt::print(" (bias correction: from {})", db(q.sqnr_before_bias_correction_db));
  fmt::print("\n");
  if (r.metric_name && q.float_metric) {
    fmt::print("  {} on --eval: float {:.2f} %, int8 {:.2f} %", *r.metric_name, 100 * *q.float_metric,
               100 * q.int8_metric.value_or(0));
    if (!q.int16_ops.empty() && q.final_metric) fmt::print(", with int16 layers {:.2f} %", 100 * *q.final_metric);
    fmt::print("\n");
  }
  std::vector<const quantize::LayerReport*> worst;
  for (const auto& l : q.layers) {
    if (l.precision != quantize::Precision::kFloat) worst.push_back(&l);
  }
  std::sort(worst.begin(), worst.end(), [](auto* a, auto* b) { return a->local_sqnr_db < b->local_sqnr_db; });
  if (!worst.empty()) {
    fmt::print("  layers that lose most (the error each adds alone; accumulated at its output):\n");
    for (size_t i = 0; i < std::min<size_t>(worst.size(), 6); ++i) {
      const auto& l = *worst[i];
      fmt::print("    #{:<3} {:<18} {:<6} adds {:>9}  accumulated {:>9}  cos {:.4f}  {}\n", l.op, l.op_type,
                 quantize::precision_name(l.precision), db(l.local_sqnr_db), db(l.sqnr_db), l.cosine, l.tensor);
    }
    if (q.layers.size() > 6) fmt::print("    (--json lists all {} layers)\n", q.layers.size());
  }
  if (!q.int16_ops.empty()) {
    std::string ops;
    for (int32_t op : q.int16_ops) {
      for (const auto& l : q.layers) {
        if (l.op == op) ops += fmt::format("{}#{} {}", ops.empty() ? "" : ", ", op, l.op_type);
      }
    }
    fmt::print("  int16x8 layers ({}): {}; SQNR {} with int8 only\n", q.int16_ops.size(), ops,
               db(q.int8_output_sqnr_db));
    fmt::print("  cost of int16: arena {} -> {} bytes{}, weights {} -> {} bytes{}, est. instructions {:.3g} -> {:.3g}{}\n",
               r.int8_cost.arena_bytes, r.final_cost.arena_bytes, pct_change(r.int8_cost.arena_bytes, r.final_cost.arena_bytes),
               r.int8_cost.weights_bytes, r.final_cost.weights_bytes,
               pct_change(r.int8_cost.weights_bytes, r.final_cost.weights_bytes), r.int8_cost.m4_instructions,
               r.final_cost.m4_instructions, pct_change(r.int8_cost.m4_instructions, r.final_cost.m4_instructions));
  } else {
    fmt::print("  arena {} bytes, weights {} bytes, est. {:.3g} Cortex-M4 instructions per inference\n",
               r.final_cost.arena_bytes, r.final_cost.weights_bytes, r.final_cost.m4_instructions);
  }
  for (const auto& [op, why] : q.float_ops) fmt::print("  note: op #{} stays float32: {}\n", op, why);
  for (const auto& n : q.notes) fmt::print("  note: {}\n", n);
  for (const auto& n : r.notes) fmt::print("  note: {}\n", n);
  for (const auto& n : r.data_notes) fmt::print("  data: {}\n", n);
}

}  // namespace

int quantize_command(const QuantizeOptions& o) {
  api::QuantizeRequest req;
  req.model = o.model;
  req.output = o.output;
  req.calibration.path = o.data;
  req.calibration.labels = o.labels;
  req.calibration.pre = preprocess(o);
  std::tie(req.calibration.begin, req.calibration.end) = parse_select(o.data_select, "--data-select");
  if (!o.eval.empty()) {
    api::DatasetRequest e;
    e.path = o.eval;
    e.labels = o.eval_labels;
    e.pre = req.calibration.pre;
    std::tie(e.begin, e.end) = parse_select(o.eval_select, "--eval-select");
    req.eval = e;
  } else if (!o.eval_labels.empty() || !o.eval_select.empty()) {
    throw Error("--labels and --eval-select apply to --eval data", "add --eval TEST");
  }
  req.method = o.method;
  req.int16 = o.int16;
  req.float_io = o.io == "float";
  req.bias_correction = !o.no_bias_correction;
  req.min_sqnr_db = o.min_sqnr;
  req.max_drop_pct = o.max_drop;
  req.max_calibration_samples = o.max_samples;
  ProgressBar bar;
  req.progress = [&bar](const std::string& stage, int64_t done, int64_t total) { bar.update(stage, done, total); };
  const api::QuantizeResult r = api::quantize(req);
  bar.finish();
  if (o.json) {
    fmt::print("{}\n", r.to_json().dump(2));
  } else {
    print_report(r);
  }
  return 0;
}

}  // namespace mcuforge::cli
