// SPDX-License-Identifier: Apache-2.0
// MAXIMUM and MINIMUM differ only in their kernels and name: both compare raw values (no
// requantization, as in TFLM, so quantized inputs must share the output's quantization) for int8,
// int16, int32 and float32, with TFLite broadcasting. maximum.cc and minimum.cc each pass a table of
// their kernels to prepare_min_max.
#pragma once

#include <memory>

#include "ir/graph.h"
#include "mcuforge/mf_elementwise.h"
#include "ops/op.h"

namespace mcuforge::ops {

struct MinMaxKernels {
  const char* op_name;  // "MAXIMUM", for messages
  mf_status (*s8)(const mf_bcast*, const int8_t*, const int8_t*, int8_t*);
  const char* s8_name;
  mf_status (*s16)(const mf_bcast*, const int16_t*, const int16_t*, int16_t*);
  const char* s16_name;
  mf_status (*s32)(const mf_bcast*, const int32_t*, const int32_t*, int32_t*);
  const char* s32_name;
  mf_status (*f32)(const mf_bcast*, const float*, const float*, float*);
  const char* f32_name;
};

// Validates `op` and returns the op calling `kernels` (which must outlive it).
std::unique_ptr<PreparedOp> prepare_min_max(const ir::Graph& g, const ir::Op& op, const MinMaxKernels& kernels);

}  // namespace mcuforge::ops
