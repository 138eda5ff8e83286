// SPDX-License-Identifier: Apache-2.0
#include "passes/fold_pad.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <optional>
#include <variant>
#include <vector>

#include "ir/graph_editor.h"
#include "ir/padding.h"

namespace mcuforge::passes {
namespace {

constexpr int64_t kMaxPad = int64_t{1} << 24;  // what the conv kernels' prepare accepts

// Integer values of a constant int32/int64 tensor.
std::optional<std::vector<int64_t>> constant_ints(const ir::Tensor& t) {
  if (!t.is_constant()) return std::nullopt;
  const int64_t n = t.num_elements();
  std::vector<int64_t> v;
  if (t.dtype == ir::DType::kInt32 && static_cast<int64_t>(t.data.size()) == n * 4) {
    for (int64_t i = 0; i < n; ++i) v.push_back(t.data_as<int32_t>()[i]);
  } else if (t.dtype == ir::DType::kInt64 && static_cast<int64_t>(t.data.size()) == n * 8) {
    for (int64_t i = 0; i < n; ++i) v.push_back(t.data_as<int64_t>()[i]);
  } else {
    return std::nullopt;
  }
  return v;
}

int64_t zero_point(const ir::Tensor& t) { return t.quant.zero_point.empty() ? 0 : t.quant.zero_point[0]; }

bool same_quantization(const ir::Tensor& a, const ir::Tensor& b) {
  return a.quant.scale == b.quant.scale && a.quant.zero_point == b.quant.zero_point;
}

// Whether PAD op `pad` writes a value every conv kernel treats like its own (implicit) padding.
bool pads_with_conv_zero(const ir::Graph& g, const ir::Op& pad) {
  const ir::Tensor& x = g.tensor(pad.inputs[0]);
  const bool value_input = pad.inputs.size() == 3 && pad.inputs[2] != ir::kNoTensor;
  switch (x.dtype) {
    case ir::DType::kInt8: {
      int64_t value = zero_point(g.tensor(pad.outputs[0]));  // PAD's default
      if (value_input) {
        const ir::Tensor& v = g.tensor(pad.inputs[2]);
        if (!v.is_constant() || v.dtype != x.dtype || v.data.size() != 1) return false;
        value = static_cast<int8_t>(v.data[0]);
      }
      return value == zero_point(x);
    }
    case ir::DType::kInt16: {
      if (zero_point(x) != 0) return false;
      if (!value_input) return true;  // PAD pads int16 with 0
      const ir::Tensor& v = g.tensor(pad.inputs[2]);
      return v.is_constant() && v.dtype == x.dtype && v.data.size() == 2 && v.data[0] == 0 && v.data[1] == 0;
    }
    case ir::DType::kFloat32: {
      if (!value_input) return true;
      const ir::Tensor& v = g.tensor(pad.inputs[2]);
      if (!v.is_constant() || v.dtype != x.dtype || v.data.size() != 4) return false;
      float value;
      std::memcpy(&value, v.data.data(), 4);
      return value == 0.0f;  // +0.0 or -0.0
    }
    default:
      return false;
  }
}

bool finite_weights(const ir::Tensor& filter) {
  if (filter.dtype != ir::DType::kFloat32) return true;
  const size_t n = filter.data.size() / 4;
  for (size_t i = 0; i < n; ++i) {
    if (!std::isfinite(filter.data_as<float>()[i])) return false;
  }
  return true;
}

ir::Pads* pads_of(ir::Op& op) {
  if (auto* c = std::get_if<ir::Conv2DOptions>(&op.options)) return &c->pads;
  if (auto* d = std::get_if<ir::DepthwiseConv2DOptions>(&op.options)) return &d->pads;
  return nullptr;
}

ir::Padding* padding_of(ir::Op& op) {
  if (auto* c = std::get_if<ir::Conv2DOptions>(&op.options)) return &c->padding;
  if (auto* d = std::get_if<ir::DepthwiseConv2DOptions>(&op.options)) return &d->padding;
  return nullptr;
}

// `conv` reading the PAD's input `x` directly, with the PAD's H/W counts added to its pads; nullopt
// when the fold would not be exact or not expressible.
std::optional<ir::Op> folded_conv(const ir::Graph& g, const ir::Op& conv, int32_t padded, int32_t x,
                                  const std::vector<int64_t>& p) {
  if (conv.type != ir::OpType::CONV_2D && conv.type != ir::OpType::DEPTHWISE_CONV_2D) return std::nullopt;
  if (conv.inputs.empty() || conv.inputs[0] != padded) return std::nullopt;
  if (std::count(conv.inputs.begin(), conv.inputs.end(), padded) != 1) return std::nullopt;
  if (conv.inputs.size() < 2 || conv.inputs[1] == ir::kNoTensor) return std::nullopt;
  const ir::Tensor& filter = g.tensor(conv.inputs[1]);
  if (g.tensor(x).dtype == ir::DType::kFloat32 && (!filter.is_constant() || !finite_weights(filter))) {
    return std::nullopt;
  }
  ir::Op folded = conv;
  ir::Pads* pads = pads_of(folded);
  ir::Padding* padding = padding_of(folded);
  if (!pads || !padding) return std::nullopt;
  const int64_t top = pads->top + p[2], bottom = pads->bottom + p[3], left = pads->left + p[4],
                right = pads->right + p[5];
  if (std::max({top, bottom, left, right}) > kMaxPad) return std::nullopt;
  *pads = ir::Pads{static_cast<int32_t>(top), static_cast<int32_t>(bottom), static_cast<int32_t>(left),
                   static_cast<int32_t>(right)};
  folded.inputs[0] = x;
  *padding = ir::Padding::kExplicit;
  const std::optional<ir::Padding> spelling = ir::implicit_padding(g, folded);
  if (!spelling) return std::nullopt;
  *padding = *spelling;
  return folded;
}

// The convs that replace PAD op `pad`'s readers, or nothing when it cannot be folded.
std::optional<std::vector<std::pair<int32_t, ir::Op>>> fold_plan(const ir::Graph& g, const ir::Op& pad) {
  if ((pad.type != ir::OpType::PAD && pad.type != ir::OpType::PADV2) || pad.outputs.size() != 1) return std::nullopt;
  if (pad.inputs.size() < 2 || pad.inputs.size() > 3 || pad.inputs[0] < 0 || pad.inputs[1] < 0) return std::nullopt;
  const int32_t x = pad.inputs[0], padded = pad.outputs[0];
  const ir::Tensor& in = g.tensor(x);
  const ir::Tensor& out = g.tensor(padded);
  if (in.rank() != 4 || out.rank() != 4 || in.dtype != out.dtype || !same_quantization(in, out)) return std::nullopt;
  if (std::find(g.outputs.begin(), g.outputs.end(), padded) != g.outputs.end()) return std::nullopt;
  const auto p = constant_ints(g.tensor(pad.inputs[1]));
  if (!p || p->size() != 8 || (*p)[0] != 0 || (*p)[1] != 0 || (*p)[6] != 0 || (*p)[7] != 0) return std::nullopt;
  if (std::any_of(p->begin(), p->end(), [](int64_t v) { return v < 0 || v > kMaxPad; })) return std::nullopt;
  for (int a = 0; a < 4; ++a) {
    if (out.dim(a) != in.dim(a) + (*p)[static_cast<size_t>(2 * a)] + (*p)[static_cast<size_t>(2 * a + 1)]) {
      return std::nullopt;  // an inconsistent PAD: prepare reports it
    }
  }
  if (!pads_with_conv_zero(g, pad)) return std::nullopt;
  const std::vector<int32_t> readers = ir::consumers(g, padded);
  if (readers.empty()) return std::nullopt;
  std::vector<std::pair<int32_t, ir::Op>> plan;
  for (int32_t r : readers) {
    auto folded = folded_conv(g, g.ops[static_cast<size_t>(r)], padded, x, *p);
    if (!folded) return std::nullopt;
    plan.emplace_back(r, std::move(*folded));
  }
  return plan;
}

}  // namespace

size_t fold_pad(ir::Graph& g) {
  size_t folded = 0;
  for (size_t i = 0; i < g.ops.size();) {
    const auto plan = fold_plan(g, g.ops[i]);
    if (!plan) {
      ++i;
      continue;
    }
    for (const auto& [position, op] : *plan) g.ops[static_cast<size_t>(position)] = op;
    ir::erase_op(g, i);
    ++folded;
  }
  return folded;
}

}  // namespace mcuforge::passes
