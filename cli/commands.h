// SPDX-License-Identifier: Apache-2.0
// The CLI subcommands; each returns the process exit code and throws mcuforge::Error on bad input.
#pragma once

#include <string>
#include <vector>

namespace mcuforge::cli {

struct InspectOptions {
  std::string model;
  bool json = false;
};
int inspect_command(const InspectOptions& o);

struct RunOptions {
  std::string model;
  std::vector<std::string> inputs;
  std::string output_dir;
  std::string dump_tensors_dir;  // if set: every tensor's bytes as t<index>.bin (debugging)
  bool json = false;
};
int run_command(const RunOptions& o);

struct CompileOptions {
  std::string model;
  std::string output_dir;
  std::string name = "model";
  bool json = false;
};
int compile_command(const CompileOptions& o);

}  // namespace mcuforge::cli
