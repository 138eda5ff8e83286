// SPDX-License-Identifier: Apache-2.0
// api::quantize: loads the model (hybrid weights are dequantized by the load pipeline) and the datasets
// (data/dataset.h), runs the quantizer (quantize/quantizer.h), writes the .tflite atomically once it
// reads back, and measures the cost of the int16 fallback (arena, weights, estimated instructions).
#include <algorithm>
#include <cmath>
#include <filesystem>

#include "api/api.h"
#include "api/file_util.h"
#include "diagnostics/error.h"
#include "emit/compile.h"
#include "exec/executor.h"
#include "export/tflite_writer.h"
#include "import/tflite/tflite_reader.h"
#include "quantize/error_analysis.h"
#include "target/cost_model.h"

namespace mcuforge::api {
namespace fs = std::filesystem;

namespace {

data::Dataset load(const DatasetRequest& r, const ir::Graph& g, const char* what, int32_t num_classes = 0) {
  if (r.path.empty()) throw Error(std::string("no ") + what + " data", "pass a .npy/.npz file or a folder");
  data::LoadOptions o;
  o.pre = r.pre;
  o.labels_path = r.labels;
  o.begin = r.begin;
  o.end = r.end;
  o.num_classes = num_classes;
  return data::load_dataset(r.path, data::input_specs(g), o);
}

// The float32 bytes of every sample, [sample][input].
quantize::Samples float_samples(const data::Dataset& d, const ir::Graph& g, int64_t max_samples) {
  const std::vector<data::InputSpec> specs = data::input_specs(g);
  quantize::Samples samples;
  size_t count = d.samples.size();
  size_t stride = 1;
  if (max_samples > 0 && count > static_cast<size_t>(max_samples)) stride = count / static_cast<size_t>(max_samples);
  for (size_t s = 0; s < d.samples.size() && (max_samples <= 0 || samples.size() < static_cast<size_t>(max_samples));
       s += stride) {
    std::vector<std::vector<uint8_t>> inputs;
    for (size_t k = 0; k < specs.size(); ++k) inputs.push_back(data::to_input_bytes(d.samples[s].inputs.at(k), specs[k]));
    samples.push_back(std::move(inputs));
  }
  return samples;
}

bool has_float_input(const ir::Graph& g) {
  return std::any_of(g.inputs.begin(), g.inputs.end(), [&](int32_t t) { return g.tensor(t).dtype == ir::DType::kFloat32; });
}

// Top-1 accuracy of `g` over a labelled dataset: a group's class is the argmax of its output, averaged
// over the group's samples (windows) when it has several.
class Accuracy {
 public:
  Accuracy(const data::Dataset& d, std::function<void(const std::string&, int64_t, int64_t)> progress)
      : data_(d), progress_(std::move(progress)) {}

  double operator()(const ir::Graph& g) const {
    exec::Executor ex(g);
    const std::vector<data::InputSpec> specs = data::input_specs(g);
    std::vector<std::vector<double>> group_scores(data_.group_names.size());
    for (size_t s = 0; s < data_.samples.size(); ++s) {
      const data::Sample& sample = data_.samples[s];
      std::vector<std::vector<uint8_t>> inputs;
      for (size_t k = 0; k < specs.size(); ++k) inputs.push_back(data::to_input_bytes(sample.inputs.at(k), specs[k]));
      const auto outputs = ex.invoke(inputs);
      const std::vector<double> scores = quantize::real_values(g.tensor(g.outputs[0]), outputs[0]);
      auto& acc = group_scores.at(static_cast<size_t>(sample.group));
      if (acc.empty()) acc.assign(scores.size(), 0.0);
      for (size_t i = 0; i < scores.size() && i < acc.size(); ++i) acc[i] += scores[i];
      if (progress_) progress_("evaluating", static_cast<int64_t>(s + 1), static_cast<int64_t>(data_.samples.size()));
    }
    int64_t correct = 0;
    for (size_t gi = 0; gi < group_scores.size(); ++gi) {
      const auto& sc = group_scores[gi];
      if (sc.empty()) continue;
      const auto best = std::max_element(sc.begin(), sc.end()) - sc.begin();
      if (best == data_.labels.at(gi)) ++correct;
    }
    return static_cast<double>(correct) / static_cast<double>(std::max<size_t>(group_scores.size(), 1));
  }

