// SPDX-License-Identifier: Apache-2.0
// The PlatformIO writer's frameworks that no board of the database uses yet (zephyr, stm32cube) and
// the refusal of one it cannot write; the boards' own frameworks (arduino, espidf) are built in
// tests/deploy/test_ecosystems.py.
#include <gtest/gtest.h>

#include "deploy/deploy.h"
#include "diagnostics/error.h"
#include "exec/executor.h"
#include "passes/load_model.h"
#include "target/board_db.h"

namespace mcuforge::deploy {
namespace {

class PlatformioFrameworks : public ::testing::Test {
 protected:
  void SetUp() override {
    graph_ = passes::load_model(std::string(MF_SHARED_DIR) + "/corpus/models/tflm_hello_world_int8.tflite");
    const target::Board* b = target::board_db().find_board("nucleo-f446re");
    ASSERT_NE(b, nullptr);
    board_ = *b;
    for (int id : graph_.inputs) request_.app.inputs.emplace_back(graph_.tensor(id).num_bytes(), 0);
    exec::Executor executor(graph_);
    request_.app.expected = executor.invoke(request_.app.inputs);
    request_.app.input_note = "zeros";
    request_.graph = &graph_;
    request_.board = &board_;
    request_.kind = ProjectKind::kPlatformio;
    request_.name = "hello";
    request_.model_file = "tflm_hello_world_int8.tflite";
  }

  Project with_framework(const std::string& framework) {
    board_.deploy.platformio_framework = framework;
    return make_project(request_);
  }

  ir::Graph graph_;
  target::Board board_;
  DeployRequest request_;
};

TEST_F(PlatformioFrameworks, Zephyr) {
  const Project p = with_framework("zephyr");
  ASSERT_TRUE(p.files.count("src/main.c"));
  EXPECT_NE(p.files.at("src/main.c").find("k_cycle_get_32()"), std::string::npos);
  ASSERT_TRUE(p.files.count("zephyr/CMakeLists.txt"));
  EXPECT_NE(p.files.at("zephyr/CMakeLists.txt").find("target_sources(app PRIVATE ../src/main.c)"), std::string::npos);
  ASSERT_TRUE(p.files.count("zephyr/prj.conf"));
  EXPECT_NE(p.files.at("zephyr/prj.conf").find("CONFIG_FPU=y"), std::string::npos);  // Cortex-M4F
  EXPECT_NE(p.files.at("platformio.ini").find("framework = zephyr"), std::string::npos);
  EXPECT_TRUE(p.files.count("lib/hello/library.json"));
  EXPECT_TRUE(p.files.count("lib/hello/src/hello_model.h"));
}

TEST_F(PlatformioFrameworks, Stm32CubeUsesTheRegisterLevelConsole) {
  const Project p = with_framework("stm32cube");
  for (const char* f : {"src/main.c", "src/console_uart.c", "src/console_uart.h", "platformio.ini", "README.md"})
    EXPECT_TRUE(p.files.count(f)) << f;
  EXPECT_NE(p.files.at("src/console_uart.c").find("USART2"), std::string::npos);
  EXPECT_NE(p.files.at("README.md").find("N cycles = N us at 16 MHz"), std::string::npos);
  EXPECT_FALSE(p.files.count("CMakeLists.txt"));  // the framework supplies startup code and linker script
}

TEST_F(PlatformioFrameworks, Stm32CubeNeedsTheStm32Facts) {
  board_.deploy.stm32.reset();
  try {
    with_framework("stm32cube");
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("deploy.stm32"), std::string::npos) << e.what();
  }
}

TEST_F(PlatformioFrameworks, UnknownFrameworkIsRefusedWithTheSupportedOnes) {
  try {
    with_framework("mbed");
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("'mbed'"), std::string::npos) << e.what();
    EXPECT_NE(e.hint().find("arduino, espidf, zephyr, stm32cube"), std::string::npos) << e.hint();
  }
}

}  // namespace
}  // namespace mcuforge::deploy
