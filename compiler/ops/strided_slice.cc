// SPDX-License-Identifier: Apache-2.0
// STRIDED_SLICE: numpy-style slicing with constant begin/end/strides. The sparse slice spec (one entry
// per begin element, with ellipsis and new-axis entries) is first expanded to one entry per input axis,
// as TensorFlow defines it; then each axis' first index and end follow TFLite's reference
// (strided_slice_logic: negative indices wrap once, then clamp, then begin/end masks override; a shrunk
// axis reads exactly one index; `offset` makes end relative to begin). TFLM's own op ignores the
// ellipsis/new-axis masks and `offset`; for models it accepts the results are identical.
#include <fmt/format.h>

#include <algorithm>
#include <variant>

#include "mcuforge/mf_strided_slice.h"
#include "ops/call_writer.h"
#include "ops/conv_util.h"
#include "ops/data_move_util.h"

namespace mcuforge::ops {
namespace {

class StridedSlice : public PreparedOp {
 public:
  explicit StridedSlice(const mf_strided_slice_params& p) : p_(p) {}
  void run(const OpBuffers& b) const override {
    check_status(mf_strided_slice(&p_, b.inputs[0], b.outputs[0]), "mf_strided_slice");
  }
  std::string kernel_name() const override { return "mf_strided_slice"; }
  void emit(CallWriter& ctx) const override {
    constexpr size_t n = MF_STRIDED_SLICE_MAX_DIMS;
    const std::string params = ctx.constant(
        "mf_strided_slice_params", "params",
        fmt::format("{{{}, {}, {}, {}, {}, {}}}", p_.rank, p_.element_bytes, int_list(p_.in_dims, n),
                    int_list(p_.start, n), int_list(p_.stride, n), int_list(p_.count, n)));
    ctx.call("mf_strided_slice", {address_of(params), ctx.input(0), ctx.output(0)});
  }

