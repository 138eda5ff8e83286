// SPDX-License-Identifier: Apache-2.0
// MINIMUM: element-wise on raw values for int8, int16, int32 and float32 with TFLite broadcasting; the
// checks and the op are shared with MAXIMUM (minmax_util.h).
#include "mcuforge/mf_elementwise.h"
#include "ops/minmax_util.h"

namespace mcuforge::ops {
namespace {

constexpr MinMaxKernels kMinimumKernels = {
    "MINIMUM",
    &mf_minimum_s8, "mf_minimum_s8",
    &mf_minimum_s16, "mf_minimum_s16",
    &mf_minimum_s32, "mf_minimum_s32",
    &mf_minimum_f32, "mf_minimum_f32",
};

}  // namespace

std::unique_ptr<PreparedOp> prepare_minimum(const ir::Graph& g, const ir::Op& op) {
  return prepare_min_max(g, op, kMinimumKernels);
}

}  // namespace mcuforge::ops
