// SPDX-License-Identifier: Apache-2.0
// The reduction family, one prepare for all: MEAN, SUM, REDUCE_MAX, REDUCE_MIN, REDUCE_ALL (TFLM's
// reduce.cc).
// A row of kReductions says what differs between them (dtypes TFLM runs, which kernel family, whether
// the output keeps the input's quantization, whether 1/count is folded into the requantization); the
// shared prepare validates the operands and the constant axes, and turns the shape into the kernels'
// runs (runtime/include/mcuforge/mf_reduce.h). The prepare_<stem> functions of ops.def are at the end.
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <bit>
#include <cstring>
#include <variant>

#include "ops/call_writer.h"
#include "mcuforge/mf_reduce.h"
#include "ops/data_move_util.h"
#include "ops/elementwise_util.h"
#include "ops/op.h"
#include "ops/quant_util.h"

namespace mcuforge::ops {
namespace {

enum class Family : uint8_t { kSum, kMinMax };

struct Reduction {
  ir::OpType type;
  Family family;
  bool mean;    // kSum: divide by the reduced element count
  bool is_max;  // kMinMax
  bool int16;   // TFLM runs the int16 form
  const char* dtypes;  // for messages: what TFLM runs
  bool boolean = false;  // REDUCE_ALL: bool only
};

constexpr std::array kReductions = {
    Reduction{ir::OpType::MEAN, Family::kSum, true, false, true, "float32, int8 and int16"},
    Reduction{ir::OpType::SUM, Family::kSum, false, false, true, "float32, int8 and int16"},
    Reduction{ir::OpType::REDUCE_MAX, Family::kMinMax, false, true, false, "float32 and int8"},
    Reduction{ir::OpType::REDUCE_MIN, Family::kMinMax, false, false, false, "float32 and int8"},
    // A logical AND over bools (0/1 bytes) is their minimum: TFLM's `in && current` from true.
    Reduction{ir::OpType::REDUCE_ALL, Family::kMinMax, false, false, false, "bool", true},
};

const Reduction& reduction_of(ir::OpType type) {
  for (const Reduction& r : kReductions)
    if (r.type == type) return r;
  throw std::logic_error("internal error: op type is not a reduction");
}

std::string shape_initializer(const mf_reduce_shape& s) {
  return fmt::format("{{{}, {}, {}, {}, {}, {}}}", s.outer, s.runs, int_list(s.dims, MF_REDUCE_MAX_RUNS), s.block_in,
                     s.block_out, s.count);
}

// Integer SUM / MEAN: int32 sums per output in scratch, then the requantization.
class ReduceSumQ : public PreparedOp {
 public:
  ReduceSumQ(const mf_reduce_sum_q_params& p, ir::DType dtype) : p_(p), dtype_(dtype) {}
  void run(const OpBuffers& b) const override {
    auto* scratch = static_cast<int32_t*>(b.scratch);
    if (dtype_ == ir::DType::kInt8) {
      check_status(mf_reduce_sum_s8(&p_, static_cast<const int8_t*>(b.inputs[0]), static_cast<int8_t*>(b.outputs[0]),
                                    scratch),
                   "mf_reduce_sum_s8");
    } else {
      check_status(mf_reduce_sum_s16(&p_, static_cast<const int16_t*>(b.inputs[0]),
                                     static_cast<int16_t*>(b.outputs[0]), scratch),
                   "mf_reduce_sum_s16");
    }
  }
  // The sums of one block; a block with a single output sums in a register.
  size_t scratch_bytes() const override {
    return p_.shape.block_out > 1 ? static_cast<size_t>(p_.shape.block_out) * sizeof(int32_t) : 0;
  }
  std::string kernel_name() const override {
    if (dtype_ == ir::DType::kInt16) return "mf_reduce_sum_s16";
    return dsp_ ? "mf_reduce_sum_s8__cm_dsp" : "mf_reduce_sum_s8";
  }
  // Global average pooling and trailing-axis sums in SIMD (same bytes, same scratch, same order of
  // writes: kernels/arch/cm_dsp/mf_reduce_sum_s8__cm_dsp.c).
  void select_variant(const TargetFeatures& t) override { dsp_ = t.dsp && dtype_ == ir::DType::kInt8; }
  void emit(CallWriter& ctx) const override {
    const std::string params = ctx.constant(
        "mf_reduce_sum_q_params", "params",
        fmt::format("{{{}, {}, {}, {}}}", shape_initializer(p_.shape), p_.input_zero_point, p_.output_zero_point,
                    CallWriter::requant(p_.requant)));
    ctx.call(kernel_name(), {"&" + params, ctx.input(0), ctx.output(0), ctx.scratch()});
  }
  // Each block's outputs are written after the block is read, at or below it.
  int32_t inplace_input() const override { return 0; }

