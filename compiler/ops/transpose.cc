// SPDX-License-Identifier: Apache-2.0
// TRANSPOSE: permutes the axes with a constant `perm` tensor.
#include <fmt/format.h>

#include "mcuforge/mf_transpose.h"
#include "ops/call_writer.h"
#include "ops/conv_util.h"
#include "ops/data_move_util.h"

namespace mcuforge::ops {
namespace {

class Transpose : public PreparedOp {
 public:
  explicit Transpose(const mf_transpose_params& p) : p_(p) {}
  void run(const OpBuffers& b) const override {
    check_status(mf_transpose(&p_, b.inputs[0], b.outputs[0]), "mf_transpose");
  }
  std::string kernel_name() const override { return "mf_transpose"; }
  void emit(CallWriter& ctx) const override {
    constexpr size_t n = MF_TRANSPOSE_MAX_DIMS;
    const std::string params =
        ctx.constant("mf_transpose_params", "params",
                     fmt::format("{{{}, {}, {}, {}}}", p_.rank, p_.element_bytes, int_list(p_.in_dims, n),
                                 int_list(p_.perm, n)));
    ctx.call("mf_transpose", {address_of(params), ctx.input(0), ctx.output(0)});
  }

 private:
  mf_transpose_params p_;
};

}  // namespace

std::unique_ptr<PreparedOp> prepare_transpose(const ir::Graph& g, const ir::Op& op) {
  require_operands(op, 2, 1);
  const ir::Tensor& in = g.tensor(op.inputs[0]);
  const ir::Tensor& out = g.op_output(op, 0);
  require_same_type(op, in, out, "the input");
  const int32_t elem = movable_element_bytes(op, in, "the input");
  const int32_t rank = in.rank();
  if (rank > MF_TRANSPOSE_MAX_DIMS) {
    op_error(op, "input rank " + std::to_string(rank) + " is above the supported " +
                     std::to_string(MF_TRANSPOSE_MAX_DIMS));
  }
  const std::vector<int32_t> perm = constant_indices(g, op, 1, "perm");
  if (g.tensor(op.inputs[1]).rank() != 1 || static_cast<int32_t>(perm.size()) != rank) {
    op_error(op, "perm must be a 1-D tensor with one entry per input axis (" + std::to_string(rank) + ")");
  }
  std::vector<bool> used(static_cast<size_t>(rank), false);
  mf_transpose_params p{};
  p.rank = rank;
  p.element_bytes = elem;
  std::vector<int32_t> expected;
  for (int32_t a = 0; a < rank; ++a) {
    const int32_t from = perm[static_cast<size_t>(a)];
    if (from < 0 || from >= rank || used[static_cast<size_t>(from)]) {
      op_error(op, "perm " + ir::shape_to_string(perm) + " is not a permutation of 0.." + std::to_string(rank - 1));
    }
    used[static_cast<size_t>(from)] = true;
    p.in_dims[a] = in.dim(a);
    p.perm[a] = from;
    expected.push_back(in.dim(from));
  }
  if (out.shape != expected) {
    op_error(op, "output shape " + ir::shape_to_string(out.shape) + " should be " + ir::shape_to_string(expected));
  }
  return std::make_unique<Transpose>(p);
}

}  // namespace mcuforge::ops
