// SPDX-License-Identifier: Apache-2.0
#include "quantize/quantize_graph.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <numeric>
#include <set>

#include "diagnostics/error.h"
#include "ir/graph_editor.h"
#include "opdefs/op_def.h"
#include "ops/op_support.h"
#include "quantize/calibrate.h"

namespace mcuforge::quantize {

using ir::DType;
using ir::OpType;

const char* precision_name(Precision p) {
  switch (p) {
    case Precision::kInt8: return "int8";
    case Precision::kInt16: return "int16";
    case Precision::kFloat: return "float32";
  }
  return "?";
}

namespace {

DType dtype_of(Precision p) {
  return p == Precision::kInt8 ? DType::kInt8 : p == Precision::kInt16 ? DType::kInt16 : DType::kFloat32;
}

bool is_float_activation(const ir::Tensor& t) { return t.dtype == DType::kFloat32 && !t.is_constant(); }

// Ops whose integer form is not "the same computation on quantized reals", or whose quantization needs
// more than the facts' rules (gate intermediates, hybrid lookups): they stay float32.
const char* outside_rules(OpType type) {
  switch (type) {
    case OpType::CAST: return "CAST converts values, it does not quantize them";
    case OpType::UNIDIRECTIONAL_SEQUENCE_LSTM: return "the int8 LSTM needs per-gate intermediate ranges (not calibrated yet)";
    case OpType::SVDF: return "the int8 SVDF needs a quantized state (not calibrated yet)";
    case OpType::EMBEDDING_LOOKUP: return "lookups of float tables stay float";
    case OpType::FILL: return "FILL's value is a run-time scalar";
    case OpType::QUANTIZE: return "the model already has QUANTIZE";
    case OpType::DEQUANTIZE: return "the model already has DEQUANTIZE";
    default: return nullptr;
  }
}

bool has_form(OpType type, const char* form) {
  for (const ops::OpSupport& s : ops::supported_ops()) {
    if (s.type == type) return std::find(s.dtypes.begin(), s.dtypes.end(), form) != s.dtypes.end();
  }
  return false;
}

bool has_float_activation(const ir::Graph& g, const ir::Op& op) {
  for (int32_t t : op.inputs) {
    if (t != ir::kNoTensor && is_float_activation(g.tensor(t))) return true;
  }
  for (int32_t t : op.outputs) {
    if (is_float_activation(g.tensor(t))) return true;
  }
  return false;
}

// Data movement: every output keeps an input's parameters, so the op runs in its input's precision.
bool follows_input(const ir::Op& op) {
  const opdefs::QuantFacts& q = opdefs::op_def(op.type).quant;
  if (q.outputs.empty()) return false;
  for (size_t k = 0; k < op.outputs.size(); ++k) {
    if (k >= q.outputs.size() || q.outputs[k].rule != opdefs::OutputQuantRule::kSameAsInput) return false;
  }
  return true;
}

// SHAPE reads only its input's shape: whatever the input's dtype, nothing to convert.
bool reads_shape_only(const ir::Op& op) { return op.type == OpType::SHAPE; }

}  // namespace

Precision supported_precision(const ir::Graph& g, const ir::Op& op, Precision wanted, std::string* reason) {
  if (const char* why = outside_rules(op.type)) {
    if (reason) *reason = why;
    return Precision::kFloat;
  }
  if (wanted == Precision::kFloat) return Precision::kFloat;  // `reason` stays the caller's
  (void)g;
  if (wanted == Precision::kInt16 && has_form(op.type, "int16")) return Precision::kInt16;
  if (has_form(op.type, "int8")) return Precision::kInt8;
  if (has_form(op.type, "int16")) return Precision::kInt16;
  if (reason) *reason = "no integer kernel for " + op.name;
  return Precision::kFloat;
}

void require_float_model(const ir::Graph& g) {
  bool any_float = false;
  for (const ir::Op& op : g.ops) any_float = any_float || has_float_activation(g, op);
  for (int32_t t : g.inputs) any_float = any_float || g.tensor(t).dtype == DType::kFloat32;
  if (!any_float) {
    throw Error("the model has no float32 activations: it is already quantized",
                "quantize takes a float32 (or hybrid) model; an integer model runs as it is (`mcuforge run`, `deploy`)");
  }
}

PrecisionPlan plan_precision(const ir::Graph& g, const std::vector<int32_t>& int16_ops,
                             const std::map<int32_t, std::string>& forced_float) {
  PrecisionPlan plan;
  plan.op_precision.assign(g.ops.size(), Precision::kFloat);
  const std::set<int32_t> wide(int16_ops.begin(), int16_ops.end());
  // The precision each float activation is produced in (graph inputs: that of their first reader).
  std::vector<std::optional<Precision>> produced(g.tensors.size());
  for (size_t i = 0; i < g.ops.size(); ++i) {
    const ir::Op& op = g.ops[i];
    if (!has_float_activation(g, op)) continue;
    Precision wanted = wide.count(static_cast<int32_t>(i)) ? Precision::kInt16 : Precision::kInt8;
    std::string reason = "chosen";
    if (follows_input(op) && !op.inputs.empty() && op.inputs[0] != ir::kNoTensor) {
      if (const auto& p = produced[static_cast<size_t>(op.inputs[0])]) wanted = *p;
      reason = "follows its float input";
    }
    if (const auto f = forced_float.find(static_cast<int32_t>(i)); f != forced_float.end()) {
      wanted = Precision::kFloat;
      reason = f->second;
    }
    const Precision p = supported_precision(g, op, wanted, &reason);
    plan.op_precision[i] = p;
    if (p == Precision::kFloat) plan.float_reason[static_cast<int32_t>(i)] = reason;
    for (int32_t t : op.outputs) produced[static_cast<size_t>(t)] = p;
  }
  return plan;
}

ir::Tensor quantize_weights(const ir::Tensor& w, int32_t axis, const std::vector<float>& min_scale) {
  const int64_t n = w.num_elements();
  const float* values = w.data_as<float>();
  int64_t channels = 1, inner = n;
  int64_t outer = 1;
  if (axis >= 0 && axis < w.rank()) {
    channels = w.dim(axis);
    inner = 1;
    for (int d = axis + 1; d < w.rank(); ++d) inner *= w.dim(d);
    outer = channels == 0 ? 0 : n / (channels * inner);
  }
  std::vector<float> absmax(static_cast<size_t>(std::max<int64_t>(channels, 1)), 0.0f);
  auto channel_of = [&](int64_t i) { return axis >= 0 ? (i / inner) % channels : 0; };
  for (int64_t i = 0; i < n; ++i) {
    float& m = absmax[static_cast<size_t>(channel_of(i))];
    m = std::max(m, std::fabs(values[i]));
  }
  (void)outer;
  ir::Tensor q;
  q.name = w.name;
  q.dtype = DType::kInt8;
  q.shape = w.shape;
  q.kind = ir::TensorKind::kConstant;
  q.quant.axis = axis >= 0 ? axis : 0;
  for (size_t c = 0; c < absmax.size(); ++c) {
    float scale = absmax[c] > 0 ? absmax[c] / 127.0f : 1.0f;
    if (!min_scale.empty()) scale = std::max(scale, min_scale[min_scale.size() > 1 ? c : 0]);
    q.quant.scale.push_back(scale);
    q.quant.zero_point.push_back(0);
  }
  q.data.resize(static_cast<size_t>(n));
  for (int64_t i = 0; i < n; ++i) {
    const float s = q.quant.scale[static_cast<size_t>(channel_of(i))];
    const float r = std::round(values[i] / s);
    q.data[static_cast<size_t>(i)] = static_cast<uint8_t>(static_cast<int8_t>(std::clamp(r, -127.0f, 127.0f)));
  }
  return q;
}

namespace {

// A value in one precision: float tensor `tensor` held as `precision`. The tie groups of the facts
// (same-as-input outputs, inputs that share the output's parameters) join slots into one parameter set.
struct Slot {
  int32_t tensor;
  Precision precision;
  auto operator<=>(const Slot&) const = default;
};

class Ties {
 public:
  int32_t id(Slot s) {
    auto [it, inserted] = ids_.try_emplace(s, static_cast<int32_t>(parent_.size()));
    if (inserted) {
      parent_.push_back(it->second);
      slots_.push_back(s);
    }
    return it->second;
  }
  int32_t find(int32_t i) {
    while (parent_[static_cast<size_t>(i)] != i) i = parent_[static_cast<size_t>(i)] = parent_[static_cast<size_t>(parent_[static_cast<size_t>(i)])];
    return i;
  }
  void join(Slot a, Slot b) {
    const int32_t ra = find(id(a)), rb = find(id(b));
    if (ra != rb) parent_[static_cast<size_t>(std::max(ra, rb))] = std::min(ra, rb);
  }
  const std::vector<Slot>& slots() const { return slots_; }

