// SPDX-License-Identifier: Apache-2.0
#include "emit/emit_context.h"

#include <fmt/format.h>

#include "c99/c_literals.h"
#include "emit/model_writer.h"

namespace mcuforge::emit {

EmitContext::EmitContext(ModelWriter& writer, const ir::Graph& graph, const ir::Op& op)
    : writer_(writer), graph_(graph), op_(op) {}

std::string EmitContext::operand(int32_t tensor, bool writable) const {
  if (tensor == ir::kNoTensor) return "NULL";
  const ir::Tensor& t = graph_.tensor(tensor);
  const TensorHome& home = writer_.homes.at(tensor);
  const std::string type = c99::c_type(t.dtype);
  switch (home.kind) {
    case TensorHome::Kind::kWeight:
    case TensorHome::Kind::kState:
      return home.symbol;
    case TensorHome::Kind::kArena:
      break;
  }
  return fmt::format("({}{}*)({}_arena + {})", writable ? "" : "const ", type, writer_.prefix(), home.offset);
}

std::string EmitContext::input(size_t k) const {
  if (k >= op_.inputs.size()) return "NULL";
  return operand(op_.inputs[k], false);
}

std::string EmitContext::output(size_t k) const { return operand(op_.outputs.at(k), true); }

bool EmitContext::same_memory(size_t in, size_t out) const {
  if (in >= op_.inputs.size() || op_.inputs[in] == ir::kNoTensor) return false;
  const TensorHome& a = writer_.homes.at(op_.inputs[in]);
  const TensorHome& b = writer_.homes.at(op_.outputs.at(out));
  return a.kind == TensorHome::Kind::kArena && b.kind == TensorHome::Kind::kArena && a.offset == b.offset;
}

std::string EmitContext::scratch() const {
  auto it = writer_.scratch_offset.find(op_.index);
  if (it == writer_.scratch_offset.end()) return "NULL";
  return fmt::format("(void*)({}_arena + {})", writer_.prefix(), it->second);
}

std::string EmitContext::constant(std::string_view ctype, std::string_view hint, std::string_view initializer) {
  const std::string name = fmt::format("{}_op{}_{}", writer_.prefix(), op_.index, hint);
  if (writer_.declared.insert(name).second) {
    writer_.declarations += fmt::format("static const {} {} = {};\n", ctype, name, initializer);
  }
  return name;
}

std::string EmitContext::array(std::string_view ctype, std::string_view hint,
                               const std::vector<std::string>& elements) {
  const std::string name = fmt::format("{}_op{}_{}", writer_.prefix(), op_.index, hint);
  if (writer_.declared.insert(name).second) {
    std::string init = "{";
    for (size_t i = 0; i < elements.size(); ++i) {
      init += (i % 8 == 0 ? "\n  " : " ") + elements[i] + ",";
    }
    if (elements.empty()) init += "0";
    init += "\n}";
    writer_.declarations += fmt::format("static const {} {}[{}] = {};\n", ctype, name,
                                        std::max<size_t>(elements.size(), 1), init);
  }
  return name;
}

void EmitContext::call(std::string_view kernel, const std::vector<std::string>& args) {
  std::string s = fmt::format("  MF_TRY({}(", kernel);
  for (size_t i = 0; i < args.size(); ++i) s += (i ? ", " : "") + args[i];
  s += "));\n";
  writer_.body += s;
  writer_.kernels.insert(std::string(kernel));
}

void EmitContext::statement(std::string_view stmt) { writer_.body += fmt::format("  {}\n", stmt); }

}  // namespace mcuforge::emit
