// SPDX-License-Identifier: Apache-2.0
#include "target/board_db.h"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <set>

#include "diagnostics/error.h"
#include "target/board_files.h"
#include "target/json_schema.h"

namespace mcuforge::target {
namespace {

using nlohmann::json;

json scalar_to_json(const YAML::Node& n) {
  const std::string& s = n.Scalar();
  if (n.Tag() == "!") return s;  // quoted: always a string
  if (s == "true" || s == "True") return true;
  if (s == "false" || s == "False") return false;
  if (s == "null" || s == "~" || s.empty()) return nullptr;
  char* end = nullptr;
  if (s.size() > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
    const long long v = std::strtoll(s.c_str() + 2, &end, 16);
    if (*end == '\0') return static_cast<int64_t>(v);
  }
  const long long i = std::strtoll(s.c_str(), &end, 10);
  if (*end == '\0') return static_cast<int64_t>(i);
  const double d = std::strtod(s.c_str(), &end);
  if (*end == '\0') return d;
  return s;
}

json node_to_json(const YAML::Node& n) {
  switch (n.Type()) {
    case YAML::NodeType::Null:
    case YAML::NodeType::Undefined:
      return nullptr;
    case YAML::NodeType::Scalar:
      return scalar_to_json(n);
    case YAML::NodeType::Sequence: {
      json a = json::array();
      for (const auto& e : n) a.push_back(node_to_json(e));
      return a;
    }
    case YAML::NodeType::Map: {
      json o = json::object();
      for (const auto& kv : n) o[kv.first.as<std::string>()] = node_to_json(kv.second);
      return o;
    }
  }
  return nullptr;
}

std::map<std::string, std::string> parse_sources(const json& j) {
  std::map<std::string, std::string> m;
  for (const auto& [k, v] : j.items()) {
    std::string doc = v["document"].get<std::string>();
    if (v.contains("url")) doc += " <" + v["url"].get<std::string>() + ">";
    m[k] = doc;
  }
  return m;
}

// Every "source" value anywhere in `j` must be a key of `sources`.
void check_sources(const json& j, const json& sources, const std::string& path, std::vector<std::string>& errors) {
  if (j.is_object()) {
    for (const auto& [k, v] : j.items()) {
      if (k == "sources") continue;
      if (k == "source" && v.is_string() && !sources.contains(v.get<std::string>()))
        errors.push_back(fmt::format("{}/source: '{}' is not a key of 'sources'", path, v.get<std::string>()));
      check_sources(v, sources, path + "/" + k, errors);
    }
  } else if (j.is_array()) {
    for (size_t i = 0; i < j.size(); ++i) check_sources(j[i], sources, fmt::format("{}/{}", path, i), errors);
  }
}

Core parse_core(const json& j) {
  Core c;
  c.id = j["id"];
  c.name = j["name"];
  c.architecture = j["architecture"];
  c.simd = j["simd"];
  if (j.contains("aliases")) c.aliases = j["aliases"].get<std::vector<std::string>>();
  for (const auto& f : j["isa"]) c.isa.insert(f.get<std::string>());
  c.fpu = c.has("fpu-dp") ? Fpu::kDouble : c.has("fpu-sp") ? Fpu::kSingle : Fpu::kNone;
  c.compiler = j["toolchain"]["compiler"];
  c.size_tool = j["toolchain"]["size_tool"];
  c.cflags = j["toolchain"]["cflags"].get<std::vector<std::string>>();
  c.ldflags = j["toolchain"]["ldflags"].get<std::vector<std::string>>();
  const json& k = j["cost"];
  c.cost.instructions_vs_m4 = k["instructions_vs_m4"];
  c.cost.cycles_per_instruction = k["cycles_per_instruction"];
  c.cost.float32_factor = k["float32_factor"];
  c.cost.int16_factor = k["int16_factor"];
  c.cost.code_size_vs_thumb2 = k["code_size_vs_thumb2"];
  c.cost.assumption = k["assumption"];
  c.cost.source = k["source"];
  if (j.contains("emulation")) {
    const json& e = j["emulation"];
    Emulation em;
    em.qemu = e["qemu"];
    em.machine = e["machine"];
    if (e.contains("qemu_args")) em.qemu_args = e["qemu_args"].get<std::vector<std::string>>();
    em.note = e["note"];
    em.flash_origin = e["flash"]["origin"];
    em.flash_bytes = e["flash"]["bytes"];
    em.ram_origin = e["ram"]["origin"];
    em.ram_bytes = e["ram"]["bytes"];
    em.apt_compiler = e["packages"]["compiler"];
    em.apt_qemu = e["packages"]["qemu"];
    c.emulation = em;
  }
  c.sources = parse_sources(j["sources"]);
  return c;
}

DeployFacts parse_deploy(const json& j) {
  DeployFacts d;
  d.default_project = j["default_project"];
  if (j.contains("esp_idf")) d.esp_idf_target = j["esp_idf"]["target"];
  if (j.contains("arduino")) {
    d.arduino_fqbn = j["arduino"]["fqbn"];
    d.arduino_core = j["arduino"]["core"];
    d.arduino_index_url = j["arduino"].value("index_url", "");
  }
  if (j.contains("platformio")) {
    d.platformio_platform = j["platformio"]["platform"];
    d.platformio_board = j["platformio"]["board"];
    d.platformio_framework = j["platformio"]["framework"];
  }
  if (j.contains("zephyr")) d.zephyr_board = j["zephyr"]["board"];
  if (j.contains("stm32")) {
    const json& s = j["stm32"];
    Stm32Facts f;
    f.family = s["family"];
    f.flash_origin = s["flash_origin"];
    f.reset_clock_hz = s["reset_clock_hz"];
    const json& c = s["console"];
    f.console.peripheral = c["peripheral"];
    f.console.ip = c["ip"];
    f.console.base = c["base"];
    f.console.kernel_clock_hz = c["kernel_clock_hz"];
    f.console.tx_gpio_base = c["tx"]["gpio_base"];
    f.console.tx_pin = c["tx"]["pin"];
    f.console.tx_af = c["tx"]["af"];
    for (const auto& e : c["enable"]) f.console.enable.push_back({e["register"], e["bit"], e["what"]});
    f.console.note = c["note"];
    d.stm32 = f;
  }
  return d;
}

Board parse_board(const json& j) {
  Board b;
  b.id = j["id"];
  b.name = j["name"];
  b.vendor = j["vendor"];
  b.mcu = j["mcu"];
  b.core_id = j["core"];
  b.clock_hz = j["clock"]["hz"];
  b.flash_bytes = j["flash"]["bytes"];
  b.flash_app_bytes = j["flash"].value("app_bytes", b.flash_bytes);
  b.flash_app_note = j["flash"].value("app_note", "");
  bool any_stack = false;
  for (const auto& r : j["sram"]) {
    MemoryRegion m;
    m.name = r["name"];
    if (r.contains("address")) m.address = r["address"].get<int64_t>();
    m.bytes = r["bytes"];
    m.reserved_bytes = r.value("reserved_bytes", int64_t{0});
    m.arena = r["arena"];
    m.stack = r.value("stack", false);
    any_stack = any_stack || m.stack;
    m.note = r.value("note", "");
    m.source = r["source"];
    b.sram.push_back(m);
  }
  if (!any_stack) b.sram.front().stack = true;
  if (j.contains("external")) {
    for (const auto& e : j["external"]) {
      ExternalMemory x;
      x.kind = e["kind"];
      x.name = e["name"];
      x.bytes = e["bytes"];
      x.arena = e["arena"];
      x.fitted = e["fitted"];
      x.note = e.value("note", "");
      x.source = e["source"];
      b.external.push_back(x);
    }
  }
  b.build_systems = j["build_systems"].get<std::vector<std::string>>();
  b.flash_command = j["flash_command"];
  b.deploy = parse_deploy(j["deploy"]);
  b.sources = parse_sources(j["sources"]);
  b.raw = j;
  return b;
}

// What JSON Schema cannot check about `deploy:`: each ecosystem entry goes with its build system
// (both ways), and the default project is one the board offers (make: always).
void check_deploy(const Board& b, std::vector<std::string>& errors) {
  struct Ecosystem {
    const char* project;       // deploy.default_project value
    const char* entry;         // key under deploy:
    const char* build_system;  // build_systems value
  };
  static constexpr Ecosystem kEcosystems[] = {
      {"esp-idf", "esp_idf", "esp-idf"},  {"stm32-cmake", "stm32", "stm32cube-cmake"},
      {"arduino", "arduino", "arduino"},  {"platformio", "platformio", "platformio"},
      {"zephyr", "zephyr", "zephyr"},
  };
  const json& deploy = b.raw["deploy"];
  const auto listed = [&](const char* s) {
    return std::find(b.build_systems.begin(), b.build_systems.end(), s) != b.build_systems.end();
  };
  for (const Ecosystem& e : kEcosystems) {
    const bool has_entry = deploy.contains(e.entry);
    if (has_entry && !listed(e.build_system))
      errors.push_back(
          fmt::format("{}: /deploy/{}: build_systems does not list '{}'", b.file, e.entry, e.build_system));
    if (!has_entry && listed(e.build_system))
      errors.push_back(fmt::format("{}: /build_systems: '{}' is listed but /deploy has no '{}' entry", b.file,
                                   e.build_system, e.entry));
    if (b.deploy.default_project == e.project && !has_entry)
      errors.push_back(fmt::format("{}: /deploy/default_project: '{}' is not offered (no /deploy/{} entry)", b.file,
                                   e.project, e.entry));
  }
}

}  // namespace

int64_t Board::sram_total() const {
  int64_t t = 0;
  for (const auto& r : sram) t += r.bytes;
  return t;
}

const Board* BoardDb::find_board(const std::string& id) const {
  for (const auto& b : boards)
    if (b.id == id) return &b;
  return nullptr;
}

const Core* BoardDb::find_core(const std::string& name) const {
  for (const auto& c : cores)
    if (c.id == name) return &c;
  for (const auto& c : cores)
    if (std::find(c.aliases.begin(), c.aliases.end(), name) != c.aliases.end()) return &c;
  return nullptr;
}

std::string BoardDb::board_ids() const {
  std::string s;
  for (const auto& b : boards) s += (s.empty() ? "" : ", ") + b.id;
  return s;
}

const char* fpu_name(Fpu f) {
  switch (f) {
    case Fpu::kSingle: return "single";
    case Fpu::kDouble: return "double";
    case Fpu::kNone: break;
  }
  return "none";
}

json yaml_to_json(const std::string& text, const std::string& path) {
  try {
    return node_to_json(YAML::Load(text));
  } catch (const YAML::Exception& e) {
    throw Error(fmt::format("board database: {} line {}: {}", path, e.mark.line + 1, e.msg),
                "fix the YAML syntax of that file");
  }
}

BoardDb load_board_db(const std::vector<DataFile>& files) {
  const DataFile* schema_file = nullptr;
  for (const auto& f : files)
    if (f.path == "schema.json") schema_file = &f;
  if (!schema_file) throw Error("board database: schema.json is missing", "rebuild mcuforge");
  const json schema = json::parse(schema_file->text);
  const json core_schema = {{"$ref", "#/$defs/core"}};

  BoardDb db;
  std::vector<std::string> errors;
  std::vector<json> board_json;
  std::vector<std::string> board_paths;
  for (const auto& f : files) {
    const std::filesystem::path p(f.path);
    if (f.path == "kernel_sizes.json") {
      db.kernel_sizes = json::parse(f.text);
      continue;
    }
    if (p.extension() != ".yaml") continue;
    const bool is_core = f.path.rfind("cores/", 0) == 0;
    const json j = yaml_to_json(f.text, f.path);
    std::vector<std::string> errs = validate_json(j, is_core ? core_schema : schema, schema);
    if (errs.empty() && j.contains("sources")) check_sources(j, j["sources"], "", errs);
    if (errs.empty() && j["id"].get<std::string>() != p.stem().string())
      errs.push_back(fmt::format("/id: '{}' must equal the file name '{}'", j["id"].get<std::string>(), p.stem().string()));
    for (const auto& e : errs) errors.push_back(fmt::format("{}: {}", f.path, e));
    if (!errs.empty()) continue;
    if (is_core) db.cores.push_back(parse_core(j));
    else {
      board_json.push_back(j);
      board_paths.push_back(f.path);
    }
  }
  std::sort(db.cores.begin(), db.cores.end(), [](const Core& a, const Core& b) { return a.id < b.id; });
  std::set<std::string> core_names = {"generic"};  // `compile --core generic`: no core
  for (const Core& c : db.cores) {
    for (const std::string& n : c.aliases) {
      if (!core_names.insert(n).second) errors.push_back(fmt::format("cores/{}.yaml: /aliases: '{}' names another core", c.id, n));
    }
    if (!core_names.insert(c.id).second) errors.push_back(fmt::format("cores/{}.yaml: /id: '{}' is another core's alias", c.id, c.id));
  }
  std::set<std::string> ids;
  for (size_t k = 0; k < board_json.size(); ++k) {
    Board b = parse_board(board_json[k]);
    b.file = board_paths[k];
    if (!ids.insert(b.id).second) errors.push_back(fmt::format("{}: duplicate board id '{}'", b.file, b.id));
    db.boards.push_back(std::move(b));
  }
  std::sort(db.boards.begin(), db.boards.end(), [](const Board& a, const Board& b) { return a.id < b.id; });
  for (auto& b : db.boards) {
    b.core = db.find_core(b.core_id);
    if (!b.core) errors.push_back(fmt::format("{}: /core: no core '{}' in boards/cores/", b.file, b.core_id));
    check_deploy(b, errors);
  }
  if (!errors.empty()) {
    std::string msg = fmt::format("board database: {} problem(s):", errors.size());
    for (const auto& e : errors) msg += "\n  " + e;
    throw Error(msg, "fix the board files against boards/schema.json");
  }
  return db;
}

const BoardDb& board_db() {
  static const BoardDb db = [] {
    std::vector<DataFile> files;
    for (const auto& f : embedded_board_files()) files.push_back({std::string(f.path), std::string(f.content)});
    return load_board_db(files);
  }();
  return db;
}

}  // namespace mcuforge::target