 private:
  std::map<Slot, int32_t> ids_;
  std::vector<int32_t> parent_;
  std::vector<Slot> slots_;
};

TensorRange range_of_constant(const ir::Tensor& t) {
  TensorRange r{0, 0};
  const float* v = t.data_as<float>();
  for (int64_t i = 0; i < t.num_elements(); ++i) {
    if (!std::isfinite(v[i])) continue;
    r.min = std::min(r.min, v[i]);
    r.max = std::max(r.max, v[i]);
  }
  return r;
}

struct Params {
  float scale;
  int64_t zero_point;
};

class Rewriter {
 public:
  Rewriter(const ir::Graph& g, const CalibratedRanges& ranges, const PrecisionPlan& plan,
           const QuantizeGraphOptions& options)
      : in_(g), ranges_(ranges), plan_(plan), options_(options) {}

  QuantizedGraph run() {
    require_float_model(in_);
    home_precisions();
    tie_slots();
    choose_group_params();
    build();
    return std::move(out_);
  }

 private:
  Precision op_precision(size_t i) const { return plan_.op_precision.at(i); }

  // The precision each float activation is stored in: its producer's; a graph input takes that of its
  // first integer reader (so an int16 first layer gets an int16 input, not a requantized int8 one).
  void home_precisions() {
    home_.assign(in_.tensors.size(), Precision::kFloat);
    std::vector<bool> produced(in_.tensors.size(), false);
    for (size_t i = 0; i < in_.ops.size(); ++i) {
      for (int32_t t : in_.ops[i].outputs) {
        home_[static_cast<size_t>(t)] = op_precision(i);
        produced[static_cast<size_t>(t)] = true;
      }
    }
    for (int32_t t : in_.inputs) {
      if (!is_float_activation(in_.tensor(t)) || produced[static_cast<size_t>(t)]) continue;
      for (int32_t c : ir::consumers(in_, t)) {
        if (reads_shape_only(in_.ops[static_cast<size_t>(c)])) continue;
        home_[static_cast<size_t>(t)] = op_precision(static_cast<size_t>(c));
        if (home_[static_cast<size_t>(t)] != Precision::kFloat) break;
      }
    }
  }

