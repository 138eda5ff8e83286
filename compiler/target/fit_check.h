// SPDX-License-Identifier: Apache-2.0
// Does a compiled model fit a board? Flash (weights + runtime for exactly the kernels used + generated
// code) against a budget that leaves room for the application; RAM (arena, state, stack) placed into
// the board's SRAM regions (the arena in one region that allows it); op support on the core; an
// estimated latency; and, when it does not fit, by how much and what would help.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "target/board_db.h"
#include "target/code_size.h"
#include "target/cost_model.h"

namespace mcuforge::target {

struct UnsupportedOp {
  int64_t index = 0;
  std::string op, reason;
};

// What the check needs to know about the model (from emit::compile_model's report and files).
struct ModelFacts {
  std::string model;  // file name, for the report
  bool compiled = false;  // false: some op cannot run, arena unknown
  int64_t weights_bytes = 0, arena_bytes = 0, state_bytes = 0, total_macs = 0;
  std::vector<OpCost> ops;
  std::vector<UnsupportedOp> unsupported;
  CodeSizeInput code;
  bool float_compute = false;  // some op computes in float32 (DEQUANTIZE excepted)
  bool has_float_kernels() const;
};

struct Placement {
  std::string what;    // arena, state, stack
  int64_t bytes = 0;
  std::string region;  // empty: nowhere
  bool external = false;
};

struct FitResult {
  const Board* board = nullptr;
  CodeSize code;
  double flash_budget_pct = 60;
  int64_t flash_need = 0, flash_available = 0, flash_budget = 0;
  int64_t ram_need = 0, ram_available = 0, largest_arena_region = 0;
  std::vector<Placement> placements;
  bool flash_ok = false, ram_ok = false, ops_ok = false;
  bool arena_external = false;  // only fits with the arena in external RAM
  bool fits = false;
  LatencyEstimate latency;
  std::vector<std::string> unsupported_ops;  // "CONV_2D (op 3): reason"
  std::vector<std::string> advice;
  std::vector<std::string> alternatives;  // board ids that fit (filled by the caller when it does not)
  double headroom() const;  // the smaller of flash and RAM headroom, 0..1 (negative: short)
  nlohmann::json to_json() const;
};

struct CheckOptions {
  double flash_budget_pct = 60;
  std::optional<MeasuredInstructions> measured;  // hook for QEMU instruction counts
};

// `code` is the measured or estimated size for this board's core (cache it per core).
FitResult check_fit(const ModelFacts& m, const Board& b, const CodeSize& code, const CheckOptions& o,
                    const BoardDb& db);

// Boards that fit first (fastest first; tight fits (< 10% headroom) after comfortable ones), then
// the others by how little they miss.
void rank(std::vector<FitResult>& results);

// Adds the "what would help" advice that needs the other boards (alternatives that fit).
void add_alternatives(FitResult& r, const std::vector<FitResult>& all);

std::string human_bytes(int64_t bytes);

}  // namespace mcuforge::target
