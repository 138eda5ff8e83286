// SPDX-License-Identifier: Apache-2.0
// --project platformio: platformio.ini with one environment from the board's `deploy.platformio`
// facts, the demo in src/ (main.cpp for the arduino framework, main.c for espidf, zephyr and
// stm32cube) and the model library as a private library, lib/NAME/ (library.json + src/), which
// PlatformIO's library dependency finder picks up from the demo's #include.
#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "deploy/project_writer.h"
#include "diagnostics/error.h"

namespace mcuforge::deploy {
namespace {

std::string library_json(const Context& c) {
  nlohmann::ordered_json j;
  j["name"] = c.name;
  j["version"] = c.vars.at("VERSION");
  j["description"] = fmt::format("{} compiled ahead of time to C99 by mcuforge for {}: arena {} B, weights {} B",
                                 c.request->model_file, c.board->name, c.vars.at("ARENA_BYTES"), c.vars.at("WEIGHTS_BYTES"));
  j["keywords"] = {"mcuforge", "tinyml", "neural-network"};
  j["frameworks"] = "*";
  j["platforms"] = "*";
  // Float kernels must round exactly as mcuforge's host reference: no fused multiply-add.
  j["build"] = {{"flags", {"-ffp-contract=off"}}};
  return j.dump(2) + "\n";
}

}  // namespace

ProjectFiles write_platformio(const Context& c) {
  const target::Board& b = *c.board;
  const target::DeployFacts& d = b.deploy;
  const std::string& framework = d.platformio_framework;
  Context m = c;
  m.vars["PIO_PLATFORM"] = d.platformio_platform;
  m.vars["PIO_BOARD"] = d.platformio_board;
  m.vars["PIO_FRAMEWORK"] = framework;

  ProjectFiles p;
  if (framework == "arduino") {
    p.files["src/main.cpp"] = render_template(m, "arduino/sketch.cpp");
    m.vars["TIME_LINE"] = "N us";
    m.vars["MAIN_FILES"] = "- `src/main.cpp`: `setup()` hands `Serial` and `micros()` to the demo and runs it once";
  } else if (framework == "espidf") {
    m.vars["IDF_TARGET_LINE"] = "# The target (CONFIG_IDF_TARGET) comes from platformio.ini's board.";
    m.vars["MAIN_STACK_BYTES"] = "8192";
    p.files["src/main.c"] = render_template(m, "esp-idf/main/main.c");
    p.files["CMakeLists.txt"] = render_template(m, "platformio/espidf_CMakeLists.txt");
    p.files["src/CMakeLists.txt"] = render_template(m, "platformio/espidf_src_CMakeLists.txt");
    p.files["sdkconfig.defaults"] = render_template(m, "esp-idf/sdkconfig.defaults");
    m.vars["TIME_LINE"] = "N us";
    m.vars["MAIN_FILES"] =
        "- `src/main.c`: `app_main()` hands the console (`stdout`) and the clock (`esp_timer`) to the demo\n"
        "- `CMakeLists.txt`, `src/CMakeLists.txt`, `sdkconfig.defaults`: the ESP-IDF project around it (-O2, an "
        "8192-byte main task stack)";
  } else if (framework == "zephyr") {
    const bool fpu = c.core->fpu != target::Fpu::kNone;
    m.vars["ZEPHYR_BOARD"] = d.zephyr_board.empty() ? d.platformio_board : d.zephyr_board;
    m.vars["MAIN_STACK_BYTES"] = "4096";
    m.vars["FPU_CONFIG"] = fpu ? "CONFIG_FPU=y" : "";
    p.files["src/main.c"] = render_template(m, "zephyr/src/main.c");
    p.files["zephyr/CMakeLists.txt"] = render_template(m, "platformio/zephyr_CMakeLists.txt");
    p.files["zephyr/prj.conf"] = render_template(m, "zephyr/prj.conf");
    m.vars["TIME_LINE"] = "N cycles = N us at M MHz (or N us where the cycle counter runs below 1 MHz)";
    m.vars["MAIN_FILES"] =
        "- `src/main.c`: hands the console (`printk`) and the clocks (`k_cycle_get_32()`, `k_uptime_ticks()`) to the demo\n"
        "- `zephyr/CMakeLists.txt`, `zephyr/prj.conf`: the Zephyr application around it";
  } else if (framework == "stm32cube") {
    if (!d.stm32)
      throw Error(fmt::format("board '{}' has no `deploy.stm32` facts for a stm32cube PlatformIO project", b.id),
                  "add them to boards/" + b.file + " or use another --project");
    // The register-level console and DWT timing of the stm32-cmake project; PlatformIO's stm32cube
    // framework supplies the startup code and the linker script and keeps the reset clock.
    const ProjectFiles stm32 = write_stm32_cmake(c);
    for (const char* f : {"src/main.c", "src/console_uart.h", "src/console_uart.c"}) p.files[f] = stm32.files.at(f);
    m.vars["TIME_LINE"] = fmt::format("N cycles = N us at {} MHz", d.stm32->reset_clock_hz / 1000000);
    m.vars["MAIN_FILES"] = "- `src/main.c`, `src/console_uart.{h,c}`: the console UART (" + d.stm32->console.peripheral +
                           ") and the DWT cycle counter for the demo, at the reset clock";
  } else {
    throw Error(fmt::format("board '{}' names the PlatformIO framework '{}', which mcuforge cannot write a project for", b.id,
                            framework),
                "supported frameworks: arduino, espidf, zephyr, stm32cube; fix boards/" + b.file + " or use another --project");
  }

  p.files["platformio.ini"] = render_template(m, "platformio/platformio.ini");
  p.files["README.md"] = render_template(m, "platformio/README.md");
  const std::string lib = "lib/" + c.name;
  p.files[lib + "/library.json"] = library_json(c);
  add_library(p.files, lib + "/src", c);
  p.build_commands = {"pio run"};
  p.flash_commands = {"pio run -t upload", "pio device monitor"};
  return p;
}

}  // namespace mcuforge::deploy