 private:
  mf_reduce_sum_q_params p_;
  ir::DType dtype_;
  bool dsp_ = false;  // generated code calls mf_reduce_sum_s8__cm_dsp (select_variant)
};

class ReduceSumF32 : public PreparedOp {
 public:
  explicit ReduceSumF32(const mf_reduce_sum_f32_params& p) : p_(p) {}
  void run(const OpBuffers& b) const override {
    check_status(mf_reduce_sum_f32(&p_, static_cast<const float*>(b.inputs[0]), static_cast<float*>(b.outputs[0])),
                 "mf_reduce_sum_f32");
  }
  std::string kernel_name() const override { return "mf_reduce_sum_f32"; }
  void emit(CallWriter& ctx) const override {
    const std::string params = ctx.constant("mf_reduce_sum_f32_params", "params",
                                            fmt::format("{{{}, {}}}", shape_initializer(p_.shape), p_.divide));
    ctx.call(kernel_name(), {"&" + params, ctx.input(0), ctx.output(0)});
  }
  // Outputs are written at or below the input element just read (mf_reduce.h).
  int32_t inplace_input() const override { return 0; }

 private:
  mf_reduce_sum_f32_params p_;
};

class ReduceMinMax : public PreparedOp {
 public:
  ReduceMinMax(const mf_reduce_minmax_params& p, ir::DType dtype) : p_(p), dtype_(dtype) {}
  void run(const OpBuffers& b) const override {
    if (dtype_ != ir::DType::kFloat32) {
      check_status(mf_reduce_minmax_s8(&p_, static_cast<const int8_t*>(b.inputs[0]),
                                       static_cast<int8_t*>(b.outputs[0])),
                   "mf_reduce_minmax_s8");
    } else {
      check_status(mf_reduce_minmax_f32(&p_, static_cast<const float*>(b.inputs[0]),
                                        static_cast<float*>(b.outputs[0])),
                   "mf_reduce_minmax_f32");
    }
  }
  std::string kernel_name() const override {
    return dtype_ == ir::DType::kFloat32 ? "mf_reduce_minmax_f32" : "mf_reduce_minmax_s8";
  }
  void emit(CallWriter& ctx) const override {
    const std::string params = ctx.constant("mf_reduce_minmax_params", "params",
                                            fmt::format("{{{}, {}}}", shape_initializer(p_.shape), p_.is_max));
    // bool tensors are uint8_t in generated code; the int8 kernel sees the same 0/1 bytes.
    const bool boolean = dtype_ == ir::DType::kBool;
    ctx.call(kernel_name(), {"&" + params, boolean ? "(const int8_t*)" + ctx.input(0) : ctx.input(0),
                             boolean ? "(int8_t*)" + ctx.output(0) : ctx.output(0)});
  }
  int32_t inplace_input() const override { return 0; }