 private:
  mf_strided_slice_params p_;
};

// One input axis after expanding the sparse spec.
struct DenseAxis {
  int64_t begin = 0, end = 0, stride = 1;
  bool begin_mask = true, end_mask = true, shrink = false;
};

bool bit(int32_t mask, size_t i) { return i < 31 && ((static_cast<uint32_t>(mask) >> i) & 1u) != 0; }

}  // namespace

std::unique_ptr<PreparedOp> prepare_strided_slice(const ir::Graph& g, const ir::Op& op) {
  require_operands(op, 4, 1);
  const auto* opts = std::get_if<ir::StridedSliceOptions>(&op.options);
  if (!opts) op_error(op, "has no StridedSliceOptions");
  const ir::Tensor& in = g.tensor(op.inputs[0]);
  const ir::Tensor& out = g.op_output(op, 0);
  require_same_type(op, in, out, "the input");
  const int32_t elem = movable_element_bytes(op, in, "the input");
  const int32_t rank = in.rank();
  if (rank < 1 || rank > MF_STRIDED_SLICE_MAX_DIMS) {
    op_error(op, "input rank " + std::to_string(rank) + " is not supported",
             "STRIDED_SLICE supports inputs of rank 1 to " + std::to_string(MF_STRIDED_SLICE_MAX_DIMS));
  }
  const std::vector<int32_t> begin = constant_indices(g, op, 1, "begin");
  const std::vector<int32_t> end = constant_indices(g, op, 2, "end");
  const std::vector<int32_t> strides = constant_indices(g, op, 3, "strides");
  for (size_t k = 1; k <= 3; ++k) {
    if (g.tensor(op.inputs[k]).rank() != 1) op_error(op, "begin, end and strides must be 1-D tensors");
  }
  if (begin.size() != end.size() || begin.size() != strides.size()) {
    op_error(op, "begin, end and strides have different lengths (" + std::to_string(begin.size()) + ", " +
                     std::to_string(end.size()) + ", " + std::to_string(strides.size()) + ")");
  }
  const size_t n = begin.size();
  size_t ellipses = 0, new_axes_after_ellipsis = 0;
  for (size_t i = 0; i < n; ++i) {
    if (bit(opts->ellipsis_mask, i)) {
      ++ellipses;
    } else if (ellipses > 0 && bit(opts->new_axis_mask, i)) {
      ++new_axes_after_ellipsis;
    }
  }
  if (ellipses > 1) op_error(op, "ellipsis_mask has more than one bit set");

  // Expand: `dense` gets one entry per input axis; `out_dims_from` lists, per output dim, the dense
  // axis it comes from, or -1 for a new axis of size 1 (shrunk axes have no output dim).
  std::vector<DenseAxis> dense;
  std::vector<int64_t> out_dims_from;
  auto add_full_axis = [&]() {
    out_dims_from.push_back(static_cast<int64_t>(dense.size()));
    dense.push_back(DenseAxis{});
  };
  for (size_t i = 0; i < n; ++i) {
    if (bit(opts->ellipsis_mask, i)) {
      // The ellipsis covers the input axes the remaining (non-new-axis) entries do not name.
      const int64_t named_after = static_cast<int64_t>(n - i - 1) - static_cast<int64_t>(new_axes_after_ellipsis);
      const int64_t stop = rank - named_after;
      while (static_cast<int64_t>(dense.size()) < stop) add_full_axis();
      continue;
    }
    if (bit(opts->new_axis_mask, i)) {
      out_dims_from.push_back(-1);
      continue;
    }
    if (static_cast<int32_t>(dense.size()) >= rank) {
      op_error(op, "the slice spec names more axes than the input's rank " + std::to_string(rank));
    }
    if (strides[i] == 0) op_error(op, "stride " + std::to_string(i) + " is zero");
    DenseAxis a;
    a.begin = begin[i];
    a.end = end[i];
    a.stride = strides[i];
    a.begin_mask = bit(opts->begin_mask, i);
    a.end_mask = bit(opts->end_mask, i);
    a.shrink = bit(opts->shrink_axis_mask, i);
    if (!a.shrink) out_dims_from.push_back(static_cast<int64_t>(dense.size()));
    dense.push_back(a);
  }
  // Axes the spec does not name (no ellipsis, or a short spec) are taken whole.
  while (static_cast<int32_t>(dense.size()) < rank) add_full_axis();

  mf_strided_slice_params p{};
  p.rank = rank;
  p.element_bytes = elem;
  std::vector<int64_t> counts(static_cast<size_t>(rank));
  for (int32_t d = 0; d < rank; ++d) {
    const DenseAxis& a = dense[static_cast<size_t>(d)];
    const int64_t size = in.dim(d);
    int64_t start = a.begin < 0 ? a.begin + size : a.begin;
    start = a.stride > 0 ? std::clamp<int64_t>(start, 0, size) : std::clamp<int64_t>(start, -1, size - 1);
    if (a.begin_mask) start = a.stride > 0 ? 0 : size - 1;
    int64_t stop;
    if (a.shrink) {
      stop = start >= size ? start : start + 1;
    } else {
      stop = opts->offset ? a.end + start : a.end;
      if (stop < 0) stop += size;
      stop = a.stride > 0 ? std::clamp<int64_t>(stop, 0, size) : std::clamp<int64_t>(stop, -1, size - 1);
      if (a.end_mask) stop = a.stride > 0 ? size : -1;
    }
    int64_t count = 0;
    if (a.stride > 0 && stop > start) count = (stop - start + a.stride - 1) / a.stride;
    if (a.stride < 0 && start > stop) count = (start - stop + (-a.stride) - 1) / (-a.stride);
    if (a.shrink && count != 1) {
      op_error(op, "shrunk axis " + std::to_string(d) + " selects no element (index " + std::to_string(a.begin) +
                       (a.stride < 0 ? " with a negative stride" : " out of range") + ")",
               "TFLM leaves such an output unwritten; fix the slice in the model");
    }
    counts[static_cast<size_t>(d)] = count;
    p.in_dims[d] = in.dim(d);
    p.start[d] = static_cast<int32_t>(start);
    p.stride[d] = static_cast<int32_t>(a.stride);
    p.count[d] = static_cast<int32_t>(count);
  }
  std::vector<int32_t> expected;
  for (int64_t from : out_dims_from) {
    expected.push_back(from < 0 ? 1 : static_cast<int32_t>(counts[static_cast<size_t>(from)]));
  }
  if (out.shape != expected) {
    op_error(op, "the slice gives shape " + ir::shape_to_string(expected) + " but the output has shape " +
                     ir::shape_to_string(out.shape),
             "the model is inconsistent; re-export it");
  }
  return std::make_unique<StridedSlice>(p);
}

}  // namespace mcuforge::ops