 private:
  const data::Dataset& data_;
  std::function<void(const std::string&, int64_t, int64_t)> progress_;
};

QuantizeCost cost_of(const ir::Graph& g) {
  QuantizeCost c;
  emit::CompileOptions eo;
  const emit::CompiledModel cm = emit::compile_model(g, eo);
  c.arena_bytes = cm.report["arena_bytes"];
  c.weights_bytes = cm.report["weights_bytes"];
  for (const auto& op : cm.report["ops"]) {
    c.m4_instructions += target::m4_instructions({op["op"].get<std::string>(), op["kernel"].get<std::string>(),
                                                  op["macs"].get<int64_t>(), op["output_bytes"].get<int64_t>()});
  }
  return c;
}

quantize::Int16Mode int16_mode(const std::string& s, std::vector<std::string>& ops) {
  if (s == "none" || s.empty()) return quantize::Int16Mode::kNone;
  if (s == "auto") return quantize::Int16Mode::kAuto;
  size_t start = 0;
  while (start <= s.size()) {
    const size_t comma = s.find(',', start);
    const std::string name = s.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    if (!name.empty()) ops.push_back(name);
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return quantize::Int16Mode::kList;
}

void check_output_path(const std::string& output) {
  if (output.empty()) throw Error("quantize needs -o OUT.tflite", "e.g. -o model_int8.tflite");
  const fs::path p(output);
  if (p.filename().empty()) throw Error("-o must name the .tflite file to write", "e.g. -o model_int8.tflite");
  const fs::path dir = p.parent_path();
  if (!dir.empty() && !fs::is_directory(dir)) {
    throw Error("the output folder '" + dir.string() + "' does not exist", "create it first or pick another -o");
  }
}

}  // namespace

QuantizeResult quantize(const QuantizeRequest& request) {
  check_output_path(request.output);
  const ir::Graph fg = load_model(request.model);
  if (!has_float_input(fg)) {
    bool float_op = false;
    for (const ir::Tensor& t : fg.tensors) float_op = float_op || (t.dtype == ir::DType::kFloat32 && t.is_activation());
    if (!float_op) {
      throw Error("'" + request.model + "' is already quantized (no float32 activations)",
                  "quantize takes a float32 or hybrid model; run the integer model as it is");
    }
  }
  quantize::QuantizeOptions o;
  if (request.method != "auto") {
    o.method = quantize::parse_range_method(request.method);
    if (!o.method) throw Error("unknown --method '" + request.method + "'", "use auto, minmax, percentile, mse or kl");
  }
  o.int16 = int16_mode(request.int16, o.int16_ops);
  o.float_io = request.float_io;
  o.bias_correction = request.bias_correction;
  o.min_output_sqnr_db = request.min_sqnr_db;
  o.max_metric_drop = request.max_drop_pct / 100.0;
  o.progress = request.progress;

  const data::Dataset calib = load(request.calibration, fg, "calibration");
  std::string r_notes_small;
  const quantize::Samples samples = float_samples(calib, fg, request.max_calibration_samples);
  if (samples.size() < 32) {
    r_notes_small = "calibrated on only " + std::to_string(samples.size()) +
                    " samples: ranges may miss values the model meets; 100-500 representative samples are typical";
  }

  QuantizeResult r;
  if (!r_notes_small.empty()) r.notes.push_back(r_notes_small);
  for (const auto& n : calib.notes) r.data_notes.push_back("--data: " + n);
  std::optional<data::Dataset> eval;
  if (request.eval) {
    const int64_t outputs = fg.tensor(fg.outputs[0]).num_elements();
    eval = load(*request.eval, fg, "evaluation");
    if (eval->labels.empty()) {
      throw Error("--eval data '" + request.eval->path + "' has no labels",
                  "pass --labels (a .npy of class indices or a text file, one per sample), or an MLPerf folder with y_labels.csv");
    }
    for (const auto& n : eval->notes) r.data_notes.push_back("--eval: " + n);
    if (eval->num_classes > 0 && outputs != eval->num_classes) {
      r.notes.push_back("--eval: the model's first output has " + std::to_string(outputs) + " values, the labels " +
                        std::to_string(eval->num_classes) + " classes: no accuracy; the output SQNR decides");
    } else {
      o.evaluate = Accuracy(*eval, request.progress);
      r.metric_name = "top-1 accuracy";
    }
  }

  quantize::QuantizeOutcome out = quantize::quantize_model(fg, samples, o);
  const std::vector<uint8_t> bytes = exporter::write_tflite(out.graph);
  (void)tflite::read_tflite(std::span<const uint8_t>(bytes.data(), bytes.size()));  // it must read back
  write_atomically(request.output, bytes);

  r.model = request.model;
  r.output = request.output;
  r.output_bytes = static_cast<int64_t>(bytes.size());
  r.int8_cost = cost_of(out.int8_graph);
  r.final_cost = cost_of(out.graph);
  r.report = std::move(out.report);
  return r;
}

nlohmann::json QuantizeCost::to_json() const {
  return {{"arena_bytes", arena_bytes}, {"weights_bytes", weights_bytes}, {"m4_instructions", std::llround(m4_instructions)}};
}

namespace {
nlohmann::json db(double v) {
  if (std::isinf(v)) return v > 0 ? nlohmann::json("inf") : nlohmann::json("-inf");
  return std::round(v * 100) / 100;
}
}  // namespace

nlohmann::json QuantizeResult::to_json() const {
  const quantize::QuantizeReport& q = report;
  nlohmann::json j;
  j["model"] = model;
  j["output"] = output;
  j["output_bytes"] = output_bytes;
  j["method"] = q.method;
  nlohmann::json methods = nlohmann::json::object();
  for (const auto& [m, v] : q.method_sqnr_db) methods[m] = db(v);
  j["method_sqnr_db"] = methods;
  j["method_judged_on_samples"] = q.method_judged_on;
  j["calibration_samples"] = q.calibration_samples;
  j["analysis_samples"] = q.analysis_samples;
  j["output_sqnr_db"] = db(q.output_sqnr_db);
  j["decision_sqnr_db"] = db(q.decision_sqnr_db);
  j["decision_tensors"] = q.decision_tensors;
  j["output_cosine"] = q.output_cosine;
  j["int8_output_sqnr_db"] = db(q.int8_output_sqnr_db);
  j["bias_corrected"] = q.bias_corrected;
  j["sqnr_before_bias_correction_db"] = db(q.sqnr_before_bias_correction_db);
  j["int16_ops"] = q.int16_ops;
  nlohmann::json fl = nlohmann::json::array();
  for (const auto& [op, why] : q.float_ops) fl.push_back({{"op", op}, {"reason", why}});
  j["float_ops"] = fl;
  if (metric_name) {
    j["metric"] = *metric_name;
    j["float_metric"] = q.float_metric ? nlohmann::json(*q.float_metric) : nlohmann::json(nullptr);
    j["int8_metric"] = q.int8_metric ? nlohmann::json(*q.int8_metric) : nlohmann::json(nullptr);
    j["final_metric"] = q.final_metric ? nlohmann::json(*q.final_metric) : nlohmann::json(nullptr);
  }
  j["int8_cost"] = int8_cost.to_json();
  j["cost"] = final_cost.to_json();
  nlohmann::json layers = nlohmann::json::array();
  for (const auto& l : q.layers) {
    layers.push_back({{"op", l.op}, {"type", l.op_type}, {"tensor", l.tensor},
                      {"precision", quantize::precision_name(l.precision)}, {"sqnr_db", db(l.sqnr_db)},
                      {"cosine", l.cosine}, {"local_sqnr_db", db(l.local_sqnr_db)}});
  }
  j["layers"] = layers;
  nlohmann::json all_notes = q.notes;
  for (const auto& n : notes) all_notes.push_back(n);
  j["notes"] = all_notes;
  j["data_notes"] = data_notes;
  return j;
}

}  // namespace mcuforge::api
