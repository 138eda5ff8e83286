// SPDX-License-Identifier: Apache-2.0
// --project stm32-cmake: a bare-metal CMake project (toolchain file, startup code, linker script, a
// register-level console UART) built from the board's `deploy.stm32` facts; no vendor HAL to fetch.
#include <fmt/format.h>

#include <algorithm>

#include "deploy/project_writer.h"
#include "diagnostics/error.h"

namespace mcuforge::deploy {
namespace {

std::string hex(int64_t v) { return fmt::format("0x{:08X}", v); }

// Register offsets and bits per UART generation (reference manuals: F4 RM0390 "USART registers";
// L4/H7/U5 "USART registers" with ISR/TDR; LPUART has the same layout, BRR = 256 * fck / baud).
std::string uart_registers(const target::Stm32Console& u, int baud) {
  if (u.ip == "usart-v1") {
    const int64_t brr = (u.kernel_clock_hz + baud / 2) / baud;  // oversampling by 16: mantissa.fraction
    return fmt::format(
        "/* usart-v1 (SR/DR) registers */\n#define UART_STATUS 0x00u\n#define UART_STATUS_TXE (1u << 7)\n"
        "#define UART_TDR 0x04u\n#define UART_BRR 0x08u\n#define UART_CR1 0x0Cu\n#define UART_CR1_UE (1u << 13)\n"
        "#define UART_CR1_TE (1u << 3)\n#define UART_BRR_VALUE {}u /* {} Hz / {} baud, oversampling 16 */\n",
        brr, u.kernel_clock_hz, baud);
  }
  const bool lp = u.ip == "lpuart";
  const int64_t brr = lp ? (u.kernel_clock_hz * 256 + baud / 2) / baud : (u.kernel_clock_hz + baud / 2) / baud;
  return fmt::format(
      "/* {} (ISR/TDR) registers */\n#define UART_CR1 0x00u\n#define UART_CR1_UE (1u << 0)\n#define UART_CR1_TE (1u << 3)\n"
      "#define UART_BRR 0x0Cu\n#define UART_STATUS 0x1Cu /* ISR */\n#define UART_STATUS_TXE (1u << 7)\n#define UART_TDR 0x28u\n"
      "#define UART_BRR_VALUE {}u /* {} */\n",
      u.ip, brr,
      lp ? fmt::format("256 * {} Hz / {} baud", u.kernel_clock_hz, baud)
         : fmt::format("{} Hz / {} baud, oversampling 16", u.kernel_clock_hz, baud));
}

// QEMU's netduinoplus2 (STM32F405) has the F4 USARTs at these addresses, on -serial 1..6 in order.
int qemu_serial_index(const target::Stm32Facts& s) {
  static const int64_t usarts[] = {0x40011000, 0x40004400, 0x40004800, 0x40004C00, 0x40005000, 0x40011400};
  if (s.console.ip != "usart-v1" || s.family != "STM32F4") return -1;
  for (int i = 0; i < 6; ++i)
    if (usarts[i] == s.console.base) return i;
  return -1;
}

}  // namespace

ProjectFiles write_stm32_cmake(const Context& c) {
  const target::Board& b = *c.board;
  const target::Stm32Facts& s = *b.deploy.stm32;
  const target::MemoryRegion* ram = nullptr;
  for (const auto& r : b.sram)
    if (r.stack && r.address) ram = &r;
  if (!ram) throw Error("board '" + b.id + "' names no SRAM region with an address for the stack", "fix boards/" + b.file);

  // The arena goes where the fit check put it: its own output section when that is not the stack's
  // region (e.g. the H7's AXI SRAM when the arena outgrows the DTCM). -fdata-sections gives the static
  // arena its own input section, .bss.NAME_arena.
  const target::MemoryRegion* arena = nullptr;
  for (const auto& r : b.sram)
    if (r.name == c.request->arena_region && r.address && &r != ram) arena = &r;

  Context m = c;
  m.vars["ARENA_MEMORY"] = arena ? fmt::format("    ARENA (rw)  : ORIGIN = {}, LENGTH = {} /* {} */\n", hex(*arena->address),
                                                arena->bytes, arena->name)
                                 : "";
  m.vars["ARENA_SECTION"] =
      arena ? fmt::format("    /* The tensor arena in {} (mcuforge check placed it there). */\n"
                          "    .mcuforge_arena (NOLOAD) : {{\n        . = ALIGN(16);\n        *(.bss.{}_arena)\n    }} > ARENA\n",
                          arena->name, c.name)
            : "";
  m.vars["BOARD_FILE"] = b.file;
  m.vars["FLASH_ORIGIN"] = hex(s.flash_origin);
  m.vars["FLASH_LENGTH"] = std::to_string(b.flash_bytes);
  m.vars["RAM_ORIGIN"] = hex(*ram->address);
  m.vars["RAM_LENGTH"] = std::to_string(ram->bytes);
  m.vars["STACK_BYTES"] = "4096";
  m.vars["RESET_CLOCK_HZ"] = std::to_string(s.reset_clock_hz);
  m.vars["RESET_CLOCK_MHZ"] = std::to_string(s.reset_clock_hz / 1000000);
  m.vars["CLOCK_MHZ"] = std::to_string(b.clock_hz / 1000000);
  m.vars["FAMILY"] = s.family;
  m.vars["CONSOLE_PERIPHERAL"] = s.console.peripheral;
  m.vars["CONSOLE_NOTE"] = s.console.note;
  m.vars["CONSOLE_CLOCK_HZ"] = std::to_string(s.console.kernel_clock_hz);
  m.vars["CONSOLE_BASE"] = hex(s.console.base);
  m.vars["TX_GPIO_BASE"] = hex(s.console.tx_gpio_base);
  m.vars["TX_PIN"] = std::to_string(s.console.tx_pin);
  m.vars["TX_AF"] = std::to_string(s.console.tx_af);
  m.vars["UART_REGISTERS"] = uart_registers(s.console, kBaud);
  std::string enable;
  for (const target::RegisterBit& e : s.console.enable)
    enable += fmt::format("  REG({}u) |= 1u << {}; /* {} */\n", hex(e.address), e.bit, e.what);
  m.vars["ENABLE_BITS"] = enable;
  m.vars["LAST_ENABLE_REGISTER"] = hex(s.console.enable.back().address);
  const int qemu = qemu_serial_index(s);
  std::string qemu_section;
  if (qemu >= 0) {
    std::string serial;  // the console's USART on stdio, the ones before it unconnected
    for (int i = 0; i < qemu; ++i) serial += "-serial null ";
    m.vars["QEMU_SERIAL"] = serial + "-serial stdio";
    qemu_section = render_template(m, "stm32-cmake/qemu_section.md");
  }
  m.vars["QEMU_SECTION"] = qemu_section;

  ProjectFiles p;
  for (const char* f : {"CMakeLists.txt", "cmake/arm-none-eabi.cmake", "startup/startup.c", "src/main.c",
                        "src/console_uart.h", "src/console_uart.c", "README.md"})
    p.files[f] = render_template(m, std::string("stm32-cmake/") + f);
  p.files["linker/" + b.id + ".ld"] = render_template(m, "stm32-cmake/linker/board.ld");
  add_library(p.files, "model", c);
  p.build_commands = {"cmake -B build", "cmake --build build"};
  p.flash_commands = {fmt::format("st-flash --reset write build/firmware.bin {}", hex(s.flash_origin)),
                      "STM32_Programmer_CLI -c port=SWD -w build/firmware.elf -v -rst"};
  return p;
}

}  // namespace mcuforge::deploy