  void tie_slots() {
    for (size_t i = 0; i < in_.ops.size(); ++i) {
      const ir::Op& op = in_.ops[i];
      const Precision p = op_precision(i);
      if (p == Precision::kFloat || reads_shape_only(op)) continue;
      const opdefs::QuantFacts& q = opdefs::op_def(op.type).quant;
      for (int32_t t : op.inputs) {
        if (t != ir::kNoTensor && in_.tensor(t).dtype == DType::kFloat32) ties_.id({t, p});
      }
      for (size_t k = 0; k < op.outputs.size(); ++k) {
        const int32_t out = op.outputs[k];
        if (!is_float_activation(in_.tensor(out))) continue;
        ties_.id({out, p});
        if (k < q.outputs.size() && q.outputs[k].rule == opdefs::OutputQuantRule::kSameAsInput) {
          const int32_t src = op.inputs.at(static_cast<size_t>(q.outputs[k].input));
          if (src != ir::kNoTensor && in_.tensor(src).dtype == DType::kFloat32) ties_.join({out, p}, {src, p});
        }
        if (k < q.outputs.size() && q.outputs[k].rule == opdefs::OutputQuantRule::kFixed) {
          const auto fixed = opdefs::fixed_output_quant(op.type, k, dtype_of(p), dtype_of(p));
          if (fixed) fixed_[{out, p}] = Params{static_cast<float>(fixed->scale), fixed->zero_point};
        }
      }
      if (q.inputs_share_output_quant && !op.outputs.empty() && is_float_activation(in_.tensor(op.outputs[0]))) {
        for (size_t k = 0; k < op.inputs.size(); ++k) {
          const int32_t t = op.inputs[k];
          if (t == ir::kNoTensor || in_.tensor(t).dtype != DType::kFloat32) continue;
          ties_.join({op.outputs[0], p}, {t, p});
        }
      }
    }
  }

