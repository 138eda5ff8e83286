// SPDX-License-Identifier: Apache-2.0
#include "ops/data_move_util.h"

#include <fmt/format.h>

#include <cstring>
#include <limits>

#include "mcuforge/mf_concatenation.h"
#include "mcuforge/mf_split.h"
#include "ops/call_writer.h"
#include "ops/conv_util.h"
#include "ops/op.h"

namespace mcuforge::ops {

std::string int_list(const int32_t* values, size_t n) {
  std::string s = "{";
  for (size_t i = 0; i < n; ++i) {
    if (i) s += ", ";
    s += std::to_string(values[i]);
  }
  s += "}";
  return s;
}

int32_t movable_element_bytes(const ir::Op& op, const ir::Tensor& t, const std::string& role) {
  const size_t n = ir::dtype_size(t.dtype);
  if (n == 0) {
    op_error(op, role + " has type " + std::string(ir::dtype_name(t.dtype)) + ", which has no fixed size",
             "only fixed-size element types (int8, int16, int32, int64, float32, ...) can be moved");
  }
  return static_cast<int32_t>(n);
}

bool same_quantization(const ir::Tensor& a, const ir::Tensor& b) {
  return a.quant.scale == b.quant.scale && a.quant.zero_point == b.quant.zero_point;
}

void require_same_type(const ir::Op& op, const ir::Tensor& t, const ir::Tensor& out, const std::string& role) {
  if (t.dtype != out.dtype) {
    op_error(op, role + " has type " + std::string(ir::dtype_name(t.dtype)) + " but the output has " +
                     std::string(ir::dtype_name(out.dtype)),
             "this op moves data unchanged; insert a CAST or QUANTIZE if a conversion is meant");
  }
  if (!same_quantization(t, out)) {
    op_error(op, role + " and the output have different quantization (scale/zero point)",
             "this op copies quantized values unchanged (as TFLM does), which is only correct with equal "
             "quantization; requantize with a QUANTIZE op, or re-export the model");
  }
}

int32_t normalize_axis(const ir::Op& op, int32_t axis, int32_t rank, const std::string& what) {
  if (axis < -rank || axis >= rank) {
    op_error(op, what + " " + std::to_string(axis) + " is outside [" + std::to_string(-rank) + ", " +
                     std::to_string(rank) + ")",
             "the model is inconsistent; re-export it");
  }
  return axis < 0 ? axis + rank : axis;
}

int64_t dims_product(const std::vector<int32_t>& shape, size_t begin, size_t end) {
  int64_t p = 1;
  for (size_t i = begin; i < end && i < shape.size(); ++i) p *= shape[i];
  return p;
}

std::vector<int32_t> constant_indices(const ir::Graph& g, const ir::Op& op, size_t k, const std::string& name) {
  const ir::Tensor* t = g.op_input(op, k);
  if (!t) op_error(op, "the " + name + " input is missing");
  if (!t->is_constant()) {
    op_error(op, "the " + name + " tensor '" + t->name + "' is computed at run time",
             "mcuforge (like TFLM) needs it to be a constant in the model; it becomes one automatically "
             "when it only depends on constants and static shapes (constant folding), otherwise "
             "re-export the model with a fixed " + name);
  }
  std::vector<int32_t> v;
  const int64_t n = t->num_elements();
  if (t->dtype == ir::DType::kInt32) {
    v.resize(static_cast<size_t>(n));
    if (n > 0) std::memcpy(v.data(), t->data.data(), static_cast<size_t>(n) * 4);
  } else if (t->dtype == ir::DType::kInt64) {
    for (int64_t i = 0; i < n; ++i) {
      int64_t x;
      std::memcpy(&x, t->data.data() + i * 8, 8);
      if (x < std::numeric_limits<int32_t>::min() || x > std::numeric_limits<int32_t>::max()) {
        op_error(op, "the " + name + " tensor holds " + std::to_string(x) + ", which does not fit int32");
      }
      v.push_back(static_cast<int32_t>(x));
    }
  } else {
    op_error(op, "the " + name + " tensor has type " + std::string(ir::dtype_name(t->dtype)),
             "it must be int32 (or int64)");
  }
  return v;
}

void require_operands(const ir::Op& op, size_t inputs, size_t outputs) {
  bool ok = op.inputs.size() == inputs && op.outputs.size() == outputs;
  for (int32_t i : op.inputs) ok = ok && i != ir::kNoTensor;
  if (!ok) {
    op_error(op, "expects " + std::to_string(inputs) + " input(s) and " + std::to_string(outputs) +
                     " output(s), got " + std::to_string(op.inputs.size()) + " and " +
                     std::to_string(op.outputs.size()),
             "the model is inconsistent; re-export it");
  }
}

namespace {

std::vector<std::string> int_elements(const std::vector<int32_t>& v) {
  std::vector<std::string> out;
  out.reserve(v.size());
  for (int32_t x : v) out.push_back(std::to_string(x));
  return out;
}

// The part sizes live in the op (a vector); the C params point at them, as generated code points at a
// static array.
class Gather : public PreparedOp {
 public:
  Gather(int32_t outer, std::vector<int32_t> parts) : outer_(outer), parts_(std::move(parts)) {}
  void run(const OpBuffers& b) const override {
    const mf_concatenation_params p = {outer_, static_cast<int32_t>(parts_.size()), parts_.data()};
    check_status(mf_concatenation(&p, b.inputs.data(), b.outputs[0]), "mf_concatenation");
  }
  std::string kernel_name() const override { return "mf_concatenation"; }
  // The input pointers become a file-scope `static const void* const` array: arena slices
  // ("(const int8_t*)(m_arena + 16)"), weight and state arrays are all address constants in C99.
  void emit(CallWriter& ctx) const override {
    const std::string parts = ctx.array("int32_t", "part_bytes", int_elements(parts_));
    const std::string params = ctx.constant("mf_concatenation_params", "params",
                                            fmt::format("{{{}, {}, {}}}", outer_, parts_.size(), parts));
    std::vector<std::string> inputs;
    for (size_t k = 0; k < ctx.op().inputs.size(); ++k) inputs.push_back(ctx.input(k));
    const std::string in_array = ctx.array("void* const", "inputs", inputs);
    ctx.call("mf_concatenation", {address_of(params), in_array, ctx.output(0)});
  }

