// SPDX-License-Identifier: Apache-2.0
// Unit tests of the pieces of `mcuforge verify` that need no cross compiler or QEMU: core table and
// aliases, linker map attribution, process runner (exit codes, time limit), test-data source.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "diagnostics/error.h"
#include "emulate/elf_info.h"
#include "emulate/emulator.h"
#include "emulate/process.h"
#include "emulate/targets.h"

namespace mcuforge::emulate {
namespace {

TEST(EmulateTargets, CoresAndAliases) {
  EXPECT_EQ(core_spec("cortex-m4").machine, "mps2-an386");
  EXPECT_EQ(core_spec("cortex-m4").name, "cortex-m4f");  // an alias names the database id
  EXPECT_EQ(core_spec("cortex-m4").cflags, (std::vector<std::string>{"-mcpu=cortex-m4", "-mthumb", "-mfloat-abi=hard", "-mfpu=fpv4-sp-d16"}));
  EXPECT_EQ(core_spec("cortex-m4").libc_flags, std::vector<std::string>{"--specs=nano.specs"});
  EXPECT_EQ(core_spec("cortex-m3").machine, "mps2-an385");
  EXPECT_EQ(core_spec("cortex-m33f").machine, "mps2-an505");
  EXPECT_EQ(core_spec("cortex-m33").flash_origin, 0x10000000u);
  EXPECT_EQ(core_spec("rv32imc").qemu, "qemu-system-riscv32");
  EXPECT_EQ(core_spec("rv32imc").cflags, (std::vector<std::string>{"-march=rv32imc", "-mabi=ilp32"}));
  EXPECT_EQ(core_spec("rv32imc").libc_flags, std::vector<std::string>{"--specs=picolibc.specs"});
  EXPECT_EQ(core_spec("rv32imc").ram_origin, 0x80800000u);
  EXPECT_EQ(core_spec("rv32imc").arch, Arch::kRiscv);
  EXPECT_EQ(core_spec("cortex-m0+").name, "cortex-m0plus");
  EXPECT_THROW(core_spec("cortex-a53"), Error);
  EXPECT_THROW(core_spec("xtensa-lx6"), Error);
  EXPECT_THROW(core_spec("xtensa-lx7"), Error);  // in the table, but QEMU cannot run it
}

TEST(EmulateElf, LinkerMapAttributesInputSectionsToObjects) {
  const std::filesystem::path p = std::filesystem::temp_directory_path() / "mf_emulate_test.map";
  std::ofstream(p) << "Archive member included\n\nLinker script and memory map\n\n"
                      ".text           0x00000000      0x200\n"
                      " *(.vectors)\n"
                      " .vectors       0x00000000       0x40 obj/harness/mf_startup_cm.o\n"
                      " .text.mf_fully_connected_s8\n"
                      "                0x00000040      0x120 obj/gen/mf_fully_connected_s8.o\n"
                      "                0x00000040                mf_fully_connected_s8\n"
                      " *fill*         0x00000160        0x2 \n"
                      " .text.memcpy   0x00000164       0x9c /usr/lib/libc_nano.a(libc_a-memcpy.o)\n"
                      "\n.rodata         0x00000200      0x100\n"
                      " .rodata.mfv_w1 0x00000200       0xf0 obj/gen/mfv_weights.o\n";
  const MapContributions m = read_ld_map(p.string());
  std::filesystem::remove(p);
  EXPECT_EQ(m.at(".text").at("obj/gen/mf_fully_connected_s8.o"), 0x120u);
  EXPECT_EQ(m.at(".text").at("obj/harness/mf_startup_cm.o"), 0x40u);
  EXPECT_EQ(m.at(".text").at("/usr/lib/libc_nano.a(libc_a-memcpy.o)"), 0x9cu);
  EXPECT_EQ(m.at(".rodata").at("obj/gen/mfv_weights.o"), 0xf0u);
}

TEST(EmulateProcess, ExitCodesOutputAndTimeLimit) {
  ProcessResult r = run_process({"sh", "-c", "echo out; echo err >&2; exit 3"});
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_EQ(r.out, "out\n");
  EXPECT_EQ(r.err, "err\n");
  r = run_process({"sleep", "5"}, "", 0.2);
  EXPECT_TRUE(r.timed_out);
  const auto many = run_processes({{"sh", "-c", "exit 1"}, {"sh", "-c", "exit 0"}, {"true"}}, "", 2);
  ASSERT_EQ(many.size(), 3u);
  EXPECT_EQ(many[0].exit_code, 1);
  EXPECT_EQ(many[1].exit_code, 0);
  EXPECT_EQ(run_process({"no-such-program-mcuforge"}).exit_code, 127);
  EXPECT_EQ(find_in_path("no-such-program-mcuforge"), "");
  EXPECT_NE(find_in_path("sh"), "");
}

TEST(EmulateHarness, TestDataSourceHoldsEveryByte) {
  const std::string s = testdata_source({{1, 2, 255}, {}});
  EXPECT_NE(s.find(".mfv_testdata"), std::string::npos);
  EXPECT_NE(s.find("mfv_in0[3] = {\n  1, 2, 255,"), std::string::npos);
  EXPECT_NE(s.find("mfv_test_inputs[] = {mfv_in0, mfv_in1}"), std::string::npos);
}

}  // namespace
}  // namespace mcuforge::emulate
