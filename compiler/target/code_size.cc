// SPDX-License-Identifier: Apache-2.0
#include "target/code_size.h"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace mcuforge::target {
namespace fs = std::filesystem;
namespace {

std::string quote(const std::string& s) {
  std::string q = "'";
  for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

bool on_path(const std::string& tool) {
  const char* path = std::getenv("PATH");
  if (!path) return false;
  std::stringstream ss(path);
  std::string dir;
  while (std::getline(ss, dir, ':')) {
    if (dir.empty()) continue;
    const fs::path p = fs::path(dir) / tool;
    if (::access(p.c_str(), X_OK) == 0) return true;
  }
  return false;
}

// Runs a shell command; returns its exit status and stdout (stderr goes to `log`).
int run(const std::string& cmd, const fs::path& log, std::string* out = nullptr) {
  const std::string full = cmd + " 2>>" + quote(log.string());
  FILE* p = ::popen(full.c_str(), "r");
  if (!p) return -1;
  std::array<char, 4096> buf{};
  std::string text;
  size_t n;
  while ((n = std::fread(buf.data(), 1, buf.size(), p)) > 0) text.append(buf.data(), n);
  const int rc = ::pclose(p);
  if (out) *out = text;
  return rc;
}

// Berkeley `size`: text (code + rodata) + data (initialised RAM copied from flash).
int64_t flash_of(const Core& core, const fs::path& file, const fs::path& log) {
  std::string out;
  if (run(quote(core.size_tool) + " -B -d " + quote(file.string()), log, &out) != 0) return -1;
  std::istringstream is(out);
  std::string header;
  std::getline(is, header);
  int64_t text = 0, data = 0;
  if (!(is >> text >> data)) return -1;
  return text + data;
}

// -fstack-usage lines: "file.c:12:5:function\t<bytes>\t<static|dynamic,bounded>".
std::map<std::string, int64_t> stack_usage(const fs::path& su) {
  std::map<std::string, int64_t> m;
  std::ifstream in(su);
  std::string line;
  while (std::getline(in, line)) {
    const auto tab = line.find('\t');
    if (tab == std::string::npos) continue;
    const auto colon = line.rfind(':', tab);
    m[line.substr(colon + 1, tab - colon - 1)] = std::atoll(line.c_str() + tab + 1);
  }
  return m;
}

int64_t sum_frames(const std::map<std::string, int64_t>& m) {
  int64_t s = 0;
  for (const auto& [f, b] : m) s += b;
  return s;
}

CodeSize estimate(const CodeSizeInput& in, const Core& core, const BoardDb& db, const std::string& why) {
  CodeSize c;
  c.weights_bytes = in.weights_bytes;
  const auto& table = db.kernel_sizes.contains("kernels") ? db.kernel_sizes["kernels"] : nlohmann::json::object();
  const int64_t fallback = db.kernel_sizes.value("default_bytes", int64_t{3072});
  double runtime = 0;
  for (const auto& k : in.kernels) runtime += table.contains(k) ? table[k].get<double>() : static_cast<double>(fallback);
  // libgcc/libm helpers, and software floating point on cores without an FPU.
  runtime += core.fpu == Fpu::kNone ? 3000 : 600;
  c.runtime_bytes = static_cast<int64_t>(runtime * core.cost.code_size_vs_thumb2);
  // Generated code: one call and one params struct per op, a few hundred bytes of glue.
  c.model_code_bytes = static_cast<int64_t>((400.0 + 180.0 * static_cast<double>(in.num_ops)) * core.cost.code_size_vs_thumb2);
  c.stack_bytes = 1024 + kStackReserve;
  c.method = fmt::format("estimate ({}): boards/kernel_sizes.json Thumb-2 sizes x {:.2f}, 180 B per op of generated code, 1 KB stack",
                         why, core.cost.code_size_vs_thumb2);
  return c;
}

}  // namespace

bool have_cross_compiler(const Core& core) {
  const char* no = std::getenv("MCUFORGE_NO_CROSS");
  if (no && *no && std::string(no) != "0") return false;
  return on_path(core.compiler) && on_path(core.size_tool);
}

CodeSize measure_code_size(const CodeSizeInput& in, const Core& core, const BoardDb& db) {
  if (!have_cross_compiler(core)) return estimate(in, core, db, core.compiler + " not installed");

  char tmpl[] = "/tmp/mcuforge-check-XXXXXX";
  if (!::mkdtemp(tmpl)) return estimate(in, core, db, "no temporary directory");
  const fs::path dir(tmpl);
  const fs::path log = dir / "build.log";
  struct Cleanup {
    fs::path d;
    ~Cleanup() {
      std::error_code ec;
      fs::remove_all(d, ec);
    }
  } cleanup{dir};

  std::vector<std::string> sources;
  for (const auto& [rel, text] : in.files) {
    const fs::path p = dir / rel;
    fs::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << text;
    if (p.extension() == ".c") sources.push_back(rel);
  }
  // Every public entry point is referenced, so --gc-sections keeps exactly what an application links.
  const std::string n = in.name;
  std::ofstream(dir / "mf_check_entry.c")
      << "#include \"" << n << "_model.h\"\n"
      << "int mf_check_entry(void);\nint mf_check_entry(void) {\n  " << n << "_reset();\n"
      << "  return " << n << "_invoke() + (" << n << "_input(0) != 0) + (" << n << "_output(0) != 0) + (int)"
      << n << "_input_size(0) + (int)" << n << "_output_size(0);\n}\n";
  sources.push_back("mf_check_entry.c");

  std::string flags;
  for (const auto& f : core.cflags) flags += " " + quote(f);
  flags += " -O2 -std=c99 -ffunction-sections -fdata-sections -fstack-usage";
  flags += " -I" + quote(dir.string()) + " -I" + quote((dir / "mcuforge/include").string()) + " -I" +
           quote((dir / "mcuforge/internal").string());
  std::string objects;
  for (const auto& s : sources) {
    const fs::path obj = dir / (s + ".o");
    const std::string cmd = quote(core.compiler) + flags + " -c " + quote((dir / s).string()) + " -o " + quote(obj.string());
    if (run(cmd, log) != 0) return estimate(in, core, db, core.compiler + " failed on " + s);
    objects += " " + quote(obj.string());
  }
  std::string ldflags;
  for (const auto& f : core.cflags) ldflags += " " + quote(f);
  for (const auto& f : core.ldflags) ldflags += " " + quote(f);
  const fs::path elf = dir / "model.elf";
  const std::string link = quote(core.compiler) + ldflags + " -nostartfiles -Wl,--gc-sections -Wl,-e,mf_check_entry" +
                           objects + " -lm -o " + quote(elf.string());
  if (run(link, log) != 0) return estimate(in, core, db, core.compiler + " could not link");

  CodeSize c;
  const int64_t total = flash_of(core, elf, log);
  const int64_t weights = flash_of(core, dir / (n + "_weights.c.o"), log);
  const int64_t model = flash_of(core, dir / (n + "_model.c.o"), log);
  if (total < 0 || weights < 0 || model < 0) return estimate(in, core, db, core.size_tool + " failed");
  c.weights_bytes = weights;
  c.model_code_bytes = model;
  c.runtime_bytes = std::max<int64_t>(0, total - weights - model);

  // Stack: invoke's frame + the deepest kernel (all frames of one kernel file, an upper bound since
  // its helpers may nest) + the entry stub + a reserve for the caller and an exception frame.
  int64_t deepest_kernel = 0;
  for (const auto& s : sources) {
    if (s.rfind("mcuforge/kernels/", 0) != 0) continue;
    deepest_kernel = std::max(deepest_kernel, sum_frames(stack_usage(dir / (s + ".su"))));
  }
  const auto model_su = stack_usage(dir / (n + "_model.c.su"));
  int64_t invoke = 0;
  for (const auto& [f, b] : model_su) invoke = std::max(invoke, b);
  c.stack_bytes = invoke + deepest_kernel + sum_frames(stack_usage(dir / "mf_check_entry.c.su")) + kStackReserve;

  std::string version;
  run(quote(core.compiler) + " -dumpversion", log, &version);
  version.erase(std::remove(version.begin(), version.end(), '\n'), version.end());
  c.measured = true;
  c.method = fmt::format("measured: {} {} -O2 {}, linked with --gc-sections; stack from -fstack-usage", core.compiler,
                         version, fmt::join(core.cflags, " "));
  return c;
}

}  // namespace mcuforge::target
