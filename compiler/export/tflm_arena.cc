// SPDX-License-Identifier: Apache-2.0
// Replays TFLM's arena bookkeeping (MicroAllocator + SingleArenaBufferAllocator + GreedyMemoryPlanner
// + the reference kernels' Init/Prepare) for one subgraph. See tflm_arena.h for the breakdown. The
// struct sizes below are those of TFLM built with TF_LITE_STATIC_MEMORY (as its Makefile does), laid
// out for the given pointer size; they were derived from TFLM's headers and checked against
// arena_used_bytes() measured on 32-bit ARM and x86_64 (tflm_arena_test.cc).
#include "export/tflm_arena.h"

#include <algorithm>
#include <variant>

namespace mcuforge::exporter {
namespace {

constexpr int64_t kArenaAlign = 16;  // MicroArenaBufferAlignment()

int64_t align_up(int64_t v, int64_t a) { return (v + a - 1) / a * a; }

// Sizes of TFLM's C structs for pointer size P (TF_LITE_STATIC_MEMORY layout).
struct Layout {
  int64_t P;
  int64_t eval_tensor() const { return align_up(2 * P + 4, P); }             // data, dims, type
  int64_t node_and_registration() const { return align_up(7 * P + 4, P); }   // TfLiteNode + reg*
  int64_t tflite_tensor() const { return align_up(2 * P + 8 + 3 * P + 9, P); }  // static TfLiteTensor
  int64_t affine_quantization() const { return align_up(2 * P + 4, P); }      // scale*, zp*, dim
  // Allocator objects created before the model is looked at: SingleArenaBufferAllocator,
  // GreedyMemoryPlanner, MicroAllocator, MicroBuiltinDataAllocator, one SubgraphAllocations.
  // Calibrated against the measured figures (see tflm_arena_test.cc).
  int64_t fixed_objects() const { return P == 4 ? 132 : 240; }
  // A pointer-aligned allocation between the parsed options and the first OpData that only shows on
  // 64-bit builds (on 32-bit it disappears in the 16-byte padding). Calibrated, see tflm_arena_test.cc.
  int64_t after_builtin() const { return P == 4 ? 0 : 8; }
};

// The persistent section grows down from the (16-aligned) end of the arena: each allocation moves the
// tail down by `size` and aligns it down, so in bytes-from-the-end it is an align-up.
struct Tail {
  int64_t used = 0;
  void alloc(int64_t size, int64_t align) { used = align_up(used + size, align); }
};

struct OpCost {
  std::vector<int64_t> builtin;     // parsed options struct(s), alignment 4
  int64_t builtin_align = 4;        // alignof the options struct (1 for TfLiteReducerParams)
  std::vector<int64_t> persistent;  // AllocatePersistentBuffer in Init/Prepare (16-aligned)
  std::vector<int64_t> scratch;     // RequestScratchBufferInArena in Prepare
  bool approximate = false;
};

// The Signal* custom ops of TFLM's signal library (signal/micro/kernels): their Init allocates the
// op's params struct and, for some, a state or work array; only Rfft asks for a scratch buffer. The
// values the kernels read from the flexbuffer options (fft_length, num_channels) are recovered from
// the tensor shapes. Custom ops without a TFLM kernel here are flagged approximate.
OpCost signal_op_cost(const ir::Graph& g, const ir::Op& op, int64_t P) {
  OpCost c;
  auto out_last_dim = [&](size_t k) -> int64_t {
    if (k >= op.outputs.size() || op.outputs[k] < 0) return 0;
    const ir::Tensor& t = g.tensor(op.outputs[k]);
    return t.shape.empty() ? 1 : t.shape.back();
  };
  if (op.name == "SignalWindow" || op.name == "SignalEnergy" || op.name == "SignalFilterBankLog") {
    c.persistent = {8};  // two int32 params
  } else if (op.name == "SignalPCAN") {
    c.persistent = {4};  // snr_shift
  } else if (op.name == "SignalFftAutoScale" || op.name == "SignalFilterBankSquareRoot") {
    // No Init: nothing persistent, Prepare only checks the tensors.
  } else if (op.name == "SignalRfft") {
    const ir::Tensor* x = g.op_input(op, 0);
    const int64_t elem = x ? static_cast<int64_t>(ir::dtype_size(x->dtype)) : 2;
    // The output holds fft_length / 2 + 1 complex values.
    const int64_t fft_length = out_last_dim(0) - 2;
    // Params: four int32, the type enum, a work-area pointer, the scratch index, a state pointer.
    c.persistent.push_back(align_up(align_up(5 * 4, P) + P + 4, P) + P);
    // State: kiss_fftr_alloc(fft_length) of the KISS FFT v1.3.0 TFLM builds (complex = 2 x T):
    // the real-FFT header (three pointers), the half-length complex FFT (nfft, inverse, 64 factors
    // and nfft complex twiddles) and 3/4 fft_length complex super-twiddles and temporaries.
    const int64_t cpx = 2 * elem;
    const int64_t half = fft_length / 2;
    const int64_t sub = 8 + 64 * 4 + cpx * half;
    c.persistent.push_back(3 * P + sub + cpx * (half * 3 / 2));
    c.scratch.push_back(fft_length * elem);  // zero-padded input copy
  } else if (op.name == "SignalFilterBank") {
    const int64_t channels = out_last_dim(0);
    // FilterbankConfig (num_channels, five array pointers, two int32) + the work-area pointer.
    c.persistent.push_back(align_up(align_up(4, P) + 5 * P + 8, P) + P);
    c.persistent.push_back((channels + 1) * 8);  // uint64 work area, channel 0 is scratch
  } else if (op.name == "SignalFilterBankSpectralSubtraction") {
    const int64_t channels = out_last_dim(0);
    // SpectralSubtractionConfig (eight 32-bit fields + a bool = 36) + noise pointer + size_t.
    c.persistent.push_back(align_up(36, P) + 2 * P);
    c.persistent.push_back(channels * 4);  // uint32 noise estimate
  } else {
    c.approximate = true;
  }
  return c;
}

// What each reference kernel allocates. Sizes are for TFLM's OpData structs at pointer size P.
// Checked by a measured figure (a corpus model that uses the op is exact): CONV_2D, DEPTHWISE_CONV_2D,
// FULLY_CONNECTED, AVERAGE/MAX_POOL_2D, SOFTMAX (int8, int16, float), RESHAPE, ADD, MUL, QUANTIZE,
// DEQUANTIZE, LOGISTIC, HARD_SWISH, CONCATENATION, SVDF, UNIDIRECTIONAL_SEQUENCE_LSTM (int8 and float),
// and, through the audio preprocessors, DIV, STRIDED_SLICE, CAST, MAXIMUM, MINIMUM and the Signal*
// custom ops. From the TFLM sources only: TANH, MEAN, SUM, REDUCE_MAX, REDUCE_MIN, REDUCE_ALL (their scratch requests,
// and so the head, equal what the tflite-micro package's RecordingMicroAllocator reports for GAP,
// SUM and REDUCE_MAX models; its tail includes the recording allocator's own objects).
OpCost op_cost(const ir::Graph& g, const ir::Op& op, int64_t P) {
  OpCost c;
  auto in = [&](size_t k) { return g.op_input(op, k); };
  const int64_t ptr2 = 2 * P;
  auto opdata_conv = [&] { return 56 + 2 * (P - 4) + (P == 8 ? 4 : 0); };  // OpDataConv
  switch (op.type) {
    case ir::OpType::CONV_2D:
    case ir::OpType::DEPTHWISE_CONV_2D: {
      c.builtin = {28};  // TfLiteConvParams / TfLiteDepthwiseConvParams (7 ints)
      c.persistent = {opdata_conv()};
      const ir::Tensor* f = in(1);
      const int64_t channels = f ? f->dim(op.type == ir::OpType::CONV_2D ? 0 : 3) : 0;
      c.persistent.push_back(channels * 4);  // per_channel_output_multiplier
      c.persistent.push_back(channels * 4);  // per_channel_output_shift
      break;
    }
    case ir::OpType::FULLY_CONNECTED: {
      c.builtin = {16};  // TfLiteFullyConnectedParams
      c.persistent = {32 + ptr2 + 8};  // OpDataFullyConnected
      const ir::Tensor* f = in(1);
      const ir::Tensor* x = in(0);
      if (f && x && x->dtype != ir::DType::kFloat32 && f->quant.per_channel()) {
        c.persistent.push_back(static_cast<int64_t>(f->quant.scale.size()) * 4);
        c.persistent.push_back(static_cast<int64_t>(f->quant.scale.size()) * 4);
      }
      break;
    }
    case ir::OpType::AVERAGE_POOL_2D:
    case ir::OpType::MAX_POOL_2D:
      c.builtin = {40};      // TfLitePoolParams
      c.persistent = {32};   // OpDataPooling
      break;
    // tconv family: TRANSPOSE_CONV's OpData (ConvParams, two buffer indices, two pointers) and per-channel
    // arrays, and its scratch accumulators (int32 for int8, int64 for int16x8, plus an int64 copy of an
    // int16 bias); L2_POOL_2D copies the output's dims into persistent memory to rewrite them.
    case ir::OpType::TRANSPOSE_CONV: {
      c.builtin = {20};  // TfLiteTransposeConvParams (5 ints)
      c.persistent = {align_up(56 + 8, P) + 2 * P};
      const ir::Tensor* f = in(1);
      const ir::Tensor* x = in(2);
      const int64_t channels = f && f->rank() == 4 ? f->dim(0) : 0;
      c.persistent.push_back(channels * 4);  // per_channel_output_multiplier
      c.persistent.push_back(channels * 4);  // per_channel_output_shift
      const int64_t out_elements = op.outputs.empty() ? 0 : g.tensor(op.outputs[0]).num_elements();
      if (x && x->dtype == ir::DType::kInt8) c.scratch.push_back(out_elements * 4);
      if (x && x->dtype == ir::DType::kInt16) {
        c.scratch.push_back(out_elements * 8);
        const ir::Tensor* b = in(3);
        if (b && b->dtype == ir::DType::kInt16) c.scratch.push_back(b->num_elements() * 8);
      }
      break;
    }
    case ir::OpType::L2_POOL_2D: {
      c.builtin = {40};  // TfLitePoolParams
      const int64_t rank = op.outputs.empty() ? 0 : static_cast<int64_t>(g.tensor(op.outputs[0]).shape.size());
      c.persistent = {4 + 4 * rank};  // CreateWritableTensorDimsWithCopy
      break;
    }
    case ir::OpType::SOFTMAX: {
      c.builtin = {4};                                   // TfLiteSoftmaxParams
      c.persistent = {align_up(28, 8) + 5 * P};          // SoftmaxParams
      const ir::Tensor* x = in(0);
      if (x && x->dtype == ir::DType::kInt16) {
        c.persistent.push_back(513 * 2);  // exp LUT
        c.persistent.push_back(513 * 2);  // 1/(1+x) LUT
      }
      break;
    }
    case ir::OpType::RESHAPE:
      c.builtin = {36};  // TfLiteReshapeParams; the kernel has no OpData
      break;
    case ir::OpType::ADD:
      c.builtin = {8};       // TfLiteAddParams
      c.persistent = {64};   // OpDataAdd
      break;
    case ir::OpType::MUL:
      c.builtin = {4};       // TfLiteMulParams
      c.persistent = {36};   // OpDataMul
      break;
    case ir::OpType::DIV:
      c.builtin = {4};
      c.persistent = {28};
      break;
    case ir::OpType::QUANTIZE:
      c.persistent = {32};  // OpDataQuantizeReference
      break;
    case ir::OpType::DEQUANTIZE:
      c.persistent = {32};  // DequantizeOpData
      break;
    case ir::OpType::LOGISTIC:
    case ir::OpType::TANH:
      c.persistent = {16};
      break;
    case ir::OpType::HARD_SWISH:
      c.persistent = {20};
      break;
    case ir::OpType::CONCATENATION:
      c.builtin = {8};
      c.persistent = {P == 4 ? 24 : 40};
      break;
    case ir::OpType::STRIDED_SLICE:
      c.builtin = {24};
      c.persistent = {84};
      break;
    case ir::OpType::CAST:
      c.builtin = {8};  // ParseCast allocates TfLiteCastParams (in/out type) even without options
      break;
    case ir::OpType::MAXIMUM:
    case ir::OpType::MINIMUM:
      break;
    // Data movement of the first corpus models: no Init (nothing persistent); only their parsed
    // builtin options take tail space (TfLitePackParams / TfLiteUnpackParams {int, int},
    // TfLiteSplitParams {int}, TfLiteShapeParams {TfLiteType}); FILL and TRANSPOSE parse no options.
    case ir::OpType::PACK:
    case ir::OpType::UNPACK:
      c.builtin = {8};
      break;
    case ir::OpType::SPLIT:
    case ir::OpType::SHAPE:
      c.builtin = {4};
      break;
    case ir::OpType::FILL:
    case ir::OpType::TRANSPOSE:
      break;
    // Data-movement family (pad.cc + pad_common.cc, mirror_pad.cc, squeeze.cc, expand_dims.cc, slice.cc,
    // split_v.cc, reverse.cc, broadcast_to.cc, broadcast_args.cc; options from flatbuffer_conversions.cc).
    case ir::OpType::PAD:
    case ir::OpType::PADV2:
      // ParsePad / ParsePadV2 allocate nothing. PadInit allocates the kernel's OpData: a PadParams
      // (int8 count, int32[5], int8 count, int32[5], uint8 resizing category: 52 bytes with padding)
      // followed by the int32 output zero point.
      c.persistent = {52 + 4};
      break;
    case ir::OpType::MIRROR_PAD: {
      c.builtin = {4};      // TfLiteMirrorPaddingParams: the padding mode enum
      c.persistent = {20};  // OpDataMirrorPad: five ints (rank, output size, offset, two buffer indices)
      // Prepare asks for two int arrays of one element per input dimension (the per-dimension element
      // strides of the output and of the input).
      const ir::Tensor* x = in(0);
      const int64_t rank = x ? int64_t{x->rank()} : 0;
      c.scratch.push_back(rank * 4);
      c.scratch.push_back(rank * 4);
      break;
    }
    case ir::OpType::SQUEEZE:
      c.builtin = {36};  // TfLiteSqueezeParams: int squeeze_dims[8] + their count; no Init
      break;
    case ir::OpType::SPLIT_V:
      c.builtin = {4};  // TfLiteSplitVParams: num_splits; no Init
      break;
    case ir::OpType::EXPAND_DIMS:
    case ir::OpType::SLICE:
    case ir::OpType::REVERSE_V2:
    case ir::OpType::BROADCAST_TO:
    case ir::OpType::BROADCAST_ARGS:
      // Their Parse* functions allocate no options and the kernels have no Init and request no scratch.
      break;
    case ir::OpType::SVDF: {
      c.builtin = {12};
      c.persistent = {40};
      const ir::Tensor* x = in(0);
      const ir::Tensor* wf = in(1);
      const int64_t batch = x ? x->dim(0) : 0;
      const int64_t filters = wf ? wf->dim(0) : 0;
      int64_t units = filters;
      if (const auto* o = std::get_if<ir::SVDFOptions>(&op.options); o && o->rank > 0) units = filters / o->rank;
      c.scratch.push_back(batch * filters * 4);
      if (x && x->dtype != ir::DType::kFloat32) c.scratch.push_back(batch * units * 4);
      break;
    }
    case ir::OpType::UNIDIRECTIONAL_SEQUENCE_LSTM: {
      // Builtin options: TfLiteUnidirectionalSequenceLSTMParams (activation, cell_clip, proj_clip and
      // three bools: 15 bytes, sizeof 16).
      c.builtin = {16};
      // Init allocates the kernel's OpDataLSTM; it holds no pointers, so it is the same on 32 and
      // 64 bit: LstmSizeInfo (bool + 4 ints, 20) + CellStateInfo (float, int16, int32: 12) + the
      // cell-gate activation enum (4) = 36; four GateParameters of two FullyConnectedParams each
      // (9 x 4-byte fields + 2 bools + a uint8 enum = 40) = 320, ending at 356; then, 8-aligned (the
      // int64 activation bounds), three ArithmeticParams (104 each: a uint8 enum padded to 4,
      // 14 x 4-byte fields, 2 x int64 at 64, broadcast_shape[5], rounded to 8) = 312, ending at 672;
      // and four scratch buffer indices, 688 in all.
      c.persistent = {688};
      // Prepare only takes temporary TfLiteTensors (released before the planner runs) and computes
      // the gate parameters in place; the intermediate tensors of the quantized form are shape-less
      // and never allocated. It then asks for four scratch buffers (the gate outputs it reuses for
      // the cell and hidden updates), each batch x state elements of the cell-state type.
      const ir::Tensor* x = in(0);
      const ir::Tensor* h = in(18);
      const ir::Tensor* cell = in(19);
      int64_t batch = 0;
      if (x && x->shape.size() >= 2) {
        bool time_major = false;
        if (const auto* o = std::get_if<ir::SequenceLSTMOptions>(&op.options)) time_major = o->time_major;
        batch = x->dim(time_major ? 1 : 0);
      }
      const int64_t state = h && h->shape.size() >= 2 ? h->dim(1) : 0;
      const int64_t cell_bytes = cell ? static_cast<int64_t>(ir::dtype_size(cell->dtype)) : 2;
      for (int i = 0; i < 4; ++i) c.scratch.push_back(batch * state * cell_bytes);
      break;
    }
    case ir::OpType::MEAN:
    case ir::OpType::SUM:
    case ir::OpType::REDUCE_MAX:
    case ir::OpType::REDUCE_MIN:
    case ir::OpType::REDUCE_ALL: {
      // reduce.cc / reduce_common.cc: ParseReducer allocates TfLiteReducerParams (one bool); Init the
      // OpDataReduce (11 four-byte fields, no pointers). Prepare asks for the int32 sums of every
      // output (MEAN and SUM, int8/int16 only), then an index per input dimension and per axis entry.
      c.builtin = {1};
      c.builtin_align = 1;
      c.persistent = {44};
      const ir::Tensor* x = in(0);
      const ir::Tensor* axis = in(1);
      const ir::Tensor* out = op.outputs.empty() ? nullptr : &g.op_output(op, 0);
      const bool sums = op.type == ir::OpType::MEAN || op.type == ir::OpType::SUM;
      if (sums && x && out && (x->dtype == ir::DType::kInt8 || x->dtype == ir::DType::kInt16)) {
        c.scratch.push_back(out->num_elements() * 4);
      }
      c.scratch.push_back((x ? x->rank() : 0) * int64_t{4});
      c.scratch.push_back((axis ? axis->num_elements() : 0) * 4);
      break;
    }
    // activation family (from the TFLM sources: the builtin params the parser allocates and each
    // kernel's OpData; none of them requests scratch)
    case ir::OpType::RELU:
      c.persistent = {28};  // ReluOpData: ActivationParams (12) + 4 x int32
      break;
    case ir::OpType::RELU6:
      c.persistent = {8};  // Relu6OpData: six, zero
      break;
    case ir::OpType::LEAKY_RELU:
      c.builtin = {4};      // TfLiteLeakyReluParams (alpha)
      c.persistent = {24};  // LeakyReluOpData: 6 x int32
      break;
    case ir::OpType::ELU:
      c.persistent = {256};  // the int8 lookup table
      break;
    case ir::OpType::PRELU:
      c.persistent = {28};  // PreluParams: 7 x int32
      break;
    case ir::OpType::LOG_SOFTMAX: {
      const ir::Tensor* x = in(0);
      // Prepare allocates LogSoftmaxOpData (5 x int32, 2 x size_t) for int8 only.
      if (x && x->dtype == ir::DType::kInt8) c.persistent = {align_up(20, P) + 2 * P};
      break;
    }
    case ir::OpType::L2_NORMALIZATION:
      c.builtin = {4};     // TfLiteL2NormParams (activation)
      c.persistent = {4};  // L2NormalizationParams (input zero point)
      break;
    // Resize family. RESIZE_*: ParseResize* allocates the two-bool params struct; no Init, no OpData,
    // no scratch.
    case ir::OpType::RESIZE_BILINEAR:
    case ir::OpType::RESIZE_NEAREST_NEIGHBOR:
      c.builtin = {2};
      c.builtin_align = 1;
      break;
    case ir::OpType::BATCH_MATMUL: {
      // batch_matmul.cc: TfLiteBatchMatMulParams (three bools); Init: OpDataBatchMatmul (three pointers,
      // three bools). Prepare: the quantization data (7 x int32) for int8/int16, then a transposed copy
      // (TfLiteEvalTensor, its dims array, its data) of the LHS if adj_x and of the RHS unless adj_y,
      // then a writable copy of the output's dims. No scratch. A dims array takes 8 + 4 * rank bytes
      // (TfLiteIntArrayGetSizeInBytes as the tflite-micro package's RecordingMicroAllocator reports it:
      // 6 allocations of 145 bytes for a [5, 5] adj_x LHS and a rank-3 output, int8).
      c.builtin = {3};
      c.builtin_align = 1;
      c.persistent = {align_up(3 * P + 3, P)};
      const ir::Tensor* x = in(0);
      const ir::Tensor* y = in(1);
      const auto* o = std::get_if<ir::BatchMatMulOptions>(&op.options);
      if (x && x->dtype != ir::DType::kFloat32) c.persistent.push_back(28);
      auto transposed = [&](const ir::Tensor* t) {
        if (!t) return;
        c.persistent.push_back(align_up(2 * P + 4, P));               // TfLiteEvalTensor
        c.persistent.push_back(8 + 4 * int64_t{t->rank()});            // TfLiteIntArray dims
        c.persistent.push_back(t->num_elements() * static_cast<int64_t>(ir::dtype_size(t->dtype)));
      };
      if (o && o->adj_x) transposed(x);
      if (!o || !o->adj_y) transposed(y);
      if (!op.outputs.empty()) c.persistent.push_back(8 + 4 * int64_t{g.op_output(op, 0).rank()});
      break;
    }
    // Binary family, from the TFLM sources only: SUB's OpDataSub (a bool and 12 ints); SQUARED_DIFFERENCE's
    // OpData (a bool, then the 8-aligned 104-byte ArithmeticParams); the comparisons' ComparisonParams
    // (7 ints and a bool); SELECT_V2's two bools; ADD_N's input pointer array (scratch) and, for int8,
    // its 10-int OpData. FLOOR_DIV, FLOOR_MOD and the logical ops allocate nothing.
    case ir::OpType::SUB:
      c.builtin = {8};  // TfLiteSubParams
      c.persistent = {52};
      break;
    case ir::OpType::SQUARED_DIFFERENCE:
      c.persistent = {112};
      break;
    case ir::OpType::EQUAL:
    case ir::OpType::NOT_EQUAL:
    case ir::OpType::GREATER:
    case ir::OpType::GREATER_EQUAL:
    case ir::OpType::LESS:
    case ir::OpType::LESS_EQUAL:
      c.persistent = {32};
      break;
    case ir::OpType::SELECT_V2:
      c.persistent = {2};
      break;
    case ir::OpType::ADD_N: {
      const ir::Tensor* out = op.outputs.empty() ? nullptr : &g.op_output(op, 0);
      if (out && out->dtype == ir::DType::kInt8) c.persistent = {40};
      c.scratch.push_back(static_cast<int64_t>(op.inputs.size()) * P);
      break;
    }
    case ir::OpType::FLOOR_DIV:
    case ir::OpType::FLOOR_MOD:
    case ir::OpType::LOGICAL_AND:
    case ir::OpType::LOGICAL_OR:
      break;
    // Unary math family (elementwise.cc, neg.cc, exp.cc, ceil.cc, floor.cc, round.cc, zeros_like.cc):
    // no options; only ABS and RSQRT allocate an OpData (multiplier, shift, two offsets, a bool and
    // two enums: 28 bytes). From the TFLM sources.
    case ir::OpType::ABS:
    case ir::OpType::RSQRT:
      c.persistent = {28};
      break;
    case ir::OpType::NEG:
    case ir::OpType::SQUARE:
    case ir::OpType::SQRT:
    case ir::OpType::EXP:
    case ir::OpType::LOG:
    case ir::OpType::SIN:
    case ir::OpType::COS:
    case ir::OpType::CEIL:
    case ir::OpType::FLOOR:
    case ir::OpType::ROUND:
    case ir::OpType::LOGICAL_NOT:
    case ir::OpType::ZEROS_LIKE:
      break;
    // Indexing and rearrangement family, from the TFLM sources (flatbuffer_conversions.cc for the
    // parsed options, the kernels for Init/Prepare): none of them requests scratch.
    case ir::OpType::ARG_MAX:
    case ir::OpType::ARG_MIN:
      c.builtin = {4};  // TfLiteArgMaxParams / TfLiteArgMinParams: the output TfLiteType
      break;            // no Init, Prepare allocates nothing
    case ir::OpType::GATHER:
      c.builtin = {8};  // TfLiteGatherParams: axis, batch_dims
      break;
    case ir::OpType::GATHER_ND:
    case ir::OpType::BATCH_TO_SPACE_ND:
      break;  // ParseGatherNd / ParseBatchToSpaceNd allocate no params; no Init, no OpData
    case ir::OpType::DEPTH_TO_SPACE:
    case ir::OpType::SPACE_TO_DEPTH:
      c.builtin = {4};  // TfLiteDepthToSpaceParams / TfLiteSpaceToDepthParams: block_size
      break;
    case ir::OpType::SPACE_TO_BATCH_ND:
      c.persistent = {4};  // Init: SpaceToBatchParams (the int32 output_offset)
      break;
    case ir::OpType::EMBEDDING_LOOKUP: {
      // Prepare first makes the output's dims writable (a TfLiteIntArray copy: size + rank ints),
      // then allocates its OpData (float scale, size_t column count).
      const int64_t out_rank = op.outputs.empty() ? 0 : int64_t{g.op_output(op, 0).rank()};
      c.persistent = {4 + 4 * out_rank, align_up(4, P) + P};
      break;
    }
    case ir::OpType::CUMSUM: {
      c.builtin = {2};  // TfLiteCumsumParams: exclusive, reverse (two bools)
      c.builtin_align = 1;
      // int8 only: OpData of the requantization (9 int32: activation range, offsets, multipliers, shifts)
      const ir::Tensor* out = op.outputs.empty() ? nullptr : &g.op_output(op, 0);
      if (out && out->dtype == ir::DType::kInt8) c.persistent = {36};
      break;
    }
    case ir::OpType::kCustom:
      return signal_op_cost(g, op, P);
    default:
      c.approximate = true;
      break;
  }
  return c;
}

// TFLM's GreedyMemoryPlanner: buffers sorted by size, largest first (a stable sort of the list in
// reverse insertion order, so among equal sizes the later buffer goes first); each one goes at the
// lowest offset where it does not overlap, in time, a buffer already placed.
struct Buf {
  int64_t size;
  int first, last;
};

int64_t greedy_plan(const std::vector<Buf>& bufs) {
  if (bufs.empty()) return 0;
  std::vector<int> order(bufs.size());
  for (size_t i = 0; i < bufs.size(); ++i) order[i] = static_cast<int>(bufs.size() - 1 - i);
  std::stable_sort(order.begin(), order.end(), [&](int a, int b) { return bufs[a].size > bufs[b].size; });
  struct Placed {
    int64_t offset;
    int id;
  };
  std::vector<Placed> placed;  // sorted by offset (ties: insertion order)
  int64_t max_end = 0;
  for (int id : order) {
    const Buf& w = bufs[static_cast<size_t>(id)];
    int64_t candidate = 0;
    for (const Placed& p : placed) {
      const Buf& o = bufs[static_cast<size_t>(p.id)];
      if (o.first > w.last || w.first > o.last) continue;  // not alive at the same time
      if (p.offset - candidate >= w.size) break;
      candidate = std::max(candidate, p.offset + o.size);
    }
    auto it = std::upper_bound(placed.begin(), placed.end(), candidate,
                               [](int64_t off, const Placed& p) { return off < p.offset; });
    placed.insert(it, Placed{candidate, id});
    max_end = std::max(max_end, candidate + w.size);
  }
  return max_end;
}

}  // namespace

TflmArena tflm_arena_size(const ir::Graph& g, int pointer_size) {
  const Layout L{pointer_size};
  const int64_t P = pointer_size;
  TflmArena r;
  Tail tail;

  // MicroAllocator::Create + StartModelAllocation.
  tail.alloc(L.fixed_objects(), P);
  tail.alloc(L.eval_tensor() * static_cast<int64_t>(g.tensors.size()), P);
  tail.alloc(L.node_and_registration() * static_cast<int64_t>(g.ops.size()), P);

  std::vector<OpCost> costs;
  for (const ir::Op& op : g.ops) {
    costs.push_back(op_cost(g, op, P));
    if (costs.back().approximate) r.approximate_ops.push_back(op.name);
  }
  // PrepareNodeAndRegistrationDataFromFlatbuffer: builtin options for every op, then Init of every
  // op, then Prepare of every op.
  for (const OpCost& c : costs)
    for (int64_t b : c.builtin) tail.alloc(b, c.builtin_align);
  if (L.after_builtin()) tail.alloc(L.after_builtin(), P);
  for (const OpCost& c : costs)
    for (int64_t b : c.persistent) tail.alloc(b, kArenaAlign);

  // Head: tensors then scratch buffers, lifetimes in allocation scopes (graph inputs/outputs at 0,
  // op k at k+1, graph outputs live to the end).
  const int n_ops = static_cast<int>(g.ops.size());
  std::vector<int> first(g.tensors.size(), -1), last(g.tensors.size(), -1);
  auto created = [&](int32_t t, int s) {
    first[static_cast<size_t>(t)] = s;
    last[static_cast<size_t>(t)] = s;
  };
  auto used = [&](int32_t t, int s) { last[static_cast<size_t>(t)] = s; };
  for (int32_t t : g.inputs) created(t, 0);
  for (int32_t t : g.outputs) created(t, 0);
  std::vector<Buf> scratch;
  for (int k = 0; k < n_ops; ++k) {
    const ir::Op& op = g.ops[static_cast<size_t>(k)];
    for (int32_t t : op.outputs) created(t, k + 1);
    for (int32_t t : op.inputs)
      if (t >= 0) used(t, k + 1);
    for (int32_t t : op.outputs) used(t, k + 1);
    for (int64_t s : costs[static_cast<size_t>(k)].scratch) scratch.push_back({align_up(s, kArenaAlign), k + 1, k + 1});
  }
  for (int32_t t : g.outputs) used(t, n_ops);
  std::vector<Buf> bufs;
  for (size_t i = 0; i < g.tensors.size(); ++i) {
    const ir::Tensor& t = g.tensors[i];
    const int64_t bytes = t.num_bytes();
    if (!t.is_activation() || bytes == 0) continue;
    bufs.push_back({align_up(bytes, kArenaAlign), first[i], last[i]});
  }
  bufs.insert(bufs.end(), scratch.begin(), scratch.end());
  r.head = greedy_plan(bufs);

  // FinishModelAllocation: scratch buffer handles, variable tensors.
  if (!scratch.empty()) tail.alloc(P * static_cast<int64_t>(scratch.size()), P);
  for (const ir::Tensor& t : g.tensors)
    if (t.is_state()) tail.alloc(t.num_bytes(), kArenaAlign);

  // The interpreter's TfLiteTensor copies of the graph inputs and outputs.
  auto tensor_copies = [&](const std::vector<int32_t>& ids) {
    tail.alloc(P * static_cast<int64_t>(ids.size()), kArenaAlign);
    for (int32_t id : ids) {
      tail.alloc(L.tflite_tensor(), P);
      const ir::Tensor& t = g.tensor(id);
      if (!t.quant.empty() && !t.quant.zero_point.empty()) {
        tail.alloc(L.affine_quantization(), P);
        tail.alloc(4 + 4 * static_cast<int64_t>(t.quant.scale.size()), 4);
      }
    }
  };
  tensor_copies(g.inputs);
  tensor_copies(g.outputs);

  r.tail = tail.used;
  r.total = r.head + r.tail;
  return r;
}

}  // namespace mcuforge::exporter
