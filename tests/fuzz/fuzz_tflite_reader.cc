// SPDX-License-Identifier: Apache-2.0
// libFuzzer target: arbitrary bytes as a .tflite file. The reader must either build a graph or throw
// mcuforge::Error; a graph that reads is written back as .tflite (export --tflite) and must read again
// (the writer may refuse only with mcuforge::Error), has its constants folded (as the CLI does), every op is
// prepared (Error allowed), and a small graph whose ops all prepare is run once on zero inputs.
// Anything else (a crash, a sanitizer report, another exception type, a huge allocation) is a bug.
// Built with the `fuzz` preset; see run_fuzz.sh.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "diagnostics/error.h"
#include "exec/executor.h"
#include "export/tflite_writer.h"
#include "import/tflite/tflite_reader.h"
#include "opdefs/op_def.h"
#include "ops/op.h"
#include "passes/load_model.h"

namespace {

// Run the executor only on graphs this small, so that each input stays fast.
constexpr int64_t kMaxRunBytes = int64_t{1} << 20;
constexpr size_t kMaxRunOps = 64;

void fuzz_one(const uint8_t* data, size_t size) {
  // A private, 16-byte aligned copy of exactly `size` bytes (the verifier checks alignment, and ASan
  // then sees any read past the end).
  std::vector<uint8_t> bytes(data, data + size);
  mcuforge::ir::Graph g;
  try {
    g = mcuforge::tflite::read_tflite(bytes);
  } catch (const mcuforge::Error&) {
    return;
  }
  // What `export --tflite` does: write the graph; our own reader must accept what the writer wrote.
  std::vector<uint8_t> written;
  try {
    written = mcuforge::exporter::write_tflite(g);
  } catch (const mcuforge::Error&) {
  }
  if (!written.empty()) {
    try {
      mcuforge::tflite::read_tflite(written);
    } catch (const mcuforge::Error&) {
      std::abort();  // the writer wrote a file the reader refuses: a writer bug
    }
  }
  // What the CLI does next (passes::load_model): the "optimize" pipeline, which folds constant
  // subgraphs by running their kernels.
  try {
    mcuforge::passes::optimize_model(g);
  } catch (const mcuforge::Error&) {
    return;
  }
  bool all_prepared = true;
  for (const auto& op : g.ops) {
    try {
      // What `mcuforge inspect` asks of a prepared op, too.
      auto p = mcuforge::ops::prepare(g, op);
      volatile int64_t macs = mcuforge::opdefs::macs(g, op);
      volatile size_t scratch = p->scratch_bytes();
      (void)macs;
      (void)scratch;
      (void)p->kernel_name();
    } catch (const mcuforge::Error&) {
      all_prepared = false;
    }
  }
  if (!all_prepared || g.ops.size() > kMaxRunOps) return;
  int64_t total = 0;
  for (const auto& t : g.tensors) total += t.num_bytes();
  if (total > kMaxRunBytes) return;
  try {
    mcuforge::exec::Executor ex(g);
    std::vector<std::vector<uint8_t>> inputs;
    for (int32_t i : g.inputs) inputs.emplace_back(static_cast<size_t>(g.tensor(i).num_bytes()), 0);
    ex.invoke(inputs);
  } catch (const mcuforge::Error&) {
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  fuzz_one(data, size);
  return 0;
}
