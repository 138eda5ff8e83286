// SPDX-License-Identifier: Apache-2.0
// Prepare for this op: not implemented yet.
#include "ops/op.h"

namespace mcuforge::ops {

std::unique_ptr<PreparedOp> prepare_depthwise_conv2d(const ir::Graph&, const ir::Op& op) {
  op_error(op, "not implemented yet", "this op is being added to mcuforge");
}

}  // namespace mcuforge::ops
