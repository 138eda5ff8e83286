// SPDX-License-Identifier: Apache-2.0
#include "passes/pack_matmul_rhs.h"

#include <algorithm>
#include <variant>

#include "ir/graph_editor.h"

namespace mcuforge::passes {
namespace {

bool rewritable(const ir::Graph& g, const ir::Op& op) {
  const auto* o = std::get_if<ir::BatchMatMulOptions>(&op.options);
  if (op.type != ir::OpType::BATCH_MATMUL || !o || o->adj_y || op.inputs.size() != 2 || op.inputs[1] < 0 ||
      op.inputs[0] == op.inputs[1]) {
    return false;
  }
  const ir::Tensor& r = g.tensor(op.inputs[1]);
  const size_t bytes = ir::dtype_size(r.dtype);
  return r.is_constant() && r.rank() >= 2 && bytes > 0 && r.num_elements() > 0 &&
         static_cast<int64_t>(r.data.size()) == r.num_elements() * static_cast<int64_t>(bytes) &&
         r.quant.scale.size() <= 1 && ir::consumers(g, op.inputs[1]).size() == 1 &&
         std::find(g.outputs.begin(), g.outputs.end(), op.inputs[1]) == g.outputs.end();
}

// [..., rows, cols] -> [..., cols, rows] in place, element by element.
void transpose_last_two(ir::Tensor& t) {
  const int32_t rank = t.rank(), rows = t.dim(rank - 2), cols = t.dim(rank - 1);
  const size_t e = ir::dtype_size(t.dtype);
  const int64_t matrix = int64_t{rows} * cols, batches = t.num_elements() / matrix;
  std::vector<uint8_t> out(t.data.size());
  for (int64_t b = 0; b < batches; ++b) {
    for (int32_t r = 0; r < rows; ++r) {
      for (int32_t c = 0; c < cols; ++c) {
        const size_t from = static_cast<size_t>((b * matrix + int64_t{r} * cols + c)) * e;
        const size_t to = static_cast<size_t>((b * matrix + int64_t{c} * rows + r)) * e;
        std::copy_n(t.data.begin() + static_cast<std::ptrdiff_t>(from), e, out.begin() + static_cast<std::ptrdiff_t>(to));
      }
    }
  }
  t.data = std::move(out);
  t.shape[static_cast<size_t>(rank - 2)] = cols;
  t.shape[static_cast<size_t>(rank - 1)] = rows;
}

}  // namespace

int pack_matmul_rhs(ir::Graph& g) {
  int n = 0;
  for (ir::Op& op : g.ops) {
    if (!rewritable(g, op)) continue;
    transpose_last_two(g.tensors[static_cast<size_t>(op.inputs[1])]);
    std::get<ir::BatchMatMulOptions>(op.options).adj_y = true;
    ++n;
  }
  return n;
}

}  // namespace mcuforge::passes
