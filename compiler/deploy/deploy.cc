// SPDX-License-Identifier: Apache-2.0
// mcuforge deploy, the common part: project kinds, the model library (compiled model + runtime + demo
// app) and the dispatch to one writer per ecosystem.
#include "deploy/deploy.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstring>

#include "deploy/project_writer.h"
#include "c99/c_literals.h"
#include "diagnostics/error.h"
#include "emit/compile.h"
#include "deploy/template_files.h"
#include "target/cores.h"

namespace mcuforge::deploy {
namespace {

constexpr const char* kVersion = "0.1.0";

struct KindInfo {
  ProjectKind kind;
  const char* name;
};
constexpr KindInfo kKinds[] = {
    {ProjectKind::kEspIdf, "esp-idf"},       {ProjectKind::kStm32Cmake, "stm32-cmake"},
    {ProjectKind::kArduino, "arduino"},      {ProjectKind::kPlatformio, "platformio"},
    {ProjectKind::kZephyr, "zephyr"},        {ProjectKind::kMake, "make"},
};

bool offers(const target::Board& b, ProjectKind k) {
  const target::DeployFacts& d = b.deploy;
  switch (k) {
    case ProjectKind::kEspIdf: return !d.esp_idf_target.empty();
    case ProjectKind::kStm32Cmake: return d.stm32.has_value();
    case ProjectKind::kArduino: return !d.arduino_fqbn.empty();
    case ProjectKind::kPlatformio: return !d.platformio_board.empty();
    case ProjectKind::kZephyr: return !d.zephyr_board.empty();
    case ProjectKind::kMake: return true;
  }
  return false;
}

std::string upper(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

// Package layout: one include root (see Context::library).
std::string library_path(const std::string& compiled) {
  const std::string pub = "mcuforge/include/mcuforge/", internal = "mcuforge/internal/";
  if (compiled.rfind(pub, 0) == 0) return "mcuforge/" + compiled.substr(pub.size());
  if (compiled.rfind(internal, 0) == 0) return "mcuforge/kernels/" + compiled.substr(internal.size());
  return compiled;
}

std::string c_string(const std::string& s) {
  std::string out = "\"";
  for (char ch : s) {
    const auto u = static_cast<unsigned char>(ch);
    if (ch == '"' || ch == '\\') out += std::string("\\") + ch;
    else if (u < 0x20 || u >= 0x7f) out += fmt::format("\\{:03o}", u);
    else out += ch;
  }
  return out + "\"";
}

std::string byte_array(const std::string& name, const std::vector<uint8_t>& bytes) {
  std::string s = fmt::format("static const uint8_t {}[{}] = {{", name, std::max<size_t>(1, bytes.size()));
  for (size_t i = 0; i < bytes.size(); ++i) {
    s += (i % 16 == 0) ? "\n  " : " ";
    s += fmt::format("0x{:02x},", bytes[i]);
  }
  if (bytes.empty()) s += "0";
  return s + "\n};\n";
}

// Output 0's element kind for printing (app.c's APP_OUT_KIND), element count, and whether it reads as
// class scores (a vector of more than one element).
struct OutputView {
  int kind = 4;
  int64_t count = 0;
  float scale = 1;
  int32_t zero_point = 0;
  bool classes = false;
};

OutputView output_view(const ir::Tensor& t) {
  OutputView v;
  v.count = t.num_elements();
  switch (t.dtype) {
    case ir::DType::kInt8: v.kind = 1; break;
    case ir::DType::kInt16: v.kind = 2; break;
    case ir::DType::kFloat32: v.kind = 3; break;
    case ir::DType::kUInt8: v.kind = 4; break;
    case ir::DType::kInt32: v.kind = 5; break;
    default: v.kind = 4; v.count = t.num_bytes(); break;  // shown as raw bytes
  }
  if (!t.quant.empty() && v.kind != 3 && v.kind != 5) {
    v.scale = t.quant.scale[0];
    v.zero_point = static_cast<int32_t>(t.quant.zero_point[0]);
  }
  int non_unit = 0;
  for (int32_t d : t.shape) non_unit += d != 1;
  v.classes = v.count > 1 && non_unit == 1 && t.dtype != ir::DType::kBool && t.dtype != ir::DType::kInt64;
  return v;
}

std::string app_data(const Context& c) {
  const DeployRequest& r = *c.request;
  const ir::Graph& g = *r.graph;
  std::string s;
  s += fmt::format("#define APP_MODEL {}\n#define APP_BOARD {}\n", c_string(r.model_file), c_string(c.board->name));
  s += fmt::format("#define APP_WEIGHTS_BYTES \"{}\"\n", c.report.value("weights_bytes", int64_t{0}));
  s += fmt::format("#define APP_INPUT_NOTE {}\n", c_string(r.app.input_note));
  s += fmt::format("#define APP_NUM_INPUTS {}u\n#define APP_NUM_OUTPUTS {}u\n", g.inputs.size(), g.outputs.size());
  const OutputView v = output_view(g.tensor(g.outputs[0]));
  s += fmt::format("#define APP_OUT_KIND {}\n#define APP_OUT_COUNT {}u\n", v.kind, v.count);
  s += fmt::format("#define APP_OUT_SCALE {}\n#define APP_OUT_ZERO_POINT {}\n", c99::float_literal(v.scale), v.zero_point);
  s += fmt::format("#define APP_TOP_CLASS {}\n#define APP_HAS_LABELS {}\n\n", v.classes ? 1 : 0, r.app.labels.empty() ? 0 : 1);
  std::string in_list, in_sizes, out_list, out_sizes;
  for (size_t k = 0; k < r.app.inputs.size(); ++k) {
    s += byte_array(fmt::format("app_input_{}", k), r.app.inputs[k]);
    in_list += fmt::format("app_input_{}, ", k);
    in_sizes += fmt::format("{}u, ", r.app.inputs[k].size());
  }
  for (size_t k = 0; k < r.app.expected.size(); ++k) {
    s += byte_array(fmt::format("app_expected_{}", k), r.app.expected[k]);
    out_list += fmt::format("app_expected_{}, ", k);
    out_sizes += fmt::format("{}u, ", r.app.expected[k].size());
  }
  s += fmt::format("static const uint8_t* const app_inputs[] = {{{}}};\n", in_list);
  s += fmt::format("static const uint32_t app_input_sizes[] = {{{}}};\n", in_sizes);
  s += fmt::format("static const uint8_t* const app_expected[] = {{{}}};\n", out_list);
  s += fmt::format("static const uint32_t app_expected_sizes[] = {{{}}};\n", out_sizes);
  if (!r.app.labels.empty()) {
    s += "static const char* const app_labels[] = {";
    for (const std::string& l : r.app.labels) s += c_string(l) + ", ";
    s += "};\n";
  }
  return s;
}

// What app.c prints for output 0 (the "result:" and "output:" lines), computed from the host
// reference outputs with the same float arithmetic, for the READMEs' expected console output.
std::string real_text(float v) {  // app.c put_real()
  if (v != v) return "nan";
  const float a = v < 0.0f ? -v : v;
  if (a >= 4.0e9f) return v < 0.0f ? "-inf" : "inf";
  uint32_t whole = static_cast<uint32_t>(a);
  const float frac = (a - static_cast<float>(whole)) * 10000.0f;
  uint32_t part = static_cast<uint32_t>(frac + 0.5f);
  if (part >= 10000u) {
    whole += 1u;
    part -= 10000u;
  }
  return fmt::format("{}{}.{:04}", v < 0.0f ? "-" : "", whole, part);
}

std::string expected_result(const DeployRequest& r) {
  const ir::Graph& g = *r.graph;
  if (r.app.expected.empty()) return "output:   ...";
  const OutputView v = output_view(g.tensor(g.outputs[0]));
  const std::vector<uint8_t>& bytes = r.app.expected[0];
  const auto raw = [&](int64_t i) -> int64_t {
    switch (v.kind) {
      case 1: return static_cast<int8_t>(bytes[i]);
      case 2: { int16_t x; std::memcpy(&x, &bytes[2 * i], 2); return x; }
      case 5: { int32_t x; std::memcpy(&x, &bytes[4 * i], 4); return x; }
      default: return bytes[i];
    }
  };
  const auto real = [&](int64_t i) -> float {  // app.c output_value()
    if (v.kind == 3) { float x; std::memcpy(&x, &bytes[4 * i], 4); return x; }
    if (v.kind == 5) return static_cast<float>(raw(i));
    return (static_cast<float>(raw(i)) - static_cast<float>(v.zero_point)) * v.scale;
  };
  std::string s;
  if (v.classes) {
    int64_t best = 0;
    for (int64_t i = 1; i < v.count; ++i)
      if (real(i) > real(best)) best = i;
    s += fmt::format("result:   class {}", best);
    if (!r.app.labels.empty()) s += " '" + r.app.labels[static_cast<size_t>(best)] + "'";
    s += " score " + real_text(real(best)) + "\n";
  }
  s += "output:   ";
  for (int64_t i = 0; i < v.count && i < 16; ++i) {
    if (i) s += " ";
    s += v.kind == 3 ? real_text(real(i)) : std::to_string(raw(i));
  }
  if (v.count > 16) s += " ...";
  return s;
}

void check_app_data(const DeployRequest& r) {
  const ir::Graph& g = *r.graph;
  if (r.app.inputs.size() != g.inputs.size())
    throw Error(fmt::format("the model has {} input(s) but {} test input(s) were given", g.inputs.size(), r.app.inputs.size()),
                "pass one --input per model input, in order (see `mcuforge inspect`), or none for a generated one");
  for (size_t k = 0; k < g.inputs.size(); ++k) {
    const ir::Tensor& t = g.tensor(g.inputs[k]);
    if (static_cast<int64_t>(r.app.inputs[k].size()) != t.num_bytes())
      throw Error(fmt::format("test input {} has {} bytes but the model's input '{}' needs {}", k, r.app.inputs[k].size(),
                              t.name, t.num_bytes()),
                  "give an array of the input's shape and dtype (see `mcuforge inspect`)");
  }
  if (!r.app.labels.empty()) {
    const OutputView v = output_view(g.tensor(g.outputs[0]));
    if (!v.classes || v.count != static_cast<int64_t>(r.app.labels.size()))
      throw Error(fmt::format("--labels has {} label(s) but output 0 holds {} value(s){}", r.app.labels.size(), v.count,
                              v.classes ? "" : " and is not a vector of class scores"),
                  "give one label per line for each class of output 0, or leave --labels out");
  }
}

}  // namespace

std::string_view kind_name(ProjectKind k) {
  for (const auto& i : kKinds)
    if (i.kind == k) return i.name;
  return "make";
}

std::optional<ProjectKind> parse_kind(std::string_view name) {
  for (const auto& i : kKinds)
    if (name == i.name) return i.kind;
  return std::nullopt;
}

std::string all_kind_names() {
  std::string s;
  for (const auto& i : kKinds) s += (s.empty() ? "" : ", ") + std::string(i.name);
  return s;
}

std::vector<ProjectKind> offered_kinds(const target::Board& board) {
  std::vector<ProjectKind> v;
  if (auto d = parse_kind(board.deploy.default_project); d && offers(board, *d)) v.push_back(*d);
  for (const auto& i : kKinds)
    if (offers(board, i.kind) && std::find(v.begin(), v.end(), i.kind) == v.end()) v.push_back(i.kind);
  return v;
}

void require_offered(const target::Board& board, ProjectKind kind) {
  const std::vector<ProjectKind> kinds = offered_kinds(board);
  if (std::find(kinds.begin(), kinds.end(), kind) != kinds.end()) return;
  std::string list;
  for (ProjectKind k : kinds) list += (list.empty() ? "" : ", ") + std::string(kind_name(k));
  throw Error(fmt::format("board '{}' has no {} project", board.id, kind_name(kind)),
              fmt::format("for {} use --project {} (default {})", board.id, list, kind_name(kinds.front())));
}

std::string render(std::string_view text, const std::map<std::string, std::string>& vars) {
  std::string out;
  out.reserve(text.size());
  size_t i = 0;
  while (i < text.size()) {
    const size_t at = text.find('@', i);
    if (at == std::string_view::npos) {
      out.append(text.substr(i));
      break;
    }
    out.append(text.substr(i, at - i));
    const size_t end = text.find('@', at + 1);
    const std::string_view key = end == std::string_view::npos ? std::string_view() : text.substr(at + 1, end - at - 1);
    const bool is_key = !key.empty() && std::all_of(key.begin(), key.end(), [](char ch) {
      return (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '_';
    });
    if (!is_key) {  // a literal '@' (e.g. in an e-mail address or a shell "$@")
      out.push_back('@');
      i = at + 1;
      continue;
    }
    auto it = vars.find(std::string(key));
    if (it == vars.end()) throw std::logic_error("deploy template: unknown variable @" + std::string(key) + "@");
    out.append(it->second);
    i = end + 1;
  }
  return out;
}

std::string render_template(const Context& c, std::string_view path) {
  for (const EmbeddedFile& f : template_files())
    if (f.path == path) return render(f.content, c.vars);
  throw std::logic_error("deploy: no embedded template " + std::string(path));
}

void add_library(Files& out, const std::string& dir, const Context& c) {
  for (const auto& [rel, text] : c.library) out[dir.empty() ? rel : dir + "/" + rel] = text;
}

std::vector<std::string> library_sources(const Context& c) {
  std::vector<std::string> v;
  for (const auto& [rel, text] : c.library)
    if (rel.size() > 2 && rel.substr(rel.size() - 2) == ".c") v.push_back(rel);
  return v;
}

std::string core_flags(const Context& c) {
  std::string s;
  for (const std::string& f : c.core->cflags) s += (s.empty() ? "" : " ") + f;
  return s;
}

Project make_project(const DeployRequest& r) {
  if (!r.graph || !r.board) throw std::logic_error("make_project: no graph or board");
  const target::Board& b = *r.board;
  require_offered(b, r.kind);
  check_app_data(r);

  Context c;
  c.request = &r;
  c.board = &b;
  c.core = b.core;
  c.name = r.name;
  c.name_upper = upper(r.name);
  const target::CompileTarget compile_for = target::compile_target(b, r.reference_kernels);
  c.compile_core = compile_for.core;

  emit::CompileOptions eo;
  eo.name = r.name;
  eo.core = compile_for.core;
  eo.features = compile_for.features;
  eo.source_file = r.model_file;
  eo.source_sha256 = r.model_sha256;
  emit::CompiledModel cm = emit::compile_model(*r.graph, eo);
  c.report = cm.report;
  for (auto& [rel, text] : cm.files)
    if (rel != "report.json") c.library[library_path(rel)] = std::move(text);

  c.vars = {
      {"VERSION", kVersion},
      {"NAME", c.name},
      {"NAME_UPPER", c.name_upper},
      {"BOARD_ID", b.id},
      {"BOARD_NAME", b.name},
      {"MCU", b.mcu},
      {"CORE_NAME", b.core->name},
      {"CORE_FLAGS", core_flags(c)},
      {"CLOCK_HZ", std::to_string(b.clock_hz)},
      {"CLOCK_MHZ", std::to_string(b.clock_hz / 1000000)},
      {"BAUD", std::to_string(kBaud)},
      {"MODEL_FILE", r.model_file},
      {"ARENA_BYTES", std::to_string(c.report.value("arena_bytes", int64_t{0}))},
      {"STATE_BYTES", std::to_string(c.report.value("state_bytes", int64_t{0}))},
      {"RAM_BYTES", std::to_string(c.report.value("ram_bytes", int64_t{0}))},
      {"WEIGHTS_BYTES", std::to_string(c.report.value("weights_bytes", int64_t{0}))},
      {"COMPILE_CORE", c.compile_core},
      {"FLASH_COMMAND", b.flash_command},
      {"PROJECT_KIND", std::string(kind_name(r.kind))},
      {"INPUT_NOTE", r.app.input_note},
      {"EXPECTED_RESULT", expected_result(r)},  // app.c's "result:" and "output:" lines
  };
  c.vars["APP_DATA"] = app_data(c);
  c.library[c.name + "_app.h"] = render_template(c, "common/app.h");
  c.library[c.name + "_app.c"] = render_template(c, "common/app.c");
  c.vars.erase("APP_DATA");

  ProjectFiles pf;
  switch (r.kind) {
    case ProjectKind::kMake: pf = write_make(c); break;
    case ProjectKind::kStm32Cmake: pf = write_stm32_cmake(c); break;
    case ProjectKind::kEspIdf: pf = write_esp_idf(c); break;
    case ProjectKind::kArduino: pf = write_arduino(c); break;
    case ProjectKind::kPlatformio: pf = write_platformio(c); break;
    case ProjectKind::kZephyr: pf = write_zephyr(c); break;
  }

  Project p;
  p.files = std::move(pf.files);
  p.build_commands = std::move(pf.build_commands);
  p.flash_commands = std::move(pf.flash_commands);
  p.report = c.report;
  p.report["deploy"] = {{"board", b.id},
                        {"project", kind_name(r.kind)},
                        {"name", c.name},
                        {"compile_core", c.compile_core},
                        {"input", r.app.input_note},
                        {"build_commands", p.build_commands},
                        {"flash_commands", p.flash_commands}};
  p.files["mcuforge-report.json"] = p.report.dump(2) + "\n";
  return p;
}

}  // namespace mcuforge::deploy
