// SPDX-License-Identifier: Apache-2.0
// The ops mcuforge runs, with the dtype forms of their kernels and the reference kernels that have
// ISA-specific variants (ops/op_support.def): what `mcuforge supported-ops` lists.
#pragma once

#include <string>
#include <vector>

#include "ir/op_type.h"

namespace mcuforge::ops {

struct OpSupport {
  ir::OpType type;
  std::string name;                          // TFLite builtin name
  std::vector<std::string> dtypes;           // "int8", "int16" (int16x8), "float32", "int8_to_int16", ...
  std::vector<std::string> variant_kernels;  // reference kernels (mf_*) that have ISA variants
};

// Every op of ops.def, in name order.
const std::vector<OpSupport>& supported_ops();

// Why mcuforge does not run a builtin op without a kernel, and what the user can do instead.
struct Refusal {
  std::string what;
  std::string hint;
  std::string brief;  // a few words for the supported-ops listing
};
Refusal unsupported_reason(ir::OpType type, const std::string& name);

}  // namespace mcuforge::ops
