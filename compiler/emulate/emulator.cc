// SPDX-License-Identifier: Apache-2.0
#include "emulate/emulator.h"

#include <fmt/format.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>
#include <stdexcept>

#include "diagnostics/error.h"
#include "emulate/elf_info.h"
#include "emulate/target_files.h"
#include "emulate/process.h"

namespace mcuforge::emulate {
namespace fs = std::filesystem;
namespace {

void write_file(const fs::path& p, std::string_view text) {
  fs::create_directories(p.parent_path());
  std::ofstream f(p, std::ios::binary);
  f.write(text.data(), static_cast<std::streamsize>(text.size()));
  if (!f) throw std::runtime_error("cannot write " + p.string());
}

std::string_view target_file(const std::string& rel) {
  for (const auto& f : target_files()) {
    if (f.path == rel) return f.content;
  }
  throw std::runtime_error("embedded harness file missing: " + rel);
}

std::string replace_all(std::string s, const std::string& from, const std::string& to) {
  for (size_t p = s.find(from); p != std::string::npos; p = s.find(from, p + to.size())) s.replace(p, from.size(), to);
  return s;
}

std::string tail(const std::string& s, size_t n = 3000) { return s.size() <= n ? s : "..." + s.substr(s.size() - n); }

std::string install_hint(const std::string& packages) {
  return "install it with: apt-get install --no-install-recommends " + packages + " (or run scripts/setup.sh)";
}

void add_sizes(SectionSizes& s, const std::string& section, uint64_t bytes) {
  if (section == ".text") s.text += bytes;
  else if (section == ".rodata") s.rodata += bytes;
  else if (section == ".data" || section == ".tdata") s.data += bytes;
  else if (section == ".bss" || section == ".tbss" || section == ".tbss_space") s.bss += bytes;
}

}  // namespace

void require_tools(const CoreSpec& core) {
  if (find_in_path(core.compiler).empty()) {
    throw Error(core.compiler + " (the cross compiler for " + core.name + ") was not found", install_hint(core.apt_compiler));
  }
  // The C library: newlib for Arm, picolibc for RISC-V (the compiler alone has no <string.h>).
  const ProcessResult r = run_process({core.compiler, core.libc_flags.at(0), "-print-file-name=libc.a"}, "", 60);
  const std::string lib = r.out.substr(0, r.out.find('\n'));
  bool have_libc = r.exit_code == 0 && lib.find('/') != std::string::npos && fs::exists(lib);
  if (core.arch == Arch::kRiscv) {
    const ProcessResult s = run_process({core.compiler, "-print-file-name=picolibc.specs"}, "", 60);
    const std::string specs = s.out.substr(0, s.out.find('\n'));
    have_libc = specs.find('/') != std::string::npos && fs::exists(specs);
  }
  if (!have_libc) {
    throw Error("the C library for " + core.compiler + " was not found", install_hint(core.apt_compiler));
  }
  if (find_in_path(core.qemu).empty()) {
    throw Error(core.qemu + " (the emulator for " + core.name + ") was not found", install_hint(core.apt_qemu));
  }
}

std::string tool_version(const std::string& tool) {
  try {
    const ProcessResult r = run_process({tool, "--version"}, "", 30);
    return r.out.substr(0, r.out.find('\n'));
  } catch (const std::exception&) {
    return "";
  }
}

std::string testdata_source(const std::vector<std::vector<uint8_t>>& inputs) {
  std::string s = "/* Test inputs of `mcuforge verify` (generated). Own section: not part of the image's sizes. */\n";
  for (size_t k = 0; k < inputs.size(); ++k) {
    s += fmt::format("__attribute__((section(\".mfv_testdata\"), aligned(16))) static const unsigned char mfv_in{}[{}] = {{",
                     k, std::max<size_t>(inputs[k].size(), 1));
    for (size_t i = 0; i < inputs[k].size(); ++i) {
      if (i % 24 == 0) s += "\n ";
      s += fmt::format(" {},", inputs[k][i]);
    }
    if (inputs[k].empty()) s += "0";
    s += "\n};\n";
  }
  s += "const unsigned char* const mfv_test_inputs[] = {";
  for (size_t k = 0; k < inputs.size(); ++k) s += fmt::format("{}mfv_in{}", k ? ", " : "", k);
  if (inputs.empty()) s += "0";
  s += "};\n";
  return s;
}

BuiltImage build_image(const CoreSpec& core, const std::string& work_dir,
                       const std::map<std::string, std::string>& generated, const std::string& weights_source,
                       const std::string& testdata_c, const BuildOptions& options) {
  const fs::path dir(work_dir);
  const fs::path gen = dir / "gen", harness = dir / "harness", obj = dir / "obj";
  std::error_code ec;
  fs::remove_all(gen, ec);
  fs::remove_all(obj, ec);
  for (const auto& [rel, text] : generated) write_file(gen / rel, text);
  for (const auto& f : target_files()) write_file(harness / std::string(f.path), f.content);
  write_file(harness / "mfv_testdata.c", testdata_c);
  fs::create_directories(obj / "gen");
  fs::create_directories(obj / "harness");

  BuiltImage img;
  img.cflags = core.cflags;
  for (const auto& f : core.libc_flags) img.cflags.push_back(f);
  for (const char* f : {"-std=c99", "-ffunction-sections", "-fdata-sections"}) img.cflags.emplace_back(f);
  img.cflags.push_back(options.opt_level);
  const std::vector<std::string> includes = {"-Igen", "-Igen/mcuforge/include", "-Igen/mcuforge/internal",
                                             "-Iharness/common"};

  // Relative paths (cwd = work_dir) so that the linker map names objects as obj/gen/... or obj/harness/...
  struct Unit {
    std::string src, obj;
    std::vector<std::string> extra;
  };
  std::vector<Unit> units;
  for (const auto& [rel, text] : generated) {
    if (rel.size() > 2 && rel.substr(rel.size() - 2) == ".c") {
      units.push_back({"gen/" + rel, "obj/gen/" + fs::path(rel).stem().string() + ".o", {}});
    }
  }
  units.push_back({"harness/common/mf_verify_main.c", "obj/harness/mf_verify_main.o", {}});
  units.push_back({"harness/mfv_testdata.c", "obj/harness/mfv_testdata.o", {}});
  if (core.arch == Arch::kArm) {
    units.push_back({"harness/arm/mf_startup_cm.c", "obj/harness/mf_startup_cm.o", {"-fno-tree-loop-distribute-patterns"}});
  } else {
    // csrw (trap vector) needs Zicsr spelled out with binutils >= 2.38; the C code stays rv32imc.
    units.push_back({"harness/riscv/mf_start_rv.S", "obj/harness/mf_start_rv.o", {"-march=rv32imc_zicsr"}});
    units.push_back({"harness/riscv/mf_rv_exit.c", "obj/harness/mf_rv_exit.o", {}});
  }
  std::vector<std::vector<std::string>> cmds;
  for (const Unit& u : units) {
    std::vector<std::string> c = {core.compiler};
    c.insert(c.end(), img.cflags.begin(), img.cflags.end());
    c.insert(c.end(), u.extra.begin(), u.extra.end());
    c.insert(c.end(), includes.begin(), includes.end());
    c.insert(c.end(), {"-c", u.src, "-o", u.obj});
    cmds.push_back(std::move(c));
  }
  const auto results = run_processes(cmds, work_dir, options.jobs);
  for (size_t i = 0; i < results.size(); ++i) {
    if (results[i].exit_code != 0) {
      throw std::runtime_error(fmt::format("{} failed to compile {} for {}:\n{}", core.compiler, units[i].src,
                                           core.name, tail(results[i].err)));
    }
  }

  // Linker script with the machine's memory.
  const std::string ld_template(core.arch == Arch::kArm ? target_file("arm/mf_cortex_m.ld")
                                                        : target_file("riscv/mf_riscv.ld"));
  std::string ld = replace_all(ld_template, "@FLASH_ORIGIN@", fmt::format("0x{:08x}", core.flash_origin));
  ld = replace_all(ld, "@FLASH_LENGTH@", fmt::format("0x{:x}", core.flash_length));
  ld = replace_all(ld, "@RAM_ORIGIN@", fmt::format("0x{:08x}", core.ram_origin));
  ld = replace_all(ld, "@RAM_LENGTH@", fmt::format("0x{:x}", core.ram_length));
  write_file(dir / "image.ld", ld);

  std::vector<std::string> link = {core.compiler};
  link.insert(link.end(), img.cflags.begin(), img.cflags.end());
  link.insert(link.end(), {"-nostartfiles", "-Wl,--gc-sections", "-T", "image.ld", "-Wl,-Map=image.map"});
  for (const Unit& u : units) link.push_back(u.obj);
  link.insert(link.end(), {"-lm", "-o", "image.elf"});
  const ProcessResult lr = run_process(link, work_dir, 300);
  if (lr.exit_code != 0) {
    if (lr.err.find("overflowed") != std::string::npos || lr.err.find("will not fit") != std::string::npos) {
      throw Error(fmt::format("the model does not fit the memory of the emulated {} machine {} (flash {} KiB, RAM {} KiB)",
                              core.name, core.machine, core.flash_length / 1024, core.ram_length / 1024),
                  "verify it on a core whose machine has more memory (cortex-m4, cortex-m7, rv32imc: 4-8 MiB)\n" +
                      tail(lr.err, 800));
    }
    throw std::runtime_error(fmt::format("linking the {} image failed:\n{}", core.name, tail(lr.err)));
  }
  img.elf_path = (dir / "image.elf").string();
  img.map_path = (dir / "image.map").string();
  img.compiler_version = tool_version(core.compiler);

  const ElfImage elf = read_elf32(img.elf_path);
  for (const ElfSection& s : elf.sections) {
    if (!s.alloc || s.size == 0) continue;
    if (s.name == ".mfv_testdata") {
      img.testdata_bytes += s.size;
    } else if (s.name == ".text" || s.name == ".rodata" || s.name == ".data" || s.name == ".tdata" ||
               s.name == ".bss" || s.name == ".tbss_space") {
      add_sizes(img.image, s.name, s.size);
    } else if (s.name != ".tbss" && !s.nobits) {
      img.other_flash += s.size;
    }
  }
  auto sym = [&](const char* name) {
    auto it = elf.symbols.find(name);
    if (it == elf.symbols.end()) throw std::runtime_error(std::string("marker symbol missing from the image: ") + name);
    return it->second;
  };
  img.bench_begin = sym("mf_bench_begin");
  img.bench_end = sym("mf_bench_end");

  const std::string weights_obj = "obj/gen/" + fs::path(weights_source).stem().string() + ".o";
  for (const auto& [section, files] : read_ld_map(img.map_path)) {
    for (const auto& [file, bytes] : files) {
      if (file.rfind("obj/gen/", 0) == 0) add_sizes(img.generated, section, bytes);
      if (file == weights_obj) add_sizes(img.weights, section, bytes);
    }
  }
  return img;
}

EmulatorRun run_image(const CoreSpec& core, const BuiltImage& image, const std::string& plugin_path,
                      double timeout_seconds) {
  const fs::path dir = fs::path(image.elf_path).parent_path();
  const fs::path count_file = dir / "insncount.txt";
  std::error_code ec;
  fs::remove(count_file, ec);
  std::vector<std::string> argv = {core.qemu, "-M", core.machine};
  argv.insert(argv.end(), core.qemu_extra.begin(), core.qemu_extra.end());
  // Semihosting console into a file: QEMU's own messages stay apart from the harness protocol.
  const fs::path console_file = dir / "console.txt";
  fs::remove(console_file, ec);
  argv.insert(argv.end(), {"-nographic", "-monitor", "none", "-serial", "none", "-chardev",
                           "file,id=mfv_console,path=" + console_file.string(), "-semihosting-config",
                           "enable=on,target=native,chardev=mfv_console"});
  if (!plugin_path.empty()) {
    argv.insert(argv.end(), {"-plugin", fmt::format("{},begin=0x{:x},end=0x{:x},out={}", plugin_path,
                                                    image.bench_begin, image.bench_end, count_file.string())});
  }
  argv.insert(argv.end(), {"-kernel", image.elf_path});
  const auto t0 = std::chrono::steady_clock::now();
  const ProcessResult r = run_process(argv, "", timeout_seconds);
  EmulatorRun run;
  run.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  run.exit_code = r.exit_code;
  run.timed_out = r.timed_out;
  run.qemu_stderr = r.err + r.out;
  {
    std::ifstream cf(console_file, std::ios::binary);
    std::stringstream ss;
    ss << cf.rdbuf();
    run.console = ss.str();
  }

  // Parse the harness protocol (mf_verify_main.c).
  std::istringstream is(run.console);
  std::string line;
  while (std::getline(is, line)) {
    std::istringstream ls(line);
    std::string tag, what;
    ls >> tag >> what;
    if (tag != "MFV") continue;
    if (what == "status") ls >> run.invoke_status;
    else if (what == "stack") ls >> run.stack_bytes;
    else if (what == "fault") run.fault = true;
    else if (what == "out") {
      size_t k = 0, size = 0;
      ls >> k >> size;
      std::vector<uint8_t> bytes;
      bytes.reserve(size);
      while (bytes.size() < size && std::getline(is, line)) {
        for (size_t i = 0; i + 1 < line.size(); i += 2) {
          bytes.push_back(static_cast<uint8_t>(std::stoi(line.substr(i, 2), nullptr, 16)));
        }
      }
      if (run.outputs.size() <= k) run.outputs.resize(k + 1);
      run.outputs[k] = std::move(bytes);
    }
  }
  if (run.exit_code == 126) run.fault = true;

  if (!plugin_path.empty()) {
    std::ifstream f(count_file);
    uint64_t windows = 0;
    bool have_region = false;
    while (std::getline(f, line)) {
      std::istringstream ls(line);
      std::string key;
      ls >> key;
      if (key == "total") ls >> run.total_instructions;
      else if (key == "windows") ls >> windows;
      else if (key == "region") have_region = static_cast<bool>(ls >> run.instructions);
      else if (key == "fn") {
        std::string name;
        uint64_t n = 0;
        ls >> name >> n;
        run.by_function.emplace_back(name, n);
      }
    }
    run.counted = have_region && windows == 1;
  }
  return run;
}

std::string find_insncount_plugin(std::string* why_not) {
  if (const char* env = std::getenv("MCUFORGE_INSNCOUNT_PLUGIN")) {
    if (fs::exists(env)) return env;
  }
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    const fs::path beside = exe.parent_path() / "libmcuforge_insncount.so";
    if (fs::exists(beside, ec)) return beside.string();
  }
  // Build it once from the embedded source into the cache (keyed by the source's hash).
  const std::string_view src = target_file("plugin/mf_insncount.c");
  fs::path cache;
  if (const char* x = std::getenv("XDG_CACHE_HOME"); x && *x) cache = fs::path(x) / "mcuforge";
  else if (const char* h = std::getenv("HOME"); h && *h) cache = fs::path(h) / ".cache" / "mcuforge";
  else cache = fs::temp_directory_path() / "mcuforge-cache";
  const fs::path so = cache / fmt::format("libmcuforge_insncount-{:016x}.so", std::hash<std::string_view>{}(src));
  if (fs::exists(so, ec)) return so.string();
  std::string cc;
  for (const char* c : {"cc", "gcc", "clang"}) {
    if (!find_in_path(c).empty()) {
      cc = c;
      break;
    }
  }
  if (cc.empty()) {
    if (why_not) *why_not = "no host C compiler (cc) to build the instruction-counting QEMU plugin";
    return "";
  }
  fs::create_directories(cache, ec);
  const fs::path c_file = cache / fmt::format("mf_insncount-{}.c", getpid());
  const fs::path tmp_so = cache / fmt::format("libmcuforge_insncount-{}.so.partial", getpid());
  try {
    write_file(c_file, src);
  } catch (const std::exception& e) {
    if (why_not) *why_not = e.what();
    return "";
  }
  const ProcessResult r =
      run_process({cc, "-O2", "-shared", "-fPIC", "-fvisibility=hidden", "-o", tmp_so.string(), c_file.string()}, "", 120);
  fs::remove(c_file, ec);
  if (r.exit_code != 0) {
    if (why_not) *why_not = "building the instruction-counting QEMU plugin failed: " + tail(r.err, 500);
    return "";
  }
  fs::rename(tmp_so, so, ec);
  return so.string();
}

}  // namespace mcuforge::emulate
