// SPDX-License-Identifier: Apache-2.0
#include "target/cost_model.h"

#include <fmt/format.h>

#include <set>

namespace mcuforge::target {
namespace {

// instructions = per_mac * MACs + per_element * output elements, fitted (least squares over every
// op of mlperf_kws_dscnn, mlperf_vww, mlperf_ic_resnet8 and mlperf_ad_toycar, int8) to the per-op
// instruction counts of TFLM's reference kernels in ../shared/baselines/tflm_cortex_m4.json
// (arm-none-eabi-gcc 12.2 -O2, QEMU mps2-an386). The whole-model sums are within 2% of the
// measurement; single ops within 16%, except 1-channel first convolutions (up to 70% under).
struct OpModel {
  const char* op;
  double per_mac;
  double per_element;
};
constexpr OpModel kModels[] = {
    {"CONV_2D", 6.6, 222},
    {"DEPTHWISE_CONV_2D", 43.2, 4.8},
    {"FULLY_CONNECTED", 7.0, 63},
    {"AVERAGE_POOL_2D", 7.6, 63},
    {"MAX_POOL_2D", 7.6, 63},
    {"SOFTMAX", 0, 220},
    {"ADD", 0, 129},  // mcuforge's mf_add_s8 measured on mlperf_ic_resnet8 (TFLM reference: 89)
    {"SUB", 0, 89},
    {"MUL", 0, 89},
    {"LOGISTIC", 0, 120},
    {"TANH", 0, 120},
    {"HARD_SWISH", 0, 90},
    // mcuforge's mf_reduce_sum_s8 (one MAC per input element), measured with `verify --core cortex-m4`
    // on a 10x12x16 global average pooling (tests/codegen/test_codegen_reduce.py): 17007 instructions.
    {"MEAN", 8.5, 40},
    {"SUM", 8.5, 40},
};
// The same model fitted to mcuforge's own Cortex-M4 DSP kernel variants (mf_*_s8__cm_dsp, selected
// by `compile --core` for cores with the DSP extension), from `mcuforge verify --core cortex-m4`
// per-function instruction counts on mlperf_kws_dscnn, mlperf_vww, mlperf_ic_resnet8 and
// mlperf_ad_toycar (int8; kernel helpers, im2col copies included). Whole-model sums within 5%.
constexpr OpModel kDspModels[] = {
    {"CONV_2D", 1.35, 31},
    {"DEPTHWISE_CONV_2D", 6.7, 0.74},
    {"FULLY_CONNECTED", 1.59, 73},
    {"MEAN", 1.94, 40},  // mf_reduce_sum_s8__cm_dsp on the same GAP: 4367 instructions
    {"SUM", 1.94, 40},
};
// Ops with MACs not in the table (LSTM, SVDF, ...): like a fully connected layer. Ops without MACs:
// element-wise default, or a few instructions per byte for data movement.
constexpr double kDefaultPerMac = 7.0, kDefaultPerElementWithMacs = 63, kDefaultPerElement = 40;
constexpr double kCopyPerByte = 2.0;

int element_bytes(const std::string& kernel) {
  auto ends = [&](const char* s) {
    const std::string t(s);
    return kernel.size() >= t.size() && kernel.compare(kernel.size() - t.size(), t.size(), t) == 0;
  };
  if (ends("_f32") || ends("_s32")) return 4;
  if (ends("_s16")) return 2;
  return 1;
}

bool is_data_movement(const std::string& op) {
  // Ops that only copy (or index) elements: a few instructions per output byte, whatever the dtype.
  static const std::set<std::string> kCopies = {
      "RESHAPE", "CONCATENATION", "STRIDED_SLICE", "PACK", "UNPACK", "SPLIT", "SPLIT_V", "TRANSPOSE",
      "FILL", "SHAPE", "SQUEEZE", "EXPAND_DIMS", "PAD", "PADV2", "MIRROR_PAD", "SLICE", "REVERSE_V2",
      "BROADCAST_TO", "BROADCAST_ARGS", "TILE", "GATHER", "GATHER_ND", "EMBEDDING_LOOKUP", "DEPTH_TO_SPACE",
      "SPACE_TO_DEPTH", "BATCH_TO_SPACE_ND", "SPACE_TO_BATCH_ND", "ZEROS_LIKE", "RESIZE_NEAREST_NEIGHBOR"};
  return kCopies.count(op) > 0;
}

double dtype_factor(const std::string& kernel, const Core& core) {
  const int eb = element_bytes(kernel);
  if (kernel.find("_f32") != std::string::npos) return core.cost.float32_factor;
  if (eb == 2) return core.cost.int16_factor;
  return 1.0;
}

}  // namespace

static bool is_dsp_variant(const std::string& kernel) { return kernel.find("__cm_dsp") != std::string::npos; }

double m4_instructions(const OpCost& op) {
  const double elements = static_cast<double>(op.output_bytes) / element_bytes(op.kernel);
  if (is_data_movement(op.op)) return kCopyPerByte * static_cast<double>(op.output_bytes);
  // The cost of the kernel the compiled code calls: the DSP fit for the Arm DSP variants (chosen by
  // the compiler for cores with arm-dsp), the reference fit for the portable kernels.
  if (is_dsp_variant(op.kernel)) {
    for (const auto& m : kDspModels)
      if (op.op == m.op) return m.per_mac * static_cast<double>(op.macs) + m.per_element * elements;
  }
  for (const auto& m : kModels)
    if (op.op == m.op) return m.per_mac * static_cast<double>(op.macs) + m.per_element * elements;
  if (op.macs > 0) return kDefaultPerMac * static_cast<double>(op.macs) + kDefaultPerElementWithMacs * elements;
  return kDefaultPerElement * elements;
}

double core_cycles(const std::vector<OpCost>& ops, const Core& core) {
  double cycles = 0;
  for (const auto& op : ops) {
    const double f = is_data_movement(op.op) ? 1.0 : dtype_factor(op.kernel, core);
    cycles += m4_instructions(op) * f * core.cost.instructions_vs_m4 * core.cost.cycles_per_instruction;
  }
  return cycles;
}

double int8_conv_cycles_per_mac(const Core& core) {
  return (core.has("arm-dsp") ? 1.35 : 6.6) * core.cost.instructions_vs_m4 * core.cost.cycles_per_instruction;
}

LatencyEstimate estimate_latency(const std::vector<OpCost>& ops, const Core& core, int64_t clock_hz,
                                 const std::optional<MeasuredInstructions>& measured, const Core* measured_core) {
  LatencyEstimate e;
  int64_t macs = 0, dsp_ops = 0;
  for (const auto& op : ops) {
    e.m4_instructions += m4_instructions(op);
    macs += op.macs;
    dsp_ops += is_dsp_variant(op.kernel) ? 1 : 0;
  }
  e.cycles = core_cycles(ops, core);
  e.assumption = fmt::format(
      "{:.2f}x Cortex-M4 instructions x CPI {:.2f} on {} at {} MHz; op costs fitted to instruction counts "
      "on the Cortex-M4 in QEMU ({})",
      core.cost.instructions_vs_m4, core.cost.cycles_per_instruction, core.id, clock_hz / 1000000,
      dsp_ops > 0 ? "mcuforge's DSP kernels, measured with `mcuforge verify`" : "reference-style kernels, TFLM baseline");
  if (measured && measured_core && measured->instructions > 0) {
    // The measurement replaces the model on the core it was taken on; other cores keep the model's
    // ratio between the two cores (instruction set, CPI, float emulation).
    const double model_on_measured = core_cycles(ops, *measured_core) / measured_core->cost.cycles_per_instruction;
    if (model_on_measured > 0) {
      e.cycles *= static_cast<double>(measured->instructions) / model_on_measured;
      e.measured = true;
      e.assumption = fmt::format("{} measured instructions on {} ({}), scaled to {} (CPI {:.2f}) at {} MHz",
                                 measured->instructions, measured->core, measured->source, core.id,
                                 core.cost.cycles_per_instruction, clock_hz / 1000000);
    }
  }
  e.milliseconds = e.cycles / static_cast<double>(clock_hz) * 1000.0;
  e.cycles_per_mac = macs > 0 ? e.cycles / static_cast<double>(macs) : 0;
  return e;
}

}  // namespace mcuforge::target