 private:
  int32_t outer_;
  std::vector<int32_t> parts_;
};

class Scatter : public PreparedOp {
 public:
  Scatter(int32_t outer, std::vector<int32_t> parts, size_t data_input)
      : outer_(outer), parts_(std::move(parts)), data_input_(data_input) {}
  void run(const OpBuffers& b) const override {
    const mf_split_params p = {outer_, static_cast<int32_t>(parts_.size()), parts_.data()};
    check_status(mf_split(&p, b.inputs[data_input_], b.outputs.data()), "mf_split");
  }
  std::string kernel_name() const override { return "mf_split"; }
  // The kernel takes `void* const*` (writable targets), which CallWriter::array (always
  // `static const T`) cannot declare; the output pointers become a block-scope
  // `static void* const` array in the invoke function instead, named like the op's other constants.
  void emit(CallWriter& ctx) const override {
    const std::string parts = ctx.array("int32_t", "part_bytes", int_elements(parts_));
    const std::string params =
        ctx.constant("mf_split_params", "params", fmt::format("{{{}, {}, {}}}", outer_, parts_.size(), parts));
    // constant() names are "<model>_op<index>_<hint>": reuse that prefix for the local array.
    const std::string out_array = params.substr(0, params.size() - std::string("params").size()) + "outputs";
    std::string decl = fmt::format("static void* const {}[{}] = {{", out_array, ctx.op().outputs.size());
    for (size_t k = 0; k < ctx.op().outputs.size(); ++k) {
      if (k) decl += ", ";
      decl += ctx.output(k);
    }
    decl += "};";
    ctx.statement(decl);
    ctx.call("mf_split", {address_of(params), ctx.input(data_input_), out_array});
  }

 private:
  int32_t outer_;
  std::vector<int32_t> parts_;
  size_t data_input_;
};

}  // namespace

std::unique_ptr<PreparedOp> make_gather(int32_t outer, std::vector<int32_t> part_bytes) {
  return std::make_unique<Gather>(outer, std::move(part_bytes));
}

std::unique_ptr<PreparedOp> make_scatter(int32_t outer, std::vector<int32_t> part_bytes, size_t data_input) {
  return std::make_unique<Scatter>(outer, std::move(part_bytes), data_input);
}

}  // namespace mcuforge::ops
