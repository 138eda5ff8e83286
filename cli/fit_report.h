// SPDX-License-Identifier: Apache-2.0
// The fit check shared by `check` and `deploy`: the model's facts (compiled once, generic kernels) and
// the human-readable report of one board.
#pragma once

#include <string>

#include "target/fit_check.h"

namespace mcuforge::cli {

// `core`: the kernel variants to compile with (emit::core_names()), as the deployed code will be.
target::ModelFacts model_facts(const std::string& path, const std::string& core = "generic");
void print_fit_report(const target::ModelFacts& m, const target::FitResult& r);

}  // namespace mcuforge::cli
