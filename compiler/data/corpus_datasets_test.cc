// SPDX-License-Identifier: Apache-2.0
// The four MLPerf Tiny sets of ../shared/corpus/datasets against the input specs of the corpus models,
// with the preprocessing of ../shared/golden/datasets (README.md, each JSON's `preprocessing`): counts
// (ad01 248 clips x 196 windows, ic01 200, kws01 1000, vww01 1000), labels equal to the golden files',
// spot values, and the int8 inputs TFLM was given (kws01 bytes unchanged, VWW/IC p - 128).
// Skipped without ../shared.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "data/dataset.h"
#include "diagnostics/error.h"
#include "import/read_model.h"

namespace mcuforge::data {
namespace {
namespace fs = std::filesystem;

const fs::path kShared = MF_SHARED_DIR;

class DataCorpusTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!fs::exists(kShared / "corpus" / "datasets" / "ad01")) GTEST_SKIP() << "no corpus at " << kShared;
  }
};

InputSpec model_input(const std::string& model) {
  const auto specs = input_specs(import::read_model((kShared / "corpus" / "models" / (model + ".tflite")).string()));
  EXPECT_EQ(specs.size(), 1u);
  return specs.at(0);
}

std::string dataset(const std::string& name) { return (kShared / "corpus" / "datasets" / name).string(); }