  std::optional<TensorRange> range_of(int32_t t, Precision p) const {
    const ir::Tensor& tensor = in_.tensor(t);
    if (tensor.is_constant()) return range_of_constant(tensor);
    const auto& ranges = p == Precision::kInt16 ? ranges_.int16 : ranges_.int8;
    if (static_cast<size_t>(t) < ranges.size() && ranges[static_cast<size_t>(t)]) return ranges[static_cast<size_t>(t)];
    return std::nullopt;
  }

  void choose_group_params() {
    std::map<int32_t, TensorRange> group_range;
    std::map<int32_t, Params> group_fixed;
    for (size_t s = 0; s < ties_.slots().size(); ++s) {
      const Slot slot = ties_.slots()[s];
      const int32_t root = ties_.find(static_cast<int32_t>(s));
      if (auto f = fixed_.find(slot); f != fixed_.end()) group_fixed.emplace(root, f->second);
      if (auto r = range_of(slot.tensor, slot.precision)) {
        auto [it, inserted] = group_range.try_emplace(root, *r);
        if (!inserted) {
          it->second.min = std::min(it->second.min, r->min);
          it->second.max = std::max(it->second.max, r->max);
        }
      }
    }
    for (size_t s = 0; s < ties_.slots().size(); ++s) {
      const Slot slot = ties_.slots()[s];
      const int32_t root = ties_.find(static_cast<int32_t>(s));
      if (auto f = group_fixed.find(root); f != group_fixed.end()) {
        params_[slot] = f->second;
        continue;
      }
      const auto r = group_range.find(root);
      if (r == group_range.end()) {
        throw Error("no calibrated range for tensor '" + in_.tensor(slot.tensor).name + "'",
                    "the calibration data never reached it; check that every model input gets data");
      }
      const QuantParams qp = params_for_range(Range{r->second.min, r->second.max}, dtype_of(slot.precision));
      params_[slot] = Params{qp.scale, qp.zero_point};
    }
  }

  // --- building the integer graph ------------------------------------------------------------------

  void set_quant(ir::Tensor& t, Precision p, Params params) {
    t.dtype = dtype_of(p);
    t.quant = {};
    t.quant.scale = {params.scale};
    t.quant.zero_point = {params.zero_point};
  }

  int32_t add_tensor(ir::Tensor t, int32_t source) {
    const int32_t i = ir::add_tensor(out_.graph, std::move(t));
    out_.source_tensor.resize(out_.graph.tensors.size(), ir::kNoTensor);
    out_.source_tensor[static_cast<size_t>(i)] = source;
    return i;
  }

  void add_op(ir::Op op, int32_t source_op) {
    op.index = static_cast<int32_t>(out_.graph.ops.size());
    out_.graph.ops.push_back(std::move(op));
    out_.source_op.push_back(source_op);
  }

