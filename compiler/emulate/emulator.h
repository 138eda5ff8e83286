// SPDX-License-Identifier: Apache-2.0
// Cross-building generated model code with the bare-metal harness (target/) for one core, running it
// in QEMU, and reading back what it printed, the exact instruction count of one invoke (QEMU plugin
// between the marker functions), section sizes and peak stack.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "emulate/targets.h"

namespace mcuforge::emulate {

struct SectionSizes {
  uint64_t text = 0, rodata = 0, data = 0, bss = 0;
};

struct BuildOptions {
  std::string opt_level = "-O2";  // passed to every compile
  int jobs = 2;                   // parallel compiles
};

struct BuiltImage {
  std::string elf_path, map_path;
  SectionSizes image;        // whole image, test inputs excluded (they have their own section)
  uint64_t other_flash = 0;  // other allocated flash sections (.ARM.exidx, ...)
  uint64_t testdata_bytes = 0;
  SectionSizes generated;    // contributed by the generated sources (model, weights, kernels)
  SectionSizes weights;      // contributed by <name>_weights.c alone
  uint64_t bench_begin = 0, bench_end = 0;
  std::vector<std::string> cflags;  // as used for the generated sources (without -I)
  std::string compiler_version;
};

struct EmulatorRun {
  int exit_code = -1;
  bool timed_out = false;
  bool fault = false;
  int invoke_status = -1;
  int64_t stack_bytes = -1;
  std::vector<std::vector<uint8_t>> outputs;
  bool counted = false;
  uint64_t instructions = 0;        // inside the window (one invoke)
  uint64_t total_instructions = 0;  // whole run (startup, stack painting, printing)
  std::vector<std::pair<std::string, uint64_t>> by_function;  // inside the window, most first
  std::string console;              // what the image printed
  std::string qemu_stderr;
  double seconds = 0;
};

// Throws mcuforge::Error (exit 2) naming the apt packages when the cross compiler, its C library or
// the QEMU binary for `core` is missing.
void require_tools(const CoreSpec& core);

// Writes `generated` (relative path -> contents, as from emit::compile_model with prefix `mfv`) under
// work_dir/gen, the harness under work_dir/harness, `testdata_c` as the test inputs, and links
// work_dir/image.elf. Throws mcuforge::Error when the image does not fit the machine's memory, and
// std::runtime_error with the compiler's message when the generated code does not cross-compile.
BuiltImage build_image(const CoreSpec& core, const std::string& work_dir,
                       const std::map<std::string, std::string>& generated, const std::string& weights_source,
                       const std::string& testdata_c, const BuildOptions& options);

// Runs the image under QEMU. With a plugin path, counts instructions between the markers.
EmulatorRun run_image(const CoreSpec& core, const BuiltImage& image, const std::string& plugin_path,
                      double timeout_seconds);

// The instruction-counting plugin: MCUFORGE_INSNCOUNT_PLUGIN, else beside the mcuforge executable,
// else built once from the embedded source with the host C compiler into the user's cache directory.
// Returns "" (and the reason in *why_not) when none can be had.
std::string find_insncount_plugin(std::string* why_not);

// First line of `tool --version`, or "".
std::string tool_version(const std::string& tool);

// C source with the test inputs as const arrays in section .mfv_testdata and the table
// `mfv_test_inputs` that the harness reads.
std::string testdata_source(const std::vector<std::vector<uint8_t>>& inputs);

}  // namespace mcuforge::emulate
