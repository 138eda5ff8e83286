// SPDX-License-Identifier: Apache-2.0
// The human-readable fit report of one board, printed by `check` and `deploy` (api::BoardFit).
#pragma once

#include "target/fit_check.h"

namespace mcuforge::cli {

void print_fit_report(const target::ModelFacts& m, const target::FitResult& r);

}  // namespace mcuforge::cli