  void add_conversion(int32_t from, int32_t to) {
    ir::Op op;
    const bool to_float = out_.graph.tensor(to).dtype == DType::kFloat32;
    op.type = to_float ? OpType::DEQUANTIZE : OpType::QUANTIZE;
    op.name = to_float ? "DEQUANTIZE" : "QUANTIZE";
    op.inputs = {from};
    op.outputs = {to};
    add_op(std::move(op), -1);
  }

  // Float activation `t` as precision `p`: the tensor itself, or a converted copy made once.
  int32_t activation_as(int32_t t, Precision p) {
    if (home_[static_cast<size_t>(t)] == p) return t;
    if (auto it = converted_.find({t, p}); it != converted_.end()) return it->second;
    ir::Tensor copy = in_.tensor(t);
    copy.name += p == Precision::kFloat ? "_dequantized" : std::string("_") + precision_name(p);
    copy.kind = ir::TensorKind::kActivation;
    copy.data.clear();
    if (p == Precision::kFloat) {
      copy.dtype = DType::kFloat32;
      copy.quant = {};
    } else {
      set_quant(copy, p, params_.at({t, p}));
    }
    const int32_t c = add_tensor(std::move(copy), t);
    add_conversion(t, c);
    converted_[{t, p}] = c;
    return c;
  }

  int32_t quantized_constant(int32_t t, Precision p, const std::optional<Params>& tied) {
    const ir::Tensor& f = in_.tensor(t);
    Params params;
    if (tied) {
      params = *tied;
    } else {
      const TensorRange r = range_of_constant(f);
      const QuantParams qp = params_for_range(Range{r.min, r.max}, dtype_of(p));
      params = Params{qp.scale, qp.zero_point};
    }
    ir::Tensor q = f;
    set_quant(q, p, params);
    const int64_t n = f.num_elements();
    const float* v = f.data_as<float>();
    const double lo = p == Precision::kInt8 ? -128 : -32768, hi = p == Precision::kInt8 ? 127 : 32767;
    q.data.assign(static_cast<size_t>(n) * ir::dtype_size(q.dtype), 0);
    for (int64_t i = 0; i < n; ++i) {
      const double x = std::clamp(std::round(static_cast<double>(v[i]) / params.scale) + static_cast<double>(params.zero_point), lo, hi);
      if (p == Precision::kInt8) {
        q.data[static_cast<size_t>(i)] = static_cast<uint8_t>(static_cast<int8_t>(x));
      } else {
        const int16_t s = static_cast<int16_t>(x);
        std::memcpy(&q.data[static_cast<size_t>(i) * 2], &s, 2);
      }
    }
    return add_tensor(std::move(q), ir::kNoTensor);
  }

  int32_t quantized_bias(int32_t t, const ir::Tensor& input, const ir::Tensor& weights, Precision p) {
    const ir::Tensor& f = in_.tensor(t);
    const int64_t n = f.num_elements();
    ir::Tensor q = f;
    q.dtype = p == Precision::kInt8 ? DType::kInt32 : DType::kInt64;
    q.quant = {};
    q.data.assign(static_cast<size_t>(n) * ir::dtype_size(q.dtype), 0);
    const float* v = f.data_as<float>();
    const double limit = bias_limit(p);
    for (int64_t c = 0; c < n; ++c) {
      const size_t wc = weights.quant.scale.size() > 1 ? static_cast<size_t>(c) : 0;
      // Scales multiplied in float32, as the converter and the kernels' checks do.
      const float scale = input.quant.scale[0] * weights.quant.scale[wc];
      q.quant.scale.push_back(scale);
      q.quant.zero_point.push_back(0);
      const double x = std::clamp(std::round(static_cast<double>(v[c]) / scale), -limit, limit);
      if (q.dtype == DType::kInt32) {
        const int32_t s = static_cast<int32_t>(x);
        std::memcpy(&q.data[static_cast<size_t>(c) * 4], &s, 4);
      } else {
        const int64_t s = static_cast<int64_t>(x);
        std::memcpy(&q.data[static_cast<size_t>(c) * 8], &s, 8);
      }
    }
    if (q.quant.scale.size() == 1) q.quant.axis = 0;
    return add_tensor(std::move(q), ir::kNoTensor);
  }

