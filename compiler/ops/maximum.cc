// SPDX-License-Identifier: Apache-2.0
// MAXIMUM: element-wise on raw values for int8, int16, int32 and float32 with TFLite broadcasting; the
// checks and the op are shared with MINIMUM (minmax_util.h).
#include "mcuforge/mf_elementwise.h"
#include "ops/minmax_util.h"

namespace mcuforge::ops {
namespace {

constexpr MinMaxKernels kMaximumKernels = {
    "MAXIMUM",
    &mf_maximum_s8, "mf_maximum_s8",
    &mf_maximum_s16, "mf_maximum_s16",
    &mf_maximum_s32, "mf_maximum_s32",
    &mf_maximum_f32, "mf_maximum_f32",
};

}  // namespace

std::unique_ptr<PreparedOp> prepare_maximum(const ir::Graph& g, const ir::Op& op) {
  return prepare_min_max(g, op, kMaximumKernels);
}

}  // namespace mcuforge::ops
