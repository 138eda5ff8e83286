// SPDX-License-Identifier: Apache-2.0
#include "plan/liveness.h"

#include <algorithm>

namespace mcuforge::plan {
namespace {

bool planned(const ir::Tensor& t) { return t.is_activation(); }

}  // namespace

Lifetimes compute_lifetimes(const ir::Graph& g, const std::vector<OpMemoryInfo>& ops) {
  const auto num_ops = static_cast<int32_t>(g.ops.size());
  Lifetimes lt;
  lt.tensor_buffer.assign(g.tensors.size(), -1);
  auto new_buffer = [&](int32_t tensor, int32_t first) {
    Buffer b;
    b.size = g.tensor(tensor).num_bytes();
    b.first = first;
    b.last = first;
    b.tensors.push_back(tensor);
    b.label = g.tensor(tensor).name;
    lt.tensor_buffer[static_cast<size_t>(tensor)] = static_cast<int32_t>(lt.buffers.size());
    lt.buffers.push_back(b);
  };
  auto extend = [&](int32_t tensor, int32_t at) {
    const int32_t b = lt.tensor_buffer[static_cast<size_t>(tensor)];
    if (b >= 0) lt.buffers[static_cast<size_t>(b)].last = std::max(lt.buffers[static_cast<size_t>(b)].last, at);
  };

  // Last op reading each tensor; graph outputs are read after the last op.
  std::vector<int32_t> last_use(g.tensors.size(), -1);
  std::vector<bool> is_graph_input(g.tensors.size(), false);
  for (int32_t k = 0; k < num_ops; ++k) {
    for (int32_t in : g.ops[static_cast<size_t>(k)].inputs) {
      if (in >= 0) last_use[static_cast<size_t>(in)] = k;
    }
  }
  for (int32_t o : g.outputs) last_use[static_cast<size_t>(o)] = num_ops;
  for (int32_t i : g.inputs) is_graph_input[static_cast<size_t>(i)] = true;

  // Graph inputs are written by the caller before op 0.
  for (int32_t i : g.inputs) {
    if (planned(g.tensor(i)) && lt.tensor_buffer[static_cast<size_t>(i)] < 0) new_buffer(i, 0);
  }
  for (int32_t k = 0; k < num_ops; ++k) {
    const ir::Op& op = g.ops[static_cast<size_t>(k)];
    for (int32_t in : op.inputs) {
      if (in >= 0) extend(in, k);
    }
    const OpMemoryInfo& info = ops[static_cast<size_t>(k)];
    for (size_t o = 0; o < op.outputs.size(); ++o) {
      const int32_t out = op.outputs[o];
      if (!planned(g.tensor(out)) || lt.tensor_buffer[static_cast<size_t>(out)] >= 0) continue;
      // Aliasing (same bytes under a new shape) is always safe: nothing is rewritten.
      if (o == 0 && info.output_aliases_input && !op.inputs.empty() && op.inputs[0] >= 0) {
        const int32_t b = lt.tensor_buffer[static_cast<size_t>(op.inputs[0])];
        if (b >= 0 && lt.buffers[static_cast<size_t>(b)].size >= g.tensor(out).num_bytes()) {
          Buffer& buf = lt.buffers[static_cast<size_t>(b)];
          buf.tensors.push_back(out);
          buf.last = std::max(buf.last, k);
          lt.tensor_buffer[static_cast<size_t>(out)] = b;
          continue;
        }
      }
      new_buffer(out, k);
      // Overlapping a dying input is safe only if no tensor kept in that buffer is read after this
      // op, is a graph input (the caller's data) or a graph output.
      if (o == 0 && info.overlap_input >= 0 && static_cast<size_t>(info.overlap_input) < op.inputs.size()) {
        const int32_t in = op.inputs[static_cast<size_t>(info.overlap_input)];
        const int32_t b = in >= 0 ? lt.tensor_buffer[static_cast<size_t>(in)] : -1;
        if (b >= 0 && std::all_of(lt.buffers[static_cast<size_t>(b)].tensors.begin(),
                                  lt.buffers[static_cast<size_t>(b)].tensors.end(), [&](int32_t t) {
                                    return last_use[static_cast<size_t>(t)] <= k &&
                                           !is_graph_input[static_cast<size_t>(t)];
                                  })) {
          lt.buffers.back().below_of = b;
          lt.buffers.back().below_distance = info.overlap_distance;
        }
      }
    }
    if (info.scratch_bytes > 0) {
      Buffer s;
      s.size = info.scratch_bytes;
      s.first = s.last = k;
      s.scratch_of = k;
      s.label = "scratch of op " + std::to_string(k) + " (" + op.name + ")";
      lt.buffers.push_back(s);
    }
  }
  // Graph outputs must survive the whole invocation.
  for (int32_t o : g.outputs) extend(o, num_ops);
  return lt;
}

int64_t live_peak(const std::vector<Buffer>& buffers) {
  int32_t end = 0;
  for (const Buffer& b : buffers) end = std::max(end, b.last);
  int64_t peak = 0;
  for (int32_t k = 0; k <= end; ++k) {
    int64_t live = 0;
    for (const Buffer& b : buffers) {
      if (b.first <= k && k <= b.last) live += b.size;
    }
    peak = std::max(peak, live);
  }
  return peak;
}

}  // namespace mcuforge::plan
