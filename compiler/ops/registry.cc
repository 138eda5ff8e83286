// SPDX-License-Identifier: Apache-2.0
// Maps op types to their prepare functions, from ops.def (the ops with a kernel; the IR's vocabulary,
// ir/op_list.def, is larger: everything else is refused here, naming the op).
#include <stdexcept>

#include "diagnostics/error.h"
#include "ops/op.h"
#include "ops/op_support.h"

namespace mcuforge::ops {

#define MF_OP(NAME, stem) std::unique_ptr<PreparedOp> prepare_##stem(const ir::Graph&, const ir::Op&);
#include "ops/ops.def"
#undef MF_OP

PrepareFn find_prepare(ir::OpType type) {
  switch (type) {
#define MF_OP(NAME, stem) \
  case ir::OpType::NAME:  \
    return &prepare_##stem;
#include "ops/ops.def"
#undef MF_OP
    default:
      return nullptr;
  }
}

std::unique_ptr<PreparedOp> prepare(const ir::Graph& graph, const ir::Op& op) {
  if (op.type == ir::OpType::kCustom) {
    op_error(op, "custom op '" + op.name + "' is not supported by mcuforge",
             "custom ops (vendor NPU ops such as ethos-u, TFLM Signal* audio ops) need their own "
             "kernels; export the model without them (e.g. run Vela-compiled models on TFLM with the "
             "NPU driver, or do feature extraction outside the model)");
  }
  if (ir::op_is_import_only(op.type)) {
    op_error(op, "op " + op.name + " is not supported by mcuforge: it has no kernel and must be lowered "
                 "into other ops by a graph pass first",
             "this op comes from an importer; please report the model as an mcuforge issue");
  }
  PrepareFn fn = find_prepare(op.type);
  if (!fn) {
    const Refusal why = unsupported_reason(op.type, op.name);
    op_error(op, why.what, why.hint);
  }
  return fn(graph, op);
}

void PreparedOp::emit(CallWriter&) const {
  throw Error("code generation for kernel " + kernel_name() + " is not implemented yet",
              "run the model on the host with `mcuforge run`, or open an issue");
}

void op_error(const ir::Op& op, const std::string& what, const std::string& hint) {
  // Every user-facing error carries a hint; most op errors mean the model itself is inconsistent.
  throw Error("op " + std::to_string(op.index) + " (" + op.name + "): " + what,
              hint.empty() ? "the model is inconsistent or uses this op in a way mcuforge does not "
                             "support; re-export it with tf.lite.TFLiteConverter, and if TFLite runs it "
                             "as is, please report it as an mcuforge issue"
                           : hint);
}

void check_status(int status, const char* kernel) {
  if (status != 0) {
    throw std::logic_error(std::string("internal error: kernel ") + kernel +
                           " rejected parameters that prepare accepted");
  }
}

}  // namespace mcuforge::ops
