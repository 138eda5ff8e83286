// SPDX-License-Identifier: Apache-2.0
#include "target/json_schema.h"

#include <fmt/format.h>

#include <regex>

namespace mcuforge::target {
namespace {

using nlohmann::json;

bool has_type(const json& v, const std::string& t) {
  if (t == "object") return v.is_object();
  if (t == "array") return v.is_array();
  if (t == "string") return v.is_string();
  if (t == "boolean") return v.is_boolean();
  if (t == "null") return v.is_null();
  if (t == "integer") return v.is_number_integer() || (v.is_number_float() && v.get<double>() == static_cast<double>(static_cast<int64_t>(v.get<double>())));
  if (t == "number") return v.is_number();
  return false;
}

const json& resolve(const std::string& ref, const json& root) {
  if (ref.rfind("#/", 0) != 0) throw std::runtime_error("schema: only local $ref is supported: " + ref);
  return root.at(json::json_pointer(ref.substr(1)));
}

void check(const json& v, const json& s, const json& root, const std::string& path, std::vector<std::string>& out) {
  const std::string where = path.empty() ? "/" : path;
  if (s.is_boolean()) {
    if (!s.get<bool>()) out.push_back(fmt::format("{}: not allowed here", where));
    return;
  }
  if (s.contains("$ref")) check(v, resolve(s["$ref"].get<std::string>(), root), root, path, out);
  if (s.contains("type")) {
    const json& t = s["type"];
    bool ok = false;
    if (t.is_string()) ok = has_type(v, t.get<std::string>());
    else for (const auto& e : t) ok = ok || has_type(v, e.get<std::string>());
    if (!ok) {
      out.push_back(fmt::format("{}: must be of type {}, got {}", where, t.dump(), v.dump()));
      return;
    }
  }
  if (s.contains("enum")) {
    bool ok = false;
    for (const auto& e : s["enum"]) ok = ok || e == v;
    if (!ok) out.push_back(fmt::format("{}: {} is not one of {}", where, v.dump(), s["enum"].dump()));
  }
  if (s.contains("const") && s["const"] != v) out.push_back(fmt::format("{}: must be {}", where, s["const"].dump()));
  if (v.is_number()) {
    const double x = v.get<double>();
    if (s.contains("minimum") && x < s["minimum"].get<double>())
      out.push_back(fmt::format("{}: {} is below the minimum {}", where, v.dump(), s["minimum"].dump()));
    if (s.contains("exclusiveMinimum") && x <= s["exclusiveMinimum"].get<double>())
      out.push_back(fmt::format("{}: {} must be greater than {}", where, v.dump(), s["exclusiveMinimum"].dump()));
    if (s.contains("maximum") && x > s["maximum"].get<double>())
      out.push_back(fmt::format("{}: {} is above the maximum {}", where, v.dump(), s["maximum"].dump()));
  }
  if (v.is_string()) {
    const auto& str = v.get_ref<const std::string&>();
    if (s.contains("minLength") && str.size() < s["minLength"].get<size_t>())
      out.push_back(fmt::format("{}: shorter than {} characters", where, s["minLength"].get<size_t>()));
    if (s.contains("pattern") && !std::regex_search(str, std::regex(s["pattern"].get<std::string>())))
      out.push_back(fmt::format("{}: \"{}\" does not match {}", where, str, s["pattern"].get<std::string>()));
  }
  if (v.is_array()) {
    if (s.contains("minItems") && v.size() < s["minItems"].get<size_t>())
      out.push_back(fmt::format("{}: needs at least {} item(s)", where, s["minItems"].get<size_t>()));
    if (s.contains("items"))
      for (size_t k = 0; k < v.size(); ++k) check(v[k], s["items"], root, fmt::format("{}/{}", path, k), out);
  }
  if (v.is_object()) {
    if (s.contains("minProperties") && v.size() < s["minProperties"].get<size_t>())
      out.push_back(fmt::format("{}: needs at least {} entr(ies)", where, s["minProperties"].get<size_t>()));
    if (s.contains("required"))
      for (const auto& r : s["required"])
        if (!v.contains(r.get<std::string>()))
          out.push_back(fmt::format("{}: missing required field '{}'", where, r.get<std::string>()));
    const json* props = s.contains("properties") ? &s["properties"] : nullptr;
    for (const auto& [key, val] : v.items()) {
      const std::string sub = path + "/" + key;
      if (props && props->contains(key)) check(val, (*props)[key], root, sub, out);
      else if (s.contains("additionalProperties")) {
        const json& ap = s["additionalProperties"];
        if (ap.is_boolean() && !ap.get<bool>()) out.push_back(fmt::format("{}: unknown field '{}'", where, key));
        else if (ap.is_object()) check(val, ap, root, sub, out);
      }
    }
  }
}

}  // namespace

std::vector<std::string> validate_json(const nlohmann::json& instance, const nlohmann::json& schema,
                                       const nlohmann::json& root) {
  std::vector<std::string> out;
  check(instance, schema, root, "", out);
  return out;
}

}  // namespace mcuforge::target
