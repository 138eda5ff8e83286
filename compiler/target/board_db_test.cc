// SPDX-License-Identifier: Apache-2.0
// The embedded board database: every file passes boards/schema.json and cites its sources; the
// loader rejects broken files with clear messages; the fit check's verdicts and ranking.
#include <gtest/gtest.h>

#include "diagnostics/error.h"
#include "target/board_db.h"
#include "target/board_files.h"
#include "target/fit_check.h"
#include "target/json_schema.h"

namespace mcuforge::target {
namespace {

std::vector<DataFile> embedded() {
  std::vector<DataFile> files;
  for (const auto& f : embedded_board_files()) files.push_back({std::string(f.path), std::string(f.content)});
  return files;
}

void replace(std::string& text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  ASSERT_NE(at, std::string::npos) << from;
  text.replace(at, from.size(), to);
}

std::string load_error(const std::vector<DataFile>& files) {
  try {
    load_board_db(files);
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

TEST(BoardDb, EveryFileValidatesAndCitesSources) {
  const BoardDb& db = board_db();
  EXPECT_GE(db.boards.size(), 13u);
  for (const char* id : {"esp32-devkitc", "esp32-s3-devkitc-1-n8r8", "esp32-c3-devkitm-1", "nucleo-f401re",
                         "nucleo-f411re", "nucleo-f446re", "nucleo-h743zi2", "nucleo-l4r5zi", "b-l475e-iot01a",
                         "nucleo-u575zi-q", "nano-33-ble", "nrf5340-dk", "rpi-pico"})
    EXPECT_NE(db.find_board(id), nullptr) << id;
  for (const auto& b : db.boards) {
    ASSERT_NE(b.core, nullptr) << b.id;
    EXPECT_FALSE(b.sources.empty()) << b.id;
    for (const auto& [key, doc] : b.sources) EXPECT_GE(doc.size(), 8u) << b.id << " " << key;
    EXPECT_TRUE(b.sources.count(b.raw["clock"]["source"].get<std::string>())) << b.id;
    EXPECT_TRUE(b.sources.count(b.raw["flash"]["source"].get<std::string>())) << b.id;
    bool arena_region = false;
    for (const auto& r : b.sram) {
      EXPECT_TRUE(b.sources.count(r.source)) << b.id << " " << r.name;
      arena_region = arena_region || r.arena;
    }
    EXPECT_TRUE(arena_region) << b.id << ": no SRAM region may hold the arena";
    EXPECT_GT(b.clock_hz, 0);
    EXPECT_LE(b.flash_app_bytes, b.flash_bytes) << b.id;
  }
  for (const auto& c : db.cores) EXPECT_TRUE(c.sources.count(c.cost.source)) << c.id;
  EXPECT_TRUE(db.kernel_sizes["kernels"].contains("mf_conv2d_s8"));
}

TEST(BoardDb, KnownFacts) {
  const BoardDb& db = board_db();
  EXPECT_EQ(db.find_board("nucleo-f401re")->flash_bytes, 512 * 1024);
  EXPECT_EQ(db.find_board("nucleo-f401re")->sram_total(), 96 * 1024);
  EXPECT_EQ(db.find_board("nucleo-h743zi2")->core->fpu, Fpu::kDouble);
  EXPECT_EQ(db.find_board("rpi-pico")->core->fpu, Fpu::kNone);
  EXPECT_EQ(db.find_board("esp32-c3-devkitm-1")->core->fpu, Fpu::kNone);
  EXPECT_EQ(db.find_board("esp32-s3-devkitc-1-n8r8")->external.at(0).kind, "psram");
}

TEST(BoardDb, RejectsBrokenFilesWithClearMessages) {
  auto files = embedded();
  for (auto& f : files) {
    if (f.path != "st/nucleo-f401re.yaml") continue;
    replace(f.text, "clock: {hz: 84000000, source: ds10086}", "clock: {hz: fast, source: ds10086}");
    replace(f.text, "vendor:", "vendour:");
  }
  const std::string e = load_error(files);
  EXPECT_NE(e.find("st/nucleo-f401re.yaml: /clock/hz: must be of type \"integer\""), std::string::npos) << e;
  EXPECT_NE(e.find("missing required field 'vendor'"), std::string::npos) << e;
  EXPECT_NE(e.find("unknown field 'vendour'"), std::string::npos) << e;
}

TEST(BoardDb, RejectsUnknownSourceAndCore) {
  auto files = embedded();
  for (auto& f : files) {
    if (f.path != "st/nucleo-f411re.yaml") continue;
    replace(f.text, "core: cortex-m4f", "core: cortex-m99");
    replace(f.text, "flash: {bytes: 524288, source: ds10314}", "flash: {bytes: 524288, source: ds99}");
  }
  const std::string e = load_error(files);
  EXPECT_NE(e.find("/flash/source: 'ds99' is not a key of 'sources'"), std::string::npos) << e;
  files = embedded();
  for (auto& f : files)
    if (f.path == "st/nucleo-f411re.yaml") replace(f.text, "core: cortex-m4f", "core: cortex-m99");
  EXPECT_NE(load_error(files).find("no core 'cortex-m99'"), std::string::npos);
}

TEST(BoardDb, DeployFacts) {
  const BoardDb& db = board_db();
  for (const auto& b : db.boards) EXPECT_FALSE(b.deploy.default_project.empty()) << b.id;
  EXPECT_EQ(db.find_board("esp32-s3-devkitc-1-n8r8")->deploy.esp_idf_target, "esp32s3");
  EXPECT_EQ(db.find_board("nrf5340-dk")->deploy.zephyr_board, "nrf5340dk/nrf5340/cpuapp");
  EXPECT_TRUE(db.find_board("nrf5340-dk")->deploy.platformio_board.empty());
  EXPECT_EQ(db.find_board("rpi-pico")->deploy.default_project, "platformio");
  EXPECT_EQ(db.find_board("nano-33-ble")->deploy.arduino_index_url, "");  // in Arduino's own index
  const auto& l4r5 = db.find_board("nucleo-l4r5zi")->deploy.stm32;
  ASSERT_TRUE(l4r5.has_value());
  EXPECT_EQ(l4r5->console.ip, "lpuart");
  EXPECT_EQ(l4r5->console.enable.size(), 4u);  // PWR clock and VDDIO2 (IOSV) for port G
  for (const auto& b : db.boards) {
    if (!b.deploy.stm32) continue;
    EXPECT_EQ(b.deploy.stm32->flash_origin, 0x08000000) << b.id;
    EXPECT_FALSE(b.deploy.stm32->console.enable.empty()) << b.id;
  }
}

TEST(BoardDb, RejectsDefaultProjectTheBoardDoesNotOffer) {
  auto files = embedded();
  for (auto& f : files)
    if (f.path == "espressif/esp32-devkitc.yaml")
      replace(f.text, "default_project: esp-idf", "default_project: zephyr");
  const std::string e = load_error(files);
  EXPECT_NE(e.find("espressif/esp32-devkitc.yaml: /deploy/default_project: 'zephyr' is not offered (no /deploy/zephyr "
                   "entry)"),
            std::string::npos)
      << e;
  // make is always offered.
  files = embedded();
  for (auto& f : files)
    if (f.path == "nordic/nrf5340-dk.yaml") replace(f.text, "default_project: zephyr", "default_project: make");
  EXPECT_EQ(load_error(files), "");
}

TEST(BoardDb, RejectsDeployEntriesThatDoNotMatchBuildSystems) {
  auto files = embedded();
  for (auto& f : files) {
    // a deploy entry whose build system is not listed
    if (f.path == "raspberrypi/rpi-pico.yaml")
      replace(f.text, "build_systems: [pico-sdk, arduino, platformio, zephyr]",
              "build_systems: [pico-sdk, arduino, platformio]");
    // a listed build system without its deploy entry
    if (f.path == "st/nucleo-l4r5zi.yaml")
      replace(f.text, "build_systems: [stm32cube-cmake, zephyr, platformio]",
              "build_systems: [stm32cube-cmake, zephyr, platformio, arduino]");
    // stm32cube-cmake <-> stm32
    if (f.path == "st/nucleo-u575zi-q.yaml")
      replace(f.text, "build_systems: [stm32cube-cmake, zephyr, platformio]", "build_systems: [zephyr, platformio]");
  }
  const std::string e = load_error(files);
  EXPECT_NE(e.find("raspberrypi/rpi-pico.yaml: /deploy/zephyr: build_systems does not list 'zephyr'"),
            std::string::npos)
      << e;
  EXPECT_NE(e.find("st/nucleo-l4r5zi.yaml: /build_systems: 'arduino' is listed but /deploy has no 'arduino' entry"),
            std::string::npos)
      << e;
  EXPECT_NE(e.find("st/nucleo-u575zi-q.yaml: /deploy/stm32: build_systems does not list 'stm32cube-cmake'"),
            std::string::npos)
      << e;
  EXPECT_NE(e.find("3 problem(s)"), std::string::npos) << e;
}

TEST(BoardDb, YamlSyntaxErrorNamesFileAndLine) {
  auto files = embedded();
  files.push_back({"st/broken.yaml", "id: broken\nname: [unclosed\n"});
  EXPECT_NE(load_error(files).find("st/broken.yaml line"), std::string::npos);
}

TEST(JsonSchema, Subset) {
  const nlohmann::json schema = nlohmann::json::parse(R"({
    "type": "object", "required": ["a"], "additionalProperties": false,
    "properties": {"a": {"type": "integer", "minimum": 1}, "b": {"$ref": "#/$defs/s"}},
    "$defs": {"s": {"type": "string", "pattern": "^x"}}})");
  EXPECT_TRUE(validate_json({{"a", 2}, {"b", "xy"}}, schema, schema).empty());
  EXPECT_EQ(validate_json({{"a", 0}}, schema, schema).size(), 1u);
  EXPECT_EQ(validate_json({{"a", 1}, {"b", "y"}, {"c", 1}}, schema, schema).size(), 2u);
}

ModelFacts facts(int64_t weights, int64_t arena, const std::string& kernel = "mf_conv2d_s8") {
  ModelFacts m;
  m.model = "synthetic.tflite";
  m.compiled = true;
  m.weights_bytes = weights;
  m.arena_bytes = arena;
  m.total_macs = 1000000;
  m.ops = {{"CONV_2D", kernel, 1000000, 10000}};
  m.code.kernels = {kernel};
  m.code.num_ops = 1;
  return m;
}

CodeSize code(int64_t weights) {
  CodeSize c;
  c.weights_bytes = weights;
  c.runtime_bytes = 8000;
  c.model_code_bytes = 4000;
  c.stack_bytes = 1024;
  return c;
}

TEST(FitCheck, WeightsLargerThanFlashDoNotFitAndNameTheShortfall) {
  const BoardDb& db = board_db();
  const Board& f401 = *db.find_board("nucleo-f401re");
  const auto r = check_fit(facts(600 * 1024, 10000), f401, code(600 * 1024), {}, db);
  EXPECT_FALSE(r.fits);
  EXPECT_FALSE(r.flash_ok);
  EXPECT_TRUE(r.ram_ok);
  EXPECT_EQ(r.flash_budget, 524288 * 60 / 100);
  ASSERT_FALSE(r.advice.empty());
  EXPECT_NE(r.advice[0].find(human_bytes(r.flash_need - r.flash_budget) + " short"), std::string::npos) << r.advice[0];
  EXPECT_EQ(r.to_json()["flash"]["need"], r.flash_need);
}

TEST(FitCheck, FlashBudgetOption) {
  const BoardDb& db = board_db();
  const Board& f401 = *db.find_board("nucleo-f401re");
  CheckOptions o;
  EXPECT_FALSE(check_fit(facts(350 * 1024, 1000), f401, code(350 * 1024), o, db).fits);
  o.flash_budget_pct = 90;
  EXPECT_TRUE(check_fit(facts(350 * 1024, 1000), f401, code(350 * 1024), o, db).fits);
}

TEST(FitCheck, ArenaMustFitOneRegion) {
  const BoardDb& db = board_db();
  const Board& h7 = *db.find_board("nucleo-h743zi2");
  auto r = check_fit(facts(1000, 100 * 1024), h7, code(1000), {}, db);
  EXPECT_TRUE(r.fits);
  EXPECT_EQ(r.placements[0].region, "DTCM");
  r = check_fit(facts(1000, 300 * 1024), h7, code(1000), {}, db);
  EXPECT_EQ(r.placements[0].region, "AXI SRAM (D1)");
  r = check_fit(facts(1000, 600 * 1024), h7, code(1000), {}, db);  // more than any one region
  EXPECT_FALSE(r.fits);
  EXPECT_FALSE(r.ram_ok);
  // The ESP32-S3 N8R8 takes a large arena into its PSRAM.
  r = check_fit(facts(1000, 600 * 1024), *db.find_board("esp32-s3-devkitc-1-n8r8"), code(1000), {}, db);
  EXPECT_TRUE(r.fits);
  EXPECT_TRUE(r.arena_external);
}

TEST(FitCheck, FloatOnCoreWithoutFpuAdvisesQuantization) {
  const BoardDb& db = board_db();
  const auto r = check_fit(facts(1000, 1000, "mf_conv2d_f32"), *db.find_board("rpi-pico"), code(1000), {}, db);
  bool quantize = false;
  for (const auto& a : r.advice) quantize = quantize || a.find("quantize it to int8") != std::string::npos;
  EXPECT_TRUE(quantize);
  const auto m4 = check_fit(facts(1000, 1000, "mf_conv2d_f32"), *db.find_board("nucleo-f401re"), code(1000), {}, db);
  for (const auto& a : m4.advice) EXPECT_EQ(a.find("quantize it to int8"), std::string::npos) << a;
  EXPECT_GT(r.latency.cycles_per_mac, 5 * m4.latency.cycles_per_mac);
}

TEST(FitCheck, MeasuredInstructionsReplaceTheModel) {
  const BoardDb& db = board_db();
  CheckOptions o;
  o.measured = MeasuredInstructions{"cortex-m4f", 2000000, "test"};
  const Board& f401 = *db.find_board("nucleo-f401re");
  const auto r = check_fit(facts(1000, 1000), f401, code(1000), o, db);
  EXPECT_TRUE(r.latency.measured);
  EXPECT_NEAR(r.latency.cycles, 2000000 * f401.core->cost.cycles_per_instruction, 1);
}

TEST(FitCheck, RankingPutsFittingFastBoardsFirst) {
  const BoardDb& db = board_db();
  std::vector<FitResult> rs;
  for (const auto& b : db.boards) rs.push_back(check_fit(facts(200 * 1024, 90 * 1024), b, code(200 * 1024), {}, db));
  rank(rs);
  auto pos = [&](const std::string& id) {
    for (size_t k = 0; k < rs.size(); ++k)
      if (rs[k].board->id == id) return k;
    return rs.size();
  };
  EXPECT_LT(pos("nucleo-h743zi2"), pos("nucleo-f401re"));
  bool seen_miss = false;
  for (const auto& r : rs) {
    if (!r.fits) seen_miss = true;
    else EXPECT_FALSE(seen_miss) << r.board->id << " fits but ranks after a board that does not";
  }
}

}  // namespace
}  // namespace mcuforge::target