  // The largest |bias| the integer kernel takes: int32 for int8, TFLM's 2^46 for int16x8's int64.
  static double bias_limit(Precision p) { return p == Precision::kInt8 ? 2147483647.0 : 70368744177663.0; }

  void quantize_weights_and_bias(const ir::Op& src, ir::Op& op, const opdefs::QuantFacts& q, Precision p) {
    const size_t wi = static_cast<size_t>(q.weights->input);
    if (wi >= src.inputs.size() || src.inputs[wi] == ir::kNoTensor) return;
    const ir::Tensor& w = in_.tensor(src.inputs[wi]);
    if (!w.is_constant() || w.dtype != DType::kFloat32) return;
    const int32_t axis = q.weights->per_channel_allowed ? q.weights->channel_axis : -1;
    std::optional<size_t> bi;
    if (q.bias && static_cast<size_t>(q.bias->input) < src.inputs.size() && src.inputs[static_cast<size_t>(q.bias->input)] != ir::kNoTensor &&
        in_.tensor(src.inputs[static_cast<size_t>(q.bias->input)]).is_constant() &&
        in_.tensor(src.inputs[static_cast<size_t>(q.bias->input)]).dtype == DType::kFloat32) {
      bi = static_cast<size_t>(q.bias->input);
    }
    std::vector<float> min_scale;
    if (bi) {
      const ir::Tensor& b = in_.tensor(src.inputs[*bi]);
      const float in_scale = out_.graph.tensor(op.inputs.at(static_cast<size_t>(q.bias->activation))).quant.scale.at(0);
      const float* bv = b.data_as<float>();
      for (int64_t c = 0; c < b.num_elements(); ++c) {
        // 2x headroom: the bias correction may move it, and float rounding must not cross the limit.
        min_scale.push_back(static_cast<float>(2.0 * std::fabs(bv[c]) / (static_cast<double>(in_scale) * bias_limit(p))));
      }
      if (axis < 0 && !min_scale.empty()) min_scale = {*std::max_element(min_scale.begin(), min_scale.end())};
    }
    op.inputs[wi] = add_tensor(quantize_weights(w, axis, min_scale), ir::kNoTensor);
    if (bi) {
      const ir::Tensor& input = out_.graph.tensor(op.inputs.at(static_cast<size_t>(q.bias->activation)));
      const ir::Tensor& weights = out_.graph.tensor(op.inputs[wi]);
      op.inputs[*bi] = quantized_bias(src.inputs[*bi], input, weights, p);
    }
  }

  void clear_hybrid_options(ir::Op& op) {
    if (auto* fc = std::get_if<ir::FullyConnectedOptions>(&op.options)) fc->asymmetric_quantize_inputs = false;
    if (auto* bm = std::get_if<ir::BatchMatMulOptions>(&op.options)) bm->asymmetric_quantize_inputs = false;
  }

  void build_op(size_t i) {
    const ir::Op& src = in_.ops[i];
    ir::Op op = src;
    const Precision p = op_precision(i);
    if (reads_shape_only(src)) {
      add_op(std::move(op), static_cast<int32_t>(i));
      return;
    }
    const opdefs::QuantFacts& q = opdefs::op_def(src.type).quant;
    const bool integer = p != Precision::kFloat;
    auto role = [&](size_t k) {
      if (q.weights && static_cast<size_t>(q.weights->input) == k) return 'w';
      if (q.bias && static_cast<size_t>(q.bias->input) == k) return 'b';
      return 'c';
    };
    // Activations first (the bias needs the input's scale), then plain constants, weights, the bias.
    for (size_t k = 0; k < src.inputs.size(); ++k) {
      const int32_t t = src.inputs[k];
      if (t == ir::kNoTensor || in_.tensor(t).dtype != DType::kFloat32) continue;
      if (!in_.tensor(t).is_constant()) {
        op.inputs[k] = activation_as(t, p);
      } else if (integer && role(k) == 'c') {
        const auto tied = params_.find({t, p});
        op.inputs[k] = quantized_constant(t, p, tied != params_.end() ? std::optional<Params>(tied->second) : std::nullopt);
      }
    }
    if (integer && q.weights) quantize_weights_and_bias(src, op, q, p);
    if (integer) clear_hybrid_options(op);
    add_op(std::move(op), static_cast<int32_t>(i));
  }

