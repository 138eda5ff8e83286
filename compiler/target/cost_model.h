// SPDX-License-Identifier: Apache-2.0
// Latency estimate: instructions per op from MACs and output elements (a per-op-kind linear model
// fitted on the Cortex-M4: to TFLM's reference kernels, ../shared/baselines/tflm_cortex_m4.json, and
// for the Arm DSP kernel variants to mcuforge's own DSP kernels as counted by `mcuforge verify`),
// scaled by the core's instruction ratio, CPI and dtype factors (boards/cores/*.yaml), over the clock.
// Hook for measured counts: a MeasuredInstructions (e.g. from the QEMU instruction counter) replaces
// the model's instruction count for the core it was measured on and rescales it for the others.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "target/board_db.h"

namespace mcuforge::target {

struct OpCost {
  std::string op;      // TFLite op name, e.g. CONV_2D
  std::string kernel;  // e.g. mf_conv2d_s8 (dtype from the suffix)
  int64_t macs = 0;
  int64_t output_bytes = 0;
};

struct MeasuredInstructions {
  std::string core;          // core id it was measured on, e.g. cortex-m4f
  int64_t instructions = 0;  // one invoke
  std::string source;        // where the number comes from (file)
};

struct LatencyEstimate {
  double cycles = 0;
  double milliseconds = 0;
  double m4_instructions = 0;  // the model's Cortex-M4 instruction estimate
  double cycles_per_mac = 0;   // cycles / total MACs (0 without MACs)
  bool measured = false;       // scaled from a MeasuredInstructions
  std::string assumption;      // one line for the report
};

// Cortex-M4 instructions for one op, for the kernel it calls (OpCost::kernel): the Arm DSP variants
// (*__cm_dsp*) have their own fit, every other kernel the reference-style one. So the estimate is for
// the kernels the compiled code really uses on the core (the portable ones on ESP32/RISC-V/M0+).
double m4_instructions(const OpCost& op);
// Cycles on `core` for the ops (before any measurement).
double core_cycles(const std::vector<OpCost>& ops, const Core& core);

LatencyEstimate estimate_latency(const std::vector<OpCost>& ops, const Core& core, int64_t clock_hz,
                                 const std::optional<MeasuredInstructions>& measured = std::nullopt,
                                 const Core* measured_core = nullptr);

// The int8 convolution cycles per MAC this core is assumed to reach (for `mcuforge boards`).
double int8_conv_cycles_per_mac(const Core& core);

}  // namespace mcuforge::target
