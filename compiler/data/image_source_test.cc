// SPDX-License-Identifier: Apache-2.0
// Image datasets: PNG/JPEG files written by the test (stb_image_write, Debian libstb-dev) in a flat
// directory or one folder per class; channel order, resize, scaling, and the errors (size without
// --resize, corrupt file, empty class folder, wrong channel count).
#include <gtest/gtest.h>
#include <stb/stb_image_write.h>

#include <filesystem>
#include <fstream>

#include "data/dataset.h"
#include "data/image.h"
#include "diagnostics/error.h"

namespace mcuforge::data {
namespace {
namespace fs = std::filesystem;

void append(void* context, void* data, int size) {
  auto* out = static_cast<std::vector<uint8_t>*>(context);
  const auto* p = static_cast<const uint8_t*>(data);
  out->insert(out->end(), p, p + size);
}

// A w x h RGB image whose pixel (x, y) is (x + 10 y, 100 + x, 200 - y).
std::vector<uint8_t> pattern(int w, int h) {
  std::vector<uint8_t> px;
  for (int y = 0; y < h; ++y) {
    for (int x = 0; x < w; ++x) {
      px.push_back(static_cast<uint8_t>(x + 10 * y));
      px.push_back(static_cast<uint8_t>(100 + x));
      px.push_back(static_cast<uint8_t>(200 - y));
    }
  }
  return px;
}

class DataImageTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = fs::path(::testing::TempDir()) / (std::string("mf_data_img_") + info->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string path(const std::string& name) const { return (dir_ / name).string(); }
  void write(const std::string& name, const std::vector<uint8_t>& bytes) const {
    fs::create_directories((dir_ / name).parent_path());
    std::ofstream(path(name), std::ios::binary).write(reinterpret_cast<const char*>(bytes.data()),
                                                      static_cast<std::streamsize>(bytes.size()));
  }
  void write_png(const std::string& name, int w, int h, const std::vector<uint8_t>& rgb) const {
    std::vector<uint8_t> bytes;
    ASSERT_TRUE(stbi_write_png_to_func(append, &bytes, w, h, 3, rgb.data(), w * 3));
    write(name, bytes);
  }

  fs::path dir_;
};

InputSpec image_input(int h, int w, int c) { return InputSpec{"image", {1, h, w, c}, ir::DType::kFloat32}; }

std::string error_of(const std::string& p, const InputSpec& in, const LoadOptions& opts = {}) {
  try {
    load_dataset(p, {in}, opts);
  } catch (const Error& e) {
    return std::string(e.what()) + " | " + e.hint();
  }
  return "";
}

TEST_F(DataImageTest, PngPixelsHwcScaled) {
  write_png("imgs/b.png", 4, 3, pattern(4, 3));
  write_png("imgs/a.png", 4, 3, pattern(4, 3));
  LoadOptions opts;
  opts.pre.scale = 1.0 / 255;
  const Dataset d = load_dataset(path("imgs"), {image_input(3, 4, 3)}, opts);
  EXPECT_EQ(d.group_names, (std::vector<std::string>{"a.png", "b.png"}));
  EXPECT_EQ(d.samples[1].source, "imgs/b.png");
  const auto& v = d.samples[0].inputs[0];
  ASSERT_EQ(v.size(), 36u);
  // pixel (x=1, y=2): index (2 * 4 + 1) * 3
  EXPECT_EQ(v[27], static_cast<float>(21.0 / 255));
  EXPECT_EQ(v[28], static_cast<float>(101.0 / 255));
  EXPECT_EQ(v[29], static_cast<float>(198.0 / 255));
  EXPECT_TRUE(d.labels.empty());
}

TEST_F(DataImageTest, BgrAndGray) {
  write_png("i/a.png", 4, 3, pattern(4, 3));
  LoadOptions opts;
  opts.pre.channels = "bgr";
  const auto bgr = load_dataset(path("i"), {image_input(3, 4, 3)}, opts).samples[0].inputs[0];
  EXPECT_EQ((std::vector<float>{bgr[27], bgr[28], bgr[29]}), (std::vector<float>{198, 101, 21}));
  // A one-channel input reads the images as gray (stb's luma), whatever the files hold.
  const auto gray = load_dataset(path("i"), {image_input(3, 4, 1)}, {}).samples[0].inputs[0];
  ASSERT_EQ(gray.size(), 12u);
  EXPECT_NEAR(gray[9], 0.299 * 21 + 0.587 * 101 + 0.114 * 198, 1.5);
  opts.pre.channels = "gray";
  EXPECT_NE(error_of(path("i"), image_input(3, 4, 3), opts).find("the channel order is gray"), std::string::npos);
  EXPECT_NE(error_of(path("i"), image_input(3, 4, 2)).find("does not take images"), std::string::npos);
  const std::string nchw = error_of(path("i"), InputSpec{"image", {1, 3, 4, 5}, ir::DType::kFloat32});
  EXPECT_NE(nchw.find("takes channels first (NCHW)"), std::string::npos) << nchw;
}

TEST_F(DataImageTest, OtherSizesNeedResize) {
  std::vector<uint8_t> flat(8 * 6 * 3, 77);
  write_png("big/a.png", 8, 6, flat);
  const std::string e = error_of(path("big"), image_input(3, 4, 3));
  EXPECT_NE(e.find("a.png' is 8x6 pixels, but input 'image' [1, 3, 4, 3] float32 takes 4x3"), std::string::npos) << e;
  EXPECT_NE(e.find("--resize 4,3"), std::string::npos) << e;
  LoadOptions opts;
  opts.pre.resize = std::make_pair(4, 3);
  const auto v = load_dataset(path("big"), {image_input(3, 4, 3)}, opts).samples[0].inputs[0];
  ASSERT_EQ(v.size(), 36u);
  for (float x : v) EXPECT_NEAR(x, 77, 1e-3);
  opts.pre.resize = std::make_pair(5, 5);
  EXPECT_NE(error_of(path("big"), image_input(3, 4, 3), opts).find("resizing to 5x5"), std::string::npos);
}

TEST_F(DataImageTest, ClassFoldersGiveLabelsAndNames) {
  write_png("set/dog/2.png", 4, 3, pattern(4, 3));
  write_png("set/cat/9.png", 4, 3, pattern(4, 3));
  write_png("set/cat/1.png", 4, 3, pattern(4, 3));
  std::vector<uint8_t> jpg;
  ASSERT_TRUE(stbi_write_jpg_to_func(append, &jpg, 4, 3, 3, pattern(4, 3).data(), 95));
  write("set/dog/1.jpg", jpg);
  const Dataset d = load_dataset(path("set"), {image_input(3, 4, 3)}, {});
  EXPECT_EQ(d.class_names, (std::vector<std::string>{"cat", "dog"}));
  EXPECT_EQ(d.group_names, (std::vector<std::string>{"cat/1.png", "cat/9.png", "dog/1.jpg", "dog/2.png"}));
  EXPECT_EQ(d.labels, (std::vector<int64_t>{0, 0, 1, 1}));
  EXPECT_EQ(d.num_classes, 2);
  EXPECT_NEAR(d.samples[2].inputs[0][28], 101, 8);  // JPEG is lossy
  // A cut JPEG is an Error naming the file.
  write("set/dog/1.jpg", std::vector<uint8_t>(jpg.begin(), jpg.begin() + 40));
  const std::string cut = error_of(path("set"), image_input(3, 4, 3));
  EXPECT_NE(cut.find("1.jpg' is not a readable PNG or JPEG image"), std::string::npos) << cut;
  write("set/dog/1.jpg", jpg);
  fs::create_directories(path("set/emu"));
  EXPECT_NE(error_of(path("set"), image_input(3, 4, 3)).find("class folder"), std::string::npos);
}

TEST_F(DataImageTest, CorruptImagesAreErrors) {
  write_png("c/a.png", 4, 3, pattern(4, 3));
  std::ifstream in(path("c/a.png"), std::ios::binary);
  std::vector<uint8_t> png((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  write("c/a.png", std::vector<uint8_t>(png.begin(), png.begin() + static_cast<long>(png.size() / 2)));
  const std::string e = error_of(path("c"), image_input(3, 4, 3));
  EXPECT_NE(e.find("a.png' is not a readable PNG or JPEG image"), std::string::npos) << e;
  write("c/a.png", {'n', 'o', 'p', 'e'});
  EXPECT_NE(error_of(path("c"), image_input(3, 4, 3)).find("not a readable"), std::string::npos);
  // Found by fuzz_image: PNG chunks claiming 952 MB and 2 GB in a 76- and 43-byte file made stb_image
  // reserve that much; they are refused before it sees them. Other formats stb reads are refused too.
  const std::vector<std::vector<uint8_t>> found = {
      {0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52, 0x00, 0x00,
       0x00, 0x06, 0x00, 0x00, 0x00, 0x05, 0x08, 0x00, 0x00, 0x00, 0x00, 0x43, 0x3a, 0x00, 0x00, 0x38, 0xc2, 0x00,
       0x13, 0x49, 0x44, 0x41, 0x54, 0x78, 0x5e, 0x63, 0x64, 0x60, 0x07, 0x01, 0x46, 0x2d, 0x35, 0xc5, 0x82, 0x8d,
       0x02, 0x00, 0x17, 0x7d, 0x01, 0x66, 0xd0, 0x6e, 0xae, 0x42, 0x00, 0x00, 0x00, 0x00, 0x52, 0x00, 0x00, 0x00,
       0x06, 0x42, 0x60, 0x82},
      {0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52, 0x00, 0x00,
       0x00, 0x06, 0x00, 0x00, 0x00, 0x05, 0x08, 0x00, 0x00, 0x00, 0x00, 0x43, 0x38, 0xc2, 0x3a, 0x7e, 0x00, 0x00,
       0x13, 0x49, 0x44, 0x41, 0x54, 0x60, 0x82}};
  for (const auto& b : found) EXPECT_THROW(decode_image(b, "chunk.png", 3), Error);
  EXPECT_THROW(decode_image({'G', 'I', 'F', '8', '9', 'a', 1, 0, 1, 0, 0, 0, 0}, "x.gif.png", 3), Error);
  // Bytes after IEND are ignored, as by other readers.
  std::vector<uint8_t> trailing = png;
  trailing.push_back('\n');
  EXPECT_EQ(decode_image(trailing, "t.png", 3).width, 4);
  // Flipped bytes anywhere: an image or an Error, never a crash.
  for (size_t i = 0; i < png.size(); ++i) {
    std::vector<uint8_t> b = png;
    b[i] ^= 0xa5;
    try {
      decode_image(b, "flip.png", 3);
    } catch (const Error&) {
    }
  }
}

}  // namespace
}  // namespace mcuforge::data

// The fuzzer's find: a 9x1 gray PNG resized to 7x5 aborted inside stb_image_resize (an assertion in its
// triangle filter). Our bilinear resize gives interpolated values within the pixels' range.
TEST(DataImageResize, NineByOneToSevenByFiveDoesNotAbort) {
  mcuforge::data::Image image{9, 1, 1, {0, 10, 20, 30, 40, 50, 60, 70, 80}};
  const mcuforge::data::Image out = mcuforge::data::resize_image(image, 7, 5);
  ASSERT_EQ(out.pixels.size(), 35u);
  for (float v : out.pixels) {
    EXPECT_GE(v, 0.0f);
    EXPECT_LE(v, 80.0f);
  }
  // Half-pixel centers: output x maps to (x + 0.5) * 9 / 7 - 0.5; x = 3 -> 4.0 -> pixel 4 exactly.
  EXPECT_FLOAT_EQ(out.pixels[3], 40.0f);
  // Same size: unchanged.
  EXPECT_EQ(mcuforge::data::resize_image(image, 9, 1).pixels, image.pixels);
}
