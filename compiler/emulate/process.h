// SPDX-License-Identifier: Apache-2.0
// Running the cross tools and QEMU: argv in, exit status and captured output back, with a time limit.
#pragma once

#include <string>
#include <vector>

namespace mcuforge::emulate {

struct ProcessResult {
  int exit_code = -1;      // exit status, or 128 + signal
  bool timed_out = false;  // killed after the time limit
  std::string out, err;
};

// Runs argv[0] (searched in PATH) in `cwd` (empty: the current directory). Never throws for a
// failing program; throws std::runtime_error only if it cannot be started at all.
ProcessResult run_process(const std::vector<std::string>& argv, const std::string& cwd = "",
                          double timeout_seconds = 600);

// Runs several commands, at most `jobs` at a time; results in the same order.
std::vector<ProcessResult> run_processes(const std::vector<std::vector<std::string>>& commands,
                                         const std::string& cwd, int jobs);

// Full path of an executable found in PATH, or "" if there is none.
std::string find_in_path(const std::string& program);

}  // namespace mcuforge::emulate
