// SPDX-License-Identifier: Apache-2.0
#include "ops/call_writer.h"

#include <fmt/format.h>

#include "c99/c_literals.h"

namespace mcuforge::ops {

std::string CallWriter::dims4(std::string_view hint, const mf_dims4& d) {
  return constant("mf_dims4", hint, fmt::format("{{{}, {}, {}, {}}}", d.n, d.h, d.w, d.c));
}

std::string CallWriter::requant(const mf_requant& r) {
  return fmt::format("{{{}, {}}}", c99::int_literal(r.multiplier), r.shift);
}

std::string CallWriter::requant_array(std::string_view hint, std::span<const mf_requant> r) {
  std::vector<std::string> el;
  el.reserve(r.size());
  for (const mf_requant& q : r) el.push_back(requant(q));
  return array("mf_requant", hint, el);
}

std::string CallWriter::act_range(const mf_act_range& a) {
  return fmt::format("{{{}, {}}}", c99::int_literal(a.min), c99::int_literal(a.max));
}

std::string CallWriter::act_range_f32(const mf_act_range_f32& a) {
  return fmt::format("{{{}, {}}}", c99::float_literal(a.min), c99::float_literal(a.max));
}

}  // namespace mcuforge::ops
