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

struct ExportOptions {
  std::string model;
  bool c_array = false;  // --c-array: the only export form so far
  std::string output;    // the .cc path; the headers go beside it
  std::string name;      // C prefix; default: the model file's stem as a C identifier
  bool json = false;
};
int export_command(const ExportOptions& o);

}  // namespace mcuforge::cli