  void build() {
    out_.graph = in_;
    out_.graph.ops.clear();
    out_.source_tensor.assign(in_.tensors.size(), ir::kNoTensor);
    for (size_t t = 0; t < in_.tensors.size(); ++t) {
      ir::Tensor& tensor = out_.graph.tensors[t];
      if (!is_float_activation(in_.tensors[t])) continue;
      out_.source_tensor[t] = static_cast<int32_t>(t);
      const Precision p = home_[t];
      if (p == Precision::kFloat) continue;
      const auto it = params_.find({static_cast<int32_t>(t), p});
      if (it == params_.end()) {
        // A graph input read only by SHAPE, or a tensor nobody reads in integer form: per its own range.
        const auto r = range_of(static_cast<int32_t>(t), p).value_or(TensorRange{0, 0});
        const QuantParams qp = params_for_range(Range{r.min, r.max}, dtype_of(p));
        set_quant(tensor, p, Params{qp.scale, qp.zero_point});
      } else {
        set_quant(tensor, p, it->second);
      }
    }
    std::vector<int32_t> float_inputs;
    if (options_.float_io) float_inputs = float_edges_in();
    for (size_t i = 0; i < in_.ops.size(); ++i) build_op(i);
    if (options_.float_io) {
      out_.graph.inputs = float_inputs;
      float_edges_out();
    }
    ir::renumber_ops(out_.graph);
  }

  // --io float: each integer graph input becomes a float32 input followed by QUANTIZE.
  std::vector<int32_t> float_edges_in() {
    std::vector<int32_t> inputs;
    for (int32_t t : in_.inputs) {
      if (out_.graph.tensor(t).dtype == DType::kFloat32 || in_.tensor(t).dtype != DType::kFloat32) {
        inputs.push_back(t);
        continue;
      }
      ir::Tensor f = in_.tensor(t);
      f.name += "_float";
      const int32_t fi = add_tensor(std::move(f), t);
      add_conversion(fi, t);
      inputs.push_back(fi);
    }
    return inputs;
  }

  // --io float: each integer graph output is followed by DEQUANTIZE into a float32 output.
  void float_edges_out() {
    for (int32_t& t : out_.graph.outputs) {
      if (out_.graph.tensor(t).dtype == DType::kFloat32 || in_.tensor(t).dtype != DType::kFloat32) continue;
      ir::Tensor f = in_.tensor(t);
      f.name += "_float";
      const int32_t fo = add_tensor(std::move(f), t);
      add_conversion(t, fo);
      t = fo;
    }
  }

  const ir::Graph& in_;
  const CalibratedRanges& ranges_;
  const PrecisionPlan& plan_;
  QuantizeGraphOptions options_;
  std::vector<Precision> home_;
  Ties ties_;
  std::map<Slot, Params> fixed_;
  std::map<Slot, Params> params_;
  std::map<Slot, int32_t> converted_;
  QuantizedGraph out_;
};

}  // namespace

QuantizedGraph quantize_graph(const ir::Graph& float_graph, const CalibratedRanges& ranges,
                              const PrecisionPlan& plan, const QuantizeGraphOptions& options) {
  if (plan.op_precision.size() != float_graph.ops.size()) {
    throw std::logic_error("quantize_graph: the precision plan does not match the graph");
  }
  return Rewriter(float_graph, ranges, plan, options).run();
}

}  // namespace mcuforge::quantize
