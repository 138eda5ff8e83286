// SPDX-License-Identifier: Apache-2.0
// Prepare shared by AVERAGE_POOL_2D and MAX_POOL_2D: validation and the kernel's params.
#pragma once

#include <string>

#include "ir/graph.h"
#include "mcuforge/mf_pool2d.h"

namespace mcuforge::ops {

class CallWriter;

struct PoolSetup {
  ir::DType dtype;  // float32, int8 or int16 (input == output)
  mf_pool2d_params params;
  mf_dims4 in, out;
};

// Validates a pooling op (1 input, 1 output, NHWC, same type and quantization on both sides, sane
// window options, output shape matching TFLite's geometry) and computes its parameters.
PoolSetup prepare_pool(const ir::Graph& g, const ir::Op& op);

// Bytes the output must start below its dying input to share its memory (see ops/window_overlap.h).
int64_t pool_overlap_distance(const PoolSetup& s);

// Emits `kernel(&params, &in_dims, input, &out_dims, output)` for generated code.
void emit_pool(CallWriter& ctx, const PoolSetup& s, const std::string& kernel);

}  // namespace mcuforge::ops
