// SPDX-License-Identifier: Apache-2.0
// Flash and stack needed by a compiled model on one core. Measured when the core's cross compiler is
// installed: the generated sources (model, weights, exactly the kernels used, and a call of every
// entry point) are compiled at -O2 with the core's flags, linked with --gc-sections, and sized;
// stack comes from -fstack-usage. Otherwise estimated from boards/kernel_sizes.json (Thumb-2 bytes
// per kernel) x the core's code_size_vs_thumb2.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "target/board_db.h"

namespace mcuforge::target {

struct CodeSizeInput {
  std::string name;                           // C prefix of the generated files
  std::map<std::string, std::string> files;   // emit::CompiledModel::files
  std::vector<std::string> kernels;           // runtime kernels used
  int64_t weights_bytes = 0;
  int64_t num_ops = 0;
};

struct CodeSize {
  int64_t weights_bytes = 0;     // const weights in flash
  int64_t runtime_bytes = 0;     // kernels and the libgcc/libm helpers they pull in
  int64_t model_code_bytes = 0;  // generated model code and parameters
  int64_t stack_bytes = 0;       // deepest invoke -> kernel frame chain, plus a caller/interrupt reserve
  bool measured = false;
  std::string method;            // how the numbers were obtained, for the report
  int64_t total() const { return weights_bytes + runtime_bytes + model_code_bytes; }
};

// Stack reserve for the caller of invoke() and one exception frame with FPU context.
constexpr int64_t kStackReserve = 256;

CodeSize measure_code_size(const CodeSizeInput& in, const Core& core, const BoardDb& db);

// True when `core`'s cross compiler is on PATH (and MCUFORGE_NO_CROSS is not set).
bool have_cross_compiler(const Core& core);

}  // namespace mcuforge::target