std::vector<uint8_t> file_bytes(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// The labels of the golden file, in y_labels.csv order.
std::vector<int64_t> golden_labels(const std::string& model) {
  std::ifstream in(kShared / "golden" / "datasets" / (model + ".json"));
  const auto j = nlohmann::json::parse(in);
  std::vector<int64_t> labels;
  for (const auto& s : j.at("samples")) labels.push_back(s.at("label").get<int64_t>());
  return labels;
}

TEST_F(DataCorpusTest, Ad01GivesTheWindowsOfEveryClip) {
  const InputSpec in = model_input("mlperf_ad_toycar_f32");
  ASSERT_EQ(in.shape, (std::vector<int32_t>{1, 640}));
  const Dataset d = load_dataset(dataset("ad01"), {in}, {});  // float32 by default: 2560-byte windows
  ASSERT_EQ(d.group_names.size(), 248u);
  ASSERT_EQ(d.samples.size(), 248u * 196);
  EXPECT_EQ(d.labels, golden_labels("mlperf_ad_toycar_f32"));
  EXPECT_EQ(d.num_classes, 2);
  EXPECT_EQ(d.group_names[0], "normal_id_01_00000003_hist_librosa.bin");
  EXPECT_EQ(d.samples[7].source, "ad01/normal_id_01_00000003_hist_librosa.bin window 7");
  EXPECT_EQ(d.samples[196 + 5].group, 1);
  // Window w of a clip = float32 elements [128 w, 128 w + 640).
  const auto clip = file_bytes(fs::path(dataset("ad01")) / d.group_names[0]);
  std::vector<float> expected(640);
  std::memcpy(expected.data(), clip.data() + 7 * 512, 2560);
  EXPECT_EQ(d.samples[7].inputs[0], expected);
  // The int8 model quantizes the same windows: compared with the TFLM rule q = round(x / s) + zp.
  const InputSpec q = model_input("mlperf_ad_toycar_int8");
  const auto bytes = to_input_bytes(d.samples[7].inputs[0], q);
  for (size_t i = 0; i < 640; i += 97) {
    const float r = std::round(expected[i] / q.scale) + static_cast<float>(q.zero_point);
    EXPECT_EQ(static_cast<int8_t>(bytes[i]), static_cast<int8_t>(std::clamp(r, -128.0f, 127.0f))) << i;
  }
}

TEST_F(DataCorpusTest, Ic01PixelsUnscaledForTheFloatModel) {
  LoadOptions opts;
  opts.pre.raw_dtype = ir::DType::kUInt8;
  const Dataset d = load_dataset(dataset("ic01"), {model_input("mlperf_ic_resnet8_f32")}, opts);
  ASSERT_EQ(d.samples.size(), 200u);
  EXPECT_EQ(d.labels, golden_labels("mlperf_ic_resnet8_f32"));
  EXPECT_EQ(d.num_classes, 10);
  const auto pixels = file_bytes(fs::path(dataset("ic01")) / d.group_names[0]);
  EXPECT_EQ(d.samples[0].inputs[0][0], static_cast<float>(pixels[0]));
  EXPECT_EQ(d.samples[0].inputs[0][3071], static_cast<float>(pixels[3071]));
  // The int8 model (scale 1, zero point -128): p - 128, as TFLM was given.
  const InputSpec q = model_input("mlperf_ic_resnet8_int8");
  const Dataset d8 = load_dataset(dataset("ic01"), {q}, opts);
  const auto bytes = to_input_bytes(d8.samples[0].inputs[0], q);
  for (size_t i = 0; i < pixels.size(); ++i) ASSERT_EQ(bytes[i], static_cast<uint8_t>(pixels[i] - 128)) << i;
}

TEST_F(DataCorpusTest, Kws01IsAlreadyTheInt8Input) {
  const InputSpec q = model_input("mlperf_kws_dscnn_int8");
  const Dataset d = load_dataset(dataset("kws01"), {q}, {});  // int8 by default: 490 bytes = 490 elements
  ASSERT_EQ(d.samples.size(), 1000u);
  EXPECT_EQ(d.labels, golden_labels("mlperf_kws_dscnn_int8"));
  EXPECT_EQ(d.num_classes, 12);
  for (size_t s : {size_t{0}, size_t{999}}) {
    EXPECT_EQ(to_input_bytes(d.samples[s].inputs[0], q), file_bytes(fs::path(dataset("kws01")) / d.group_names[s]));
  }
  // The float (hybrid) model: the same values dequantized by hand.
  const InputSpec f = model_input("mlperf_kws_dscnn_f32");
  EXPECT_EQ(f.dtype, ir::DType::kFloat32);
  LoadOptions opts;
  opts.pre.raw_dtype = ir::DType::kInt8;
  opts.pre.scale = 0.584702909;
  opts.pre.offset = -83 * 0.584702909;
  const Dataset df = load_dataset(dataset("kws01"), {f}, opts);
  const int8_t q1 = static_cast<int8_t>(file_bytes(fs::path(dataset("kws01")) / df.group_names[0])[1]);
  EXPECT_FLOAT_EQ(df.samples[0].inputs[0][1], static_cast<float>((q1 - 83) * 0.584702909));
  EXPECT_NE(d.samples[0].inputs[0], std::vector<float>(490, 0.0f));
}

TEST_F(DataCorpusTest, Vww01PixelsOver255) {
  LoadOptions opts;
  opts.pre.raw_dtype = ir::DType::kUInt8;
  opts.pre.scale = 1.0 / 255;
  const Dataset d = load_dataset(dataset("vww01"), {model_input("mlperf_vww_f32")}, opts);
  ASSERT_EQ(d.samples.size(), 1000u);
  EXPECT_EQ(d.labels, golden_labels("mlperf_vww_f32"));
  EXPECT_EQ(d.num_classes, 2);
  EXPECT_EQ(d.group_names[0], "000000343218.bin");
  const auto pixels = file_bytes(fs::path(dataset("vww01")) / d.group_names[0]);
  // float32(p) / 255 in float32, as the golden preprocessing says.
  for (size_t i : {size_t{0}, size_t{1}, size_t{27647}}) {
    EXPECT_EQ(d.samples[0].inputs[0][i], static_cast<float>(pixels[i]) / 255.0f) << i;
  }
  // The int8 model (scale 1/255, zero point -128) gets p - 128, as TFLM was given.
  const InputSpec q = model_input("mlperf_vww_int8");
  const Dataset d8 = load_dataset(dataset("vww01"), {q}, [&] {
    LoadOptions o = opts;
    o.end = 3;
    return o;
  }());
  ASSERT_EQ(d8.samples.size(), 3u);
  const auto bytes = to_input_bytes(d8.samples[0].inputs[0], q);
  for (size_t i = 0; i < pixels.size(); ++i) ASSERT_EQ(bytes[i], static_cast<uint8_t>(pixels[i] - 128)) << i;
  // uint8 data without a scale for the int8 input: TFLite's uint8 -> int8 convention, the same bytes.
  LoadOptions raw;
  raw.pre.raw_dtype = ir::DType::kUInt8;
  raw.end = 1;
  EXPECT_EQ(to_input_bytes(load_dataset(dataset("vww01"), {q}, raw).samples[0].inputs[0], q), bytes);
  // Without the element type, a float model asks for it.
  try {
    load_dataset(dataset("vww01"), {model_input("mlperf_vww_f32")}, {});
    ADD_FAILURE() << "no error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.hint()).find("--data-dtype uint8"), std::string::npos) << e.hint();
  }
}

}  // namespace
}  // namespace mcuforge::data