 private:
  mf_reduce_minmax_params p_;
  ir::DType dtype_;
};

// The resolved axes as TFLM's ResolveAxis gives them (negative values wrapped, duplicates dropped),
// as a per-dimension flag. A scalar input has nothing to reduce: TFLM ignores its axes.
std::vector<bool> reduced_axes(const ir::Graph& g, const ir::Op& op, int32_t rank) {
  const ir::Tensor& axis = g.tensor(op.inputs[1]);
  const std::vector<int32_t> axes = constant_indices(g, op, 1, "axis");
  if (axis.rank() > 1) {
    op_error(op, "the axis tensor has shape " + ir::shape_to_string(axis.shape) + "; it must be a scalar or 1-D");
  }
  std::vector<bool> reduced(static_cast<size_t>(rank), false);
  if (rank == 0) return reduced;
  for (int32_t a : axes) {
    if (a < -rank || a >= rank) {
      op_error(op, "axis " + std::to_string(a) + " is outside the input's rank " + std::to_string(rank),
               "axes must lie in [-rank, rank); re-export the model");
    }
    reduced[static_cast<size_t>(a < 0 ? a + rank : a)] = true;
  }
  return reduced;
}

// The output shape TFLite gives the op: reduced dimensions dropped, or kept as 1 with keep_dims.
std::vector<int32_t> reduced_shape(const std::vector<int32_t>& in, const std::vector<bool>& reduced, bool keep_dims) {
  std::vector<int32_t> out;
  for (size_t d = 0; d < in.size(); ++d) {
    if (!reduced[d]) out.push_back(in[d]);
    else if (keep_dims) out.push_back(1);
  }
  return out;
}

// Runs of the kernels' shape: size-1 dimensions dropped, neighbours with the same role merged, the
// kept prefix split off as `outer`; the count is the product of the reduced dimensions.
mf_reduce_shape make_runs(const ir::Op& op, const std::vector<int32_t>& in, const std::vector<bool>& reduced) {
  std::vector<std::pair<int64_t, bool>> runs;  // length, reduced
  for (size_t d = 0; d < in.size(); ++d) {
    if (in[d] == 1) continue;
    if (!runs.empty() && runs.back().second == reduced[d]) runs.back().first *= in[d];
    else runs.push_back({in[d], reduced[d]});
  }
  mf_reduce_shape s{};
  s.outer = 1;
  if (!runs.empty() && !runs.front().second) {
    s.outer = static_cast<int32_t>(runs.front().first);
    runs.erase(runs.begin());
  }
  if (runs.size() > MF_REDUCE_MAX_RUNS) op_error(op, "the reduction has more than 8 alternating axis groups");
  s.runs = static_cast<int32_t>(runs.size());
  s.block_in = s.block_out = s.count = 1;
  for (int32_t& d : s.dims) d = 1;
  for (size_t k = 0; k < runs.size(); ++k) {
    s.dims[k] = static_cast<int32_t>(runs[k].first);
    s.block_in *= s.dims[k];
    (k % 2 == 0 ? s.count : s.block_out) *= s.dims[k];
  }
  return s;
}

// TFLM's QuantizedMeanOrSum folds 1/count into the requantization: the multiplier is scaled up by
// 2^k (k = floor(log2 count), at most 32 and at most 31 + shift) and divided by count, truncating.
mf_requant fold_mean(mf_requant r, int64_t count) {
  int shift = static_cast<int>(std::bit_width(static_cast<uint64_t>(count))) - 1;
  shift = std::min(shift, 32);
  shift = std::min(shift, 31 + r.shift);
  r.multiplier = static_cast<int32_t>((static_cast<int64_t>(r.multiplier) << shift) / count);
  r.shift -= shift;
  return r;
}

std::unique_ptr<PreparedOp> prepare_reduce(const ir::Graph& g, const ir::Op& op) {
  const Reduction& kind = reduction_of(op.type);
  require_operands(op, 2, 1);
  const ir::Tensor& in = g.tensor(op.inputs[0]);
  const ir::Tensor& out = g.op_output(op, 0);
  const ir::DType t = in.dtype;
  const bool supported = kind.boolean ? t == ir::DType::kBool
                                      : t == ir::DType::kFloat32 || t == ir::DType::kInt8 ||
                                            (t == ir::DType::kInt16 && kind.int16);
  if (!supported || out.dtype != t) {
    op_error(op, "types " + dtype_signature(g, op) + " are not supported: TFLM (and mcuforge) run " + op.name +
                     " with " + kind.dtypes + " input and the same output type",
             kind.boolean ? "REDUCE_ALL reduces bool tensors only; re-export the model"
                          : "convert the model to one of those types (full int8, int16x8 or float32)");
  }
  const auto* options = std::get_if<ir::ReducerOptions>(&op.options);
  const bool keep_dims = options && options->keep_dims;
  const std::vector<bool> reduced = reduced_axes(g, op, in.rank());
  if (in.num_elements() == 0) op_error(op, "the input '" + in.name + "' has no elements");
  const std::vector<int32_t> expected = reduced_shape(in.shape, reduced, keep_dims);
  if (out.shape != expected) {
    op_error(op, "output shape " + ir::shape_to_string(out.shape) + " should be " + ir::shape_to_string(expected) +
                     " (input " + ir::shape_to_string(in.shape) + (keep_dims ? ", keep_dims" : "") + ")");
  }
  const mf_reduce_shape shape = make_runs(op, in.shape, reduced);

  if (t == ir::DType::kInt8 || t == ir::DType::kInt16) {
    check_per_tensor_quant(op, in, "input");
    check_per_tensor_quant(op, out, "output");
  }
  if (kind.family == Family::kMinMax) {
    if (t == ir::DType::kInt8 && !ew_same_quant(in, out)) {
      op_error(op, "the output's scale and zero point differ from the input's",
               "TFLM's int8 " + op.name + " copies values: quantize the output like the input");
    }
    return std::make_unique<ReduceMinMax>(mf_reduce_minmax_params{shape, kind.is_max ? 1 : 0}, t);
  }
  if (t == ir::DType::kFloat32) {
    return std::make_unique<ReduceSumF32>(mf_reduce_sum_f32_params{shape, kind.mean ? 1 : 0});
  }
  mf_requant r = quantize_multiplier(static_cast<double>(in.quant.scale[0]) / static_cast<double>(out.quant.scale[0]));
  if (r.shift > 31) {
    op_error(op, "the input scale is more than 2^31 times the output scale",
             "re-quantize the model; TFLM's requantization cannot represent this ratio");
  }
  if (kind.mean) r = fold_mean(r, shape.count);
  mf_reduce_sum_q_params p{};
  p.shape = shape;
  p.input_zero_point = zero_point_of(in);
  p.output_zero_point = zero_point_of(out);
  p.requant = r;
  return std::make_unique<ReduceSumQ>(p, t);
}

}  // namespace

std::unique_ptr<PreparedOp> prepare_mean(const ir::Graph& g, const ir::Op& op) { return prepare_reduce(g, op); }
std::unique_ptr<PreparedOp> prepare_sum(const ir::Graph& g, const ir::Op& op) { return prepare_reduce(g, op); }
std::unique_ptr<PreparedOp> prepare_reduce_max(const ir::Graph& g, const ir::Op& op) { return prepare_reduce(g, op); }
std::unique_ptr<PreparedOp> prepare_reduce_min(const ir::Graph& g, const ir::Op& op) { return prepare_reduce(g, op); }
std::unique_ptr<PreparedOp> prepare_reduce_all(const ir::Graph& g, const ir::Op& op) { return prepare_reduce(g, op); }

}  // namespace mcuforge::ops
