// SPDX-License-Identifier: Apache-2.0
// The table of ops/op_support.def as data.
#include "ops/op_support.h"

#include <algorithm>
#include <sstream>

namespace mcuforge::ops {
namespace {

std::vector<std::string> words(const char* text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string w; in >> w;) out.push_back(w);
  return out;
}

std::vector<OpSupport> make_table() {
  std::vector<OpSupport> t;
#define MF_OP_SUPPORT(NAME, dtypes, variants) \
  t.push_back(OpSupport{ir::OpType::NAME, #NAME, words(dtypes), words(variants)});
#include "ops/op_support.def"
#undef MF_OP_SUPPORT
  std::sort(t.begin(), t.end(), [](const OpSupport& a, const OpSupport& b) { return a.name < b.name; });
  return t;
}

}  // namespace

const std::vector<OpSupport>& supported_ops() {
  static const std::vector<OpSupport> table = make_table();
  return table;
}

Refusal unsupported_reason(ir::OpType type, const std::string& name) {
  switch (type) {
    case ir::OpType::IF:
    case ir::OpType::WHILE:
      // These run other subgraphs of the file; mcuforge's IR, memory plan and generated code hold one
      // static graph (a plan per subgraph and calls between them are future work).
      return {name + " is control flow (it runs another subgraph of the model), which mcuforge does not "
                     "compile yet: mcuforge plans and generates one static graph",
              "express the model without tf.cond / tf.while_loop: compute both branches and pick with "
              "tf.where (IF), or unroll a loop with a fixed trip count in Python (WHILE)",
              "control flow: mcuforge compiles one static graph (subgraphs not yet)"};
    case ir::OpType::CALL_ONCE:
    case ir::OpType::VAR_HANDLE:
    case ir::OpType::READ_VARIABLE:
    case ir::OpType::ASSIGN_VARIABLE:
      return {name + " belongs to resource variables (a tf.Variable the model assigns, initialised by a "
                     "CALL_ONCE subgraph), which mcuforge does not compile yet",
              "keep the state outside the model: make it an extra input and return the new state as an "
              "extra output (streaming models do this), then feed it back on the next call",
              "resource variables: not yet (pass state as an input/output)"};
    default:
      return {"builtin op " + name + " is not supported by mcuforge yet",
              "replace it in the model with supported ops (see `mcuforge supported-ops`) or open an "
              "issue asking for it",
              "no kernel yet"};
  }
}

}  // namespace mcuforge::ops
