// SPDX-License-Identifier: Apache-2.0
// Text of the files `mcuforge export --c-array` writes. The resolver method names are those of TFLM's
// tensorflow/lite/micro/micro_mutable_op_resolver.h.
#include "export/tflm_export.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <map>

#include "diagnostics/error.h"

namespace mcuforge::exporter {
namespace {

const std::map<std::string, std::string>& builtin_methods() {
  static const std::map<std::string, std::string> m = {
      {"ABS", "AddAbs"},
      {"ADD", "AddAdd"},
      {"ADD_N", "AddAddN"},
      {"ARG_MAX", "AddArgMax"},
      {"ARG_MIN", "AddArgMin"},
      {"ASSIGN_VARIABLE", "AddAssignVariable"},
      {"AVERAGE_POOL_2D", "AddAveragePool2D"},
      {"BATCH_MATMUL", "AddBatchMatMul"},
      {"BATCH_TO_SPACE_ND", "AddBatchToSpaceNd"},
      {"BROADCAST_ARGS", "AddBroadcastArgs"},
      {"BROADCAST_TO", "AddBroadcastTo"},
      {"CALL_ONCE", "AddCallOnce"},
      {"CAST", "AddCast"},
      {"CEIL", "AddCeil"},
      {"CONCATENATION", "AddConcatenation"},
      {"CONV_2D", "AddConv2D"},
      {"COS", "AddCos"},
      {"CUMSUM", "AddCumSum"},
      {"DEPTH_TO_SPACE", "AddDepthToSpace"},
      {"DEPTHWISE_CONV_2D", "AddDepthwiseConv2D"},
      {"DEQUANTIZE", "AddDequantize"},
      {"DIV", "AddDiv"},
      {"ELU", "AddElu"},
      {"EMBEDDING_LOOKUP", "AddEmbeddingLookup"},
      {"EQUAL", "AddEqual"},
      {"EXP", "AddExp"},
      {"EXPAND_DIMS", "AddExpandDims"},
      {"FILL", "AddFill"},
      {"FLOOR", "AddFloor"},
      {"FLOOR_DIV", "AddFloorDiv"},
      {"FLOOR_MOD", "AddFloorMod"},
      {"FULLY_CONNECTED", "AddFullyConnected"},
      {"GATHER", "AddGather"},
      {"GATHER_ND", "AddGatherNd"},
      {"GREATER", "AddGreater"},
      {"GREATER_EQUAL", "AddGreaterEqual"},
      {"HARD_SWISH", "AddHardSwish"},
      {"IF", "AddIf"},
      {"L2_NORMALIZATION", "AddL2Normalization"},
      {"L2_POOL_2D", "AddL2Pool2D"},
      {"LEAKY_RELU", "AddLeakyRelu"},
      {"LESS", "AddLess"},
      {"LESS_EQUAL", "AddLessEqual"},
      {"LOG", "AddLog"},
      {"LOG_SOFTMAX", "AddLogSoftmax"},
      {"LOGICAL_AND", "AddLogicalAnd"},
      {"LOGICAL_NOT", "AddLogicalNot"},
      {"LOGICAL_OR", "AddLogicalOr"},
      {"LOGISTIC", "AddLogistic"},
      {"MAX_POOL_2D", "AddMaxPool2D"},
      {"MAXIMUM", "AddMaximum"},
      {"MEAN", "AddMean"},
      {"MINIMUM", "AddMinimum"},
      {"MIRROR_PAD", "AddMirrorPad"},
      {"MUL", "AddMul"},
      {"NEG", "AddNeg"},
      {"NOT_EQUAL", "AddNotEqual"},
      {"PACK", "AddPack"},
      {"PAD", "AddPad"},
      {"PADV2", "AddPadV2"},
      {"PRELU", "AddPrelu"},
      {"QUANTIZE", "AddQuantize"},
      {"READ_VARIABLE", "AddReadVariable"},
      {"REDUCE_ALL", "AddReduceAll"},
      {"REDUCE_MAX", "AddReduceMax"},
      {"REDUCE_MIN", "AddReduceMin"},
      {"RELU", "AddRelu"},
      {"RELU6", "AddRelu6"},
      {"RESHAPE", "AddReshape"},
      {"RESIZE_BILINEAR", "AddResizeBilinear"},
      {"RESIZE_NEAREST_NEIGHBOR", "AddResizeNearestNeighbor"},
      {"REVERSE_V2", "AddReverseV2"},
      {"ROUND", "AddRound"},
      {"RSQRT", "AddRsqrt"},
      {"SELECT_V2", "AddSelectV2"},
      {"SHAPE", "AddShape"},
      {"SIN", "AddSin"},
      {"SLICE", "AddSlice"},
      {"SOFTMAX", "AddSoftmax"},
      {"SPACE_TO_BATCH_ND", "AddSpaceToBatchNd"},
      {"SPACE_TO_DEPTH", "AddSpaceToDepth"},
      {"SPLIT", "AddSplit"},
      {"SPLIT_V", "AddSplitV"},
      {"SQRT", "AddSqrt"},
      {"SQUARE", "AddSquare"},
      {"SQUARED_DIFFERENCE", "AddSquaredDifference"},
      {"SQUEEZE", "AddSqueeze"},
      {"STRIDED_SLICE", "AddStridedSlice"},
      {"SUB", "AddSub"},
      {"SUM", "AddSum"},
      {"SVDF", "AddSvdf"},
      {"TANH", "AddTanh"},
      {"TRANSPOSE", "AddTranspose"},
      {"TRANSPOSE_CONV", "AddTransposeConv"},
      {"UNIDIRECTIONAL_SEQUENCE_LSTM", "AddUnidirectionalSequenceLSTM"},
      {"UNPACK", "AddUnpack"},
      {"VAR_HANDLE", "AddVarHandle"},
      {"WHILE", "AddWhile"},
      {"ZEROS_LIKE", "AddZerosLike"},
  };
  return m;
}

// Custom ops whose kernels ship with TFLM and have a resolver method.
const std::map<std::string, std::string>& custom_methods() {
  static const std::map<std::string, std::string> m = {
      {"CIRCULAR_BUFFER", "AddCircularBuffer"},
      {"SignalDelay", "AddDelay"},
      {"SignalEnergy", "AddEnergy"},
      {"SignalFftAutoScale", "AddFftAutoScale"},
      {"SignalFilterBank", "AddFilterBank"},
      {"SignalFilterBankLog", "AddFilterBankLog"},
      {"SignalFilterBankSpectralSubtraction", "AddFilterBankSpectralSubtraction"},
      {"SignalFilterBankSquareRoot", "AddFilterBankSquareRoot"},
      {"SignalFramer", "AddFramer"},
      {"SignalIrfft", "AddIrfft"},
      {"SignalOverlapAdd", "AddOverlapAdd"},
      {"SignalPCAN", "AddPCAN"},
      {"SignalRfft", "AddRfft"},
      {"SignalStacker", "AddStacker"},
      {"SignalWindow", "AddWindow"},
      {"TFLite_Detection_PostProcess", "AddDetectionPostprocess"},
  };
  return m;
}

std::string hex_bytes(std::span<const uint8_t> bytes) {
  static const char* hex = "0123456789abcdef";
  std::string s;
  s.reserve(bytes.size() * 6 + bytes.size() / 12 * 4 + 8);
  for (size_t i = 0; i < bytes.size(); ++i) {
    if (i % 12 == 0) s += "  ";
    s += "0x";
    s += hex[bytes[i] >> 4];
    s += hex[bytes[i] & 15];
    if (i + 1 < bytes.size()) s += (i % 12 == 11) ? ",\n" : ", ";
  }
  if (!bytes.empty()) s += "\n";
  return s;
}

std::string guard_for(const std::string& file) {
  std::string g = "MCUFORGE_" + c_identifier_from(file) + "_";
  std::transform(g.begin(), g.end(), g.begin(), [](unsigned char ch) { return static_cast<char>(std::toupper(ch)); });
  return g;
}

}  // namespace

std::string c_identifier_from(const std::string& stem) {
  std::string s;
  for (unsigned char ch : stem) s += (std::isalnum(ch) || ch == '_') ? static_cast<char>(ch) : '_';
  if (s.empty() || std::isdigit(static_cast<unsigned char>(s[0]))) s = "_" + s;
  return s;
}

bool is_c_identifier(const std::string& s) {
  if (s.empty() || std::isdigit(static_cast<unsigned char>(s[0]))) return false;
  return std::all_of(s.begin(), s.end(), [](unsigned char ch) { return std::isalnum(ch) || ch == '_'; });
}

std::vector<std::string> tflm_builtin_ops() {
  std::vector<std::string> names;
  for (const auto& [name, method] : builtin_methods()) names.push_back(name);
  return names;
}

std::string tflm_resolver_method(const std::string& builtin_name) {
  auto it = builtin_methods().find(builtin_name);
  return it == builtin_methods().end() ? "" : it->second;
}

TflmKernelDtypes tflm_kernel_dtypes(const std::string& builtin_name) {
  // Ops whose TFLM kernel takes fewer dtypes than mcuforge's (checked against TensorFlow Lite's
  // interpreter instead: tests/oracle ORACLE_TFLITE).
  using D = ir::DType;
  const std::vector<D> f32_s8 = {D::kFloat32, D::kInt8};
  static const std::map<std::string, TflmKernelDtypes> limits = {
      {"EXP", {{D::kFloat32}, {}, {}}},
      {"ARG_MAX", {f32_s8, {}, {D::kInt32}}},
      {"ARG_MIN", {f32_s8, {}, {D::kInt32}}},
      {"GATHER", {f32_s8, {D::kInt32}, {}}},
      {"GATHER_ND", {f32_s8, {D::kInt32}, {}}},
      {"CUMSUM", {f32_s8, {}, {}}},
      {"DEPTH_TO_SPACE", {f32_s8, {}, {}}},
      {"SPACE_TO_DEPTH", {f32_s8, {}, {}}},
      {"BATCH_TO_SPACE_ND", {f32_s8, {}, {}}},
      {"SPACE_TO_BATCH_ND", {f32_s8, {}, {}}},
      {"RESIZE_BILINEAR", {f32_s8, {}, {}}},  // no int16 in TFLM
      // Binary family: TFLM's FLOOR_DIV / FLOOR_MOD run float32 only, its SELECT_V2 no int32 values.
      {"FLOOR_DIV", {{D::kFloat32}, {}, {}}},
      {"FLOOR_MOD", {{D::kFloat32}, {}, {}}},
      {"SELECT_V2", {{}, {D::kFloat32, D::kInt8, D::kInt16}, {}}},
      // PAD / PADV2 read their paddings (second input) as int32: int64 paddings are rejected in Prepare.
      {"PAD", {{}, {D::kInt32}, {}}},
      {"PADV2", {{}, {D::kInt32}, {}}},
  };
  auto it = limits.find(builtin_name);
  return it == limits.end() ? TflmKernelDtypes{} : it->second;
}

namespace {

std::string dtype_list(const std::vector<ir::DType>& dtypes) {
  std::string names;
  for (ir::DType d : dtypes) names += (names.empty() ? "" : ", ") + std::string(ir::dtype_name(d));
  return names;
}

// "" when TFLM's kernel takes this tensor's dtype, else why not.
std::string dtype_refusal(const ir::Graph& g, int32_t tensor, const std::vector<ir::DType>& allowed,
                          const std::string& op, const char* role) {
  if (allowed.empty() || tensor == ir::kNoTensor) return "";
  const ir::DType d = g.tensor(tensor).dtype;
  if (std::find(allowed.begin(), allowed.end(), d) != allowed.end()) return "";
  return "TFLM's " + op + " kernel takes only " + dtype_list(allowed) + " " + role + ", this op's is " +
         std::string(ir::dtype_name(d));
}

}  // namespace

std::vector<std::string> tflm_cannot_run(const ir::Graph& g) {
  std::vector<std::string> why;
  for (const ir::Op& op : g.ops) {
    if (op.type == ir::OpType::kCustom) continue;  // the resolver notes say what to register
    const std::string where = "op " + std::to_string(op.index) + " (" + op.name + ")";
    if (tflm_resolver_method(op.name).empty()) {
      why.push_back(where + ": TFLM has no kernel for " + op.name);
      continue;
    }
    const TflmKernelDtypes only = tflm_kernel_dtypes(op.name);
    for (const std::string& reason :
         {dtype_refusal(g, op.inputs.empty() ? ir::kNoTensor : op.inputs[0], only.input0, op.name, "inputs"),
          dtype_refusal(g, op.inputs.size() < 2 ? ir::kNoTensor : op.inputs[1], only.input1, op.name, "second inputs (indices, values)"),
          dtype_refusal(g, op.outputs.empty() ? ir::kNoTensor : op.outputs[0], only.output0, op.name, "outputs")}) {
      if (!reason.empty()) {
        why.push_back(where + ": " + reason);
        break;
      }
    }
  }
  return why;
}

std::vector<std::string> tflm_needs_folding(const ir::Graph& g) {
  std::vector<std::string> why;
  for (const ir::Op& op : g.ops) {
    // TFLM's FILL needs its dims as a constant ("Non-constant >dims< tensor is not supported"); Keras
    // RNN zero states compute them with SHAPE (mcuforge folds that chain at load time).
    if (op.type == ir::OpType::FILL && !op.inputs.empty() && op.inputs[0] != ir::kNoTensor &&
        !g.tensor(op.inputs[0]).is_constant()) {
      why.push_back("op " + std::to_string(op.index) + " (FILL): TFLM rejects a FILL whose dims are computed at run "
                    "time; export the folded model for TFLM: `mcuforge export MODEL --tflite -o folded.tflite`, "
                    "then `mcuforge export folded.tflite --c-array`");
    }
  }
  return why;
}

std::vector<ResolverEntry> tflm_resolver_entries(const ir::Graph& g) {
  std::vector<ResolverEntry> out;
  for (const ir::Op& op : g.ops) {
    const bool custom = op.type == ir::OpType::kCustom;
    const std::string key = custom ? "CUSTOM:" + op.name : op.name;
    if (std::any_of(out.begin(), out.end(), [&](const ResolverEntry& e) { return e.op == key; })) continue;
    ResolverEntry e;
    e.op = key;
    if (!custom) {
      const std::string method = tflm_resolver_method(op.name);
      if (method.empty()) {
        throw Error("TensorFlow Lite Micro cannot run this model: op " + std::to_string(op.index) + " (" + op.name +
                        ") has no kernel in TFLM's MicroMutableOpResolver",
                    "mcuforge runs it: deploy it with `mcuforge compile` or `mcuforge deploy`; for TFLM, "
                    "replace the op in the model (TILE: an UpSampling2D with interpolation='nearest' in "
                    "Keras 2 converts to RESIZE_NEAREST_NEIGHBOR) or register your own kernel with AddCustom");
      }
      e.call = method + "()";
    } else if (auto it = custom_methods().find(op.name); it != custom_methods().end()) {
      e.call = it->second + "()";
    } else if (op.name == "ethos-u") {
      e.note = "the Ethos-U NPU op: call resolver.AddEthosU() in a TFLM build with the Ethos-U kernel "
               "(OPTIMIZED_KERNEL_DIR=ethos_u); it registers nothing elsewhere";
    } else {
      e.note = "custom op '" + op.name + "' is not part of TFLM: provide its TFLMRegistration and call "
               "resolver.AddCustom(\"" + op.name + "\", <your registration>)";
    }
    out.push_back(std::move(e));
  }
  return out;
}

CArrayExport export_c_array(std::span<const uint8_t> model_bytes, const ir::Graph& g,
                            const CArrayExportOptions& o) {
  if (!is_c_identifier(o.name)) {
    throw Error("--name '" + o.name + "' is not a C identifier", "use letters, digits and '_', not starting with a digit");
  }
  CArrayExport r;
  r.resolver = tflm_resolver_entries(g);
  if (const std::vector<std::string> why = tflm_cannot_run(g); !why.empty()) {
    throw Error("TensorFlow Lite Micro cannot run this model: " + why.front() +
                    (why.size() > 1 ? " (and " + std::to_string(why.size() - 1) + " more)" : ""),
                "mcuforge runs it: deploy it with `mcuforge compile` or `mcuforge deploy`; for TFLM, "
                "change the op's dtype in the model (e.g. keep EXP in float32)");
  }
  for (const std::string& why : tflm_needs_folding(g)) r.warnings.push_back(why);
  r.arena = tflm_arena_size(g, 4);
  const std::string& N = o.name;
  const size_t n_ops = r.resolver.size();

  // model_data.h
  {
    const std::string guard = guard_for(o.header_file);
    std::string h;
    h += fmt::format("// Generated by mcuforge export from {}. Do not edit.\n", o.source_file);
    h += "// The model as a C array for TensorFlow Lite Micro: tflite::GetModel(" + N + "_tflite).\n";
    h += fmt::format("#ifndef {0}\n#define {0}\n\n", guard);
    h += fmt::format("extern const unsigned char {}_tflite[];\n", N);
    h += fmt::format("extern const unsigned int {}_tflite_len;\n\n", N);
    h += fmt::format("#endif  // {}\n", guard);
    r.files.emplace_back(o.header_file, h);
  }
  // model_data.cc
  {
    std::string c;
    c += fmt::format("// Generated by mcuforge export from {} ({} bytes). Do not edit.\n", o.source_file,
                     model_bytes.size());
    c += "// const: the model stays in flash; 16-byte aligned: the flatbuffer's own alignment needs, and\n";
    c += "// what TFLM expects of a model buffer.\n";
    c += fmt::format("#include \"{}\"\n\n", o.header_file);
    c += fmt::format("alignas(16) const unsigned char {}_tflite[] = {{\n", N);
    c += hex_bytes(model_bytes);
    c += "};\n";
    c += fmt::format("const unsigned int {}_tflite_len = {};\n", N, model_bytes.size());
    r.files.emplace_back(o.cc_file, c);
  }
  // NAME_op_resolver.h
  {
    const std::string file = N + "_op_resolver.h";
    const std::string guard = guard_for(file);
    std::string h;
    h += fmt::format("// Generated by mcuforge export from {}. Do not edit.\n", o.source_file);
    h += "// The TensorFlow Lite Micro op resolver with exactly the ops this model uses, and the arena size.\n";
    h += fmt::format("#ifndef {0}\n#define {0}\n\n#include <cstddef>\n\n", guard);
    h += "#include \"tensorflow/lite/micro/micro_mutable_op_resolver.h\"\n\n";
    h += "// Exact arena size for tflite::MicroInterpreter on a 32-bit target (Cortex-M) with TFLM's reference\n";
    h += "// kernels: what interpreter.arena_used_bytes() reports after AllocateTensors(). Computed by mcuforge\n";
    h += "// from the model by replaying TFLM's allocator:\n";
    h += fmt::format("//   head {:>8} bytes: GreedyMemoryPlanner over the activation tensors and kernel scratch buffers\n",
                     r.arena.head);
    h += fmt::format("//   tail {:>8} bytes: persistent TFLM structs (eval tensors, nodes, op data, per-channel\n",
                     r.arena.tail);
    h += "//                      quantization, variable tensors, input/output TfLiteTensors, allocator)\n";
    h += "// The arena buffer must be 16-byte aligned (alignas(16) uint8_t arena[...]). Optimized kernels\n";
    h += "// (CMSIS-NN, ...) request other scratch buffers; 64-bit builds need more (bigger structs).\n";
    if (!r.arena.exact()) {
      std::string ops;
      for (const std::string& s : r.arena.approximate_ops) {
        if (ops.find(s) == std::string::npos) ops += (ops.empty() ? "" : ", ") + s;
      }
      h += "// WARNING: not exact, a lower bound: the persistent/scratch use of these ops is not modelled: " + ops + "\n";
      r.warnings.push_back("the arena size is a lower bound: not modelled exactly for " + ops);
    }
    h += fmt::format("constexpr size_t {}_kArenaSize = {};\n\n", N, r.arena.total);
    h += fmt::format("// Number of distinct ops the model uses (the resolver's capacity).\n");
    h += fmt::format("constexpr unsigned int {}_kOpCount = {};\n\n", N, n_ops);
    h += "// Registers every op of the model; returns `resolver`. Use:\n";
    h += fmt::format("//   tflite::MicroMutableOpResolver<{}_kOpCount> resolver;\n", N);
    h += fmt::format("//   {}_RegisterOps(resolver);\n", N);
    h += fmt::format("inline tflite::MicroMutableOpResolver<{0}>& {1}_RegisterOps(\n"
                     "    tflite::MicroMutableOpResolver<{0}>& resolver) {{\n", n_ops, N);
    for (const ResolverEntry& e : r.resolver) {
      if (!e.call.empty()) {
        h += fmt::format("  resolver.{};  // {}\n", e.call, e.op);
      } else {
        h += fmt::format("  // {}: {}\n", e.op, e.note);
        r.warnings.push_back(e.op + ": " + e.note);
      }
    }
    h += "  return resolver;\n}\n\n";
    h += fmt::format("#endif  // {}\n", guard);
    r.files.emplace_back(file, h);
  }
  return r;
}

}  // namespace mcuforge::exporter
