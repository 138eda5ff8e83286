// SPDX-License-Identifier: Apache-2.0
// load_dataset() on .npy, .npz and raw .bin data written by the tests themselves (one temp directory
// per test): shapes, dtypes, preprocessing, groups, ranges, labels, and one clear Error for each bad
// input. Images: image_source_test.cc; the MLPerf Tiny sets of ../shared: corpus_datasets_test.cc.
#include <gtest/gtest.h>
#include <zip.h>

#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>

#include "data/dataset.h"
#include "data/npy.h"
#include "data/npz.h"
#include "diagnostics/error.h"

namespace mcuforge::data {
namespace {
namespace fs = std::filesystem;

class DataTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = fs::path(::testing::TempDir()) / (std::string("mf_data_") + info->test_suite_name() + "_" + info->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string path(const std::string& name) const { return (dir_ / name).string(); }
  std::string write(const std::string& name, const std::vector<uint8_t>& bytes) const {
    fs::create_directories((dir_ / name).parent_path());
    std::ofstream(path(name), std::ios::binary).write(reinterpret_cast<const char*>(bytes.data()),
                                                      static_cast<std::streamsize>(bytes.size()));
    return path(name);
  }
  std::string write_text(const std::string& name, const std::string& text) const {
    return write(name, std::vector<uint8_t>(text.begin(), text.end()));
  }

  fs::path dir_;
};

template <typename T>
std::vector<uint8_t> bytes_of(const std::vector<T>& v) {
  std::vector<uint8_t> b(v.size() * sizeof(T));
  if (!v.empty()) std::memcpy(b.data(), v.data(), b.size());
  return b;
}

template <typename T>
std::vector<uint8_t> npy(ir::DType t, const std::vector<int32_t>& shape, const std::vector<T>& v) {
  return encode_npy(t, shape, bytes_of(v));
}

std::vector<float> iota(size_t n, float start = 0) {
  std::vector<float> v(n);
  for (size_t i = 0; i < n; ++i) v[i] = start + static_cast<float>(i);
  return v;
}

// A zip of .npy members, stored (np.savez) or deflated (np.savez_compressed).
void write_npz(const std::string& file, const std::vector<std::pair<std::string, std::vector<uint8_t>>>& members,
               bool compressed) {
  int error = 0;
  zip_t* z = zip_open(file.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &error);
  ASSERT_NE(z, nullptr);
  for (const auto& [name, data] : members) {
    zip_source_t* src = zip_source_buffer(z, data.data(), data.size(), 0);
    ASSERT_NE(src, nullptr);
    const zip_int64_t index = zip_file_add(z, (name + ".npy").c_str(), src, ZIP_FL_OVERWRITE);
    ASSERT_GE(index, 0);
    zip_set_file_compression(z, static_cast<zip_uint64_t>(index), compressed ? ZIP_CM_DEFLATE : ZIP_CM_STORE, 0);
  }
  ASSERT_EQ(zip_close(z), 0);
}

InputSpec float_input(std::vector<int32_t> shape, std::string name = "x") {
  return InputSpec{std::move(name), std::move(shape), ir::DType::kFloat32};
}

// The message and hint of the Error that loading throws ("" when it does not throw).
std::string error_of(const std::string& p, const std::vector<InputSpec>& inputs, const LoadOptions& opts = {}) {
  try {
    load_dataset(p, inputs, opts);
  } catch (const Error& e) {
    return std::string(e.what()) + " | " + e.hint();
  }
  return "";
}

// --- .npy ---

TEST_F(DataTest, NpyBatchGivesOneGroupPerRowWithScaleAndOffset) {
  const std::string f = write("calib.npy", npy(ir::DType::kFloat32, {3, 4}, iota(12)));
  LoadOptions opts;
  opts.pre.scale = 2;
  opts.pre.offset = 1;
  const Dataset d = load_dataset(f, {float_input({1, 4})}, opts);
  ASSERT_EQ(d.samples.size(), 3u);
  EXPECT_EQ(d.group_names, (std::vector<std::string>{"calib.npy[0]", "calib.npy[1]", "calib.npy[2]"}));
  EXPECT_EQ(d.samples[2].group, 2);
  EXPECT_EQ(d.samples[1].source, "calib.npy[1]");
  EXPECT_EQ(d.samples[1].inputs[0], (std::vector<float>{9, 11, 13, 15}));
  EXPECT_TRUE(d.labels.empty());
}

TEST_F(DataTest, NpyOfTheInputShapeIsOneSample) {
  const std::string f = write("one.npy", npy(ir::DType::kFloat32, {1, 2, 2, 1}, iota(4)));
  const Dataset d = load_dataset(f, {float_input({1, 2, 2, 1})}, {});
  ASSERT_EQ(d.samples.size(), 1u);
  EXPECT_EQ(d.group_names[0], "one.npy");
  // Without the batch axis, and with axes of size 1 left out, too.
  const std::string g = write("nobatch.npy", npy(ir::DType::kFloat32, {2, 2, 1}, iota(4)));
  EXPECT_EQ(load_dataset(g, {float_input({1, 2, 2, 1})}, {}).samples.size(), 1u);
  const std::string h = write("squeezed.npy", npy(ir::DType::kFloat32, {5, 2, 2}, iota(20)));
  const Dataset s = load_dataset(h, {float_input({1, 2, 2, 1})}, {});
  ASSERT_EQ(s.samples.size(), 5u);
  EXPECT_EQ(s.samples[4].inputs[0], iota(4, 16));
}

TEST_F(DataTest, NpyIntegerDtypesBecomeRealValues) {
  const InputSpec in = float_input({1, 3});
  LoadOptions opts;
  opts.pre.scale = 0.5;
  EXPECT_EQ(load_dataset(write("u8.npy", npy<uint8_t>(ir::DType::kUInt8, {1, 3}, {0, 128, 255})), {in}, opts)
                .samples[0].inputs[0],
            (std::vector<float>{0, 64, 127.5f}));
  EXPECT_EQ(load_dataset(write("i8.npy", npy<int8_t>(ir::DType::kInt8, {1, 3}, {-128, 0, 127})), {in}, opts)
                .samples[0].inputs[0],
            (std::vector<float>{-64, 0, 63.5f}));
  EXPECT_EQ(load_dataset(write("i16.npy", npy<int16_t>(ir::DType::kInt16, {1, 3}, {-300, 2, 4})), {in}, opts)
                .samples[0].inputs[0],
            (std::vector<float>{-150, 1, 2}));
  EXPECT_EQ(load_dataset(write("i32.npy", npy<int32_t>(ir::DType::kInt32, {1, 3}, {-7, 8, 10})), {in}, opts)
                .samples[0].inputs[0],
            (std::vector<float>{-3.5f, 4, 5}));
  EXPECT_EQ(load_dataset(write("f64.npy", npy<double>(ir::DType::kFloat64, {1, 3}, {0.25, 1, -2})), {in}, opts)
                .samples[0].inputs[0],
            (std::vector<float>{0.125f, 0.5f, -1}));
}

TEST_F(DataTest, QuantizedValuesOfTheInputsDtypeRoundTrip) {
  const InputSpec in{"q", {1, 4}, ir::DType::kInt8, 0.584702909f, 83};
  const std::vector<int8_t> q = {-128, 0, 83, 127};
  const Dataset d = load_dataset(write("q.npy", npy(ir::DType::kInt8, {1, 4}, q)), {in}, {});
  EXPECT_FLOAT_EQ(d.samples[0].inputs[0][2], 0.0f);
  EXPECT_FLOAT_EQ(d.samples[0].inputs[0][0], 0.584702909f * (-128 - 83));
  EXPECT_EQ(to_input_bytes(d.samples[0].inputs[0], in), bytes_of(q));
}

TEST_F(DataTest, Uint8DataForAnInt8InputIsPMinus128) {
  const InputSpec in{"q", {1, 3}, ir::DType::kInt8, 0.5f, -3};
  const Dataset d = load_dataset(write("u.npy", npy<uint8_t>(ir::DType::kUInt8, {1, 3}, {0, 128, 255})), {in}, {});
  EXPECT_EQ(to_input_bytes(d.samples[0].inputs[0], in), bytes_of(std::vector<int8_t>{-128, 0, 127}));
  ASSERT_EQ(d.notes.size(), 1u);
  EXPECT_NE(d.notes[0].find("uint8 p -> int8 p - 128"), std::string::npos) << d.notes[0];
}

TEST_F(DataTest, NchwDataForAnNhwcInputIsRefusedWithTheTranspose) {
  const std::string f = write("nchw.npy", npy(ir::DType::kFloat32, {2, 3, 4, 5}, iota(120)));
  const std::string e = error_of(f, {float_input({1, 4, 5, 3})});
  EXPECT_NE(e.find("channels first (NCHW)"), std::string::npos) << e;
  EXPECT_NE(e.find("np.transpose(x, (0, 2, 3, 1))"), std::string::npos) << e;
  const std::string g = write("chw.npy", npy(ir::DType::kFloat32, {3, 4, 5}, iota(60)));
  EXPECT_NE(error_of(g, {float_input({1, 4, 5, 3})}).find("np.transpose(x, (1, 2, 0))"), std::string::npos);
}

TEST_F(DataTest, WrongShapeSaysWhatWasExpected) {
  const std::string f = write("bad.npy", npy(ir::DType::kFloat32, {2, 5}, iota(10)));
  const std::string e = error_of(f, {float_input({1, 4})});
  EXPECT_NE(e.find("has shape [2, 5]"), std::string::npos) << e;
  EXPECT_NE(e.find("samples of shape [4]"), std::string::npos) << e;
  EXPECT_NE(e.find("[N, 4]"), std::string::npos) << e;
}

TEST_F(DataTest, WrongDtypeIsRefused) {
  const std::string f = write("i64.npy", npy<int64_t>(ir::DType::kInt64, {1, 2}, {1, 2}));
  const std::string e = error_of(f, {float_input({1, 2})});
  EXPECT_NE(e.find("holds int64 values"), std::string::npos) << e;
  EXPECT_NE(e.find("astype(np.float32)"), std::string::npos) << e;
}

TEST_F(DataTest, NanOrInfNamesTheSample) {
  std::vector<float> v = iota(8);
  v[6] = std::numeric_limits<float>::quiet_NaN();
  const std::string f = write("nan.npy", npy(ir::DType::kFloat32, {2, 4}, v));
  const std::string e = error_of(f, {float_input({1, 4})});
  EXPECT_NE(e.find("sample 'nan.npy[1]' holds nan (element 2"), std::string::npos) << e;
  v[6] = std::numeric_limits<float>::infinity();
  write("nan.npy", npy(ir::DType::kFloat32, {2, 4}, v));
  EXPECT_NE(error_of(f, {float_input({1, 4})}).find("holds inf"), std::string::npos);
}

TEST_F(DataTest, CorruptNpyIsAnError) {
  std::vector<uint8_t> b = npy(ir::DType::kFloat32, {2, 4}, iota(8));
  b.resize(b.size() - 3);
  EXPECT_NE(error_of(write("cut.npy", b), {float_input({1, 4})}).find("is not a valid .npy file"),
            std::string::npos);
  EXPECT_NE(error_of(write("junk.npy", {1, 2, 3}), {float_input({1, 4})}).find("is not a valid .npy file"),
            std::string::npos);
}

TEST_F(DataTest, DirectoryOfNpyInSortedOrder) {
  write("d/b.npy", npy(ir::DType::kFloat32, {2, 2}, iota(4, 10)));
  write("d/a.npy", npy(ir::DType::kFloat32, {1, 2}, iota(2)));
  write("d/notes.txt", {'x'});
  const Dataset d = load_dataset(path("d"), {float_input({1, 2})}, {});
  EXPECT_EQ(d.group_names, (std::vector<std::string>{"a.npy", "b.npy[0]", "b.npy[1]"}));
  EXPECT_EQ(d.samples[2].inputs[0], (std::vector<float>{12, 13}));
  EXPECT_EQ(d.samples[2].group, 2);
}

TEST_F(DataTest, OneNpyForTwoInputsAsksForNpz) {
  const std::string f = write("x.npy", npy(ir::DType::kFloat32, {1, 2}, iota(2)));
  EXPECT_NE(error_of(f, {float_input({1, 2}, "a"), float_input({1, 2}, "b")}).find("give a .npz"),
            std::string::npos);
}

// --- .npz ---

TEST_F(DataTest, NpzStoredAndDeflatedByInputName) {
  for (bool compressed : {false, true}) {
    const std::string f = path(compressed ? "c.npz" : "s.npz");
    write_npz(f,
              {{"b", npy(ir::DType::kFloat32, {3, 1}, iota(3, 100))},
               {"a", npy(ir::DType::kFloat32, {3, 2}, iota(6))}},
              compressed);
    const Dataset d = load_dataset(f, {float_input({1, 2}, "a"), float_input({1, 1}, "b")}, {});
    ASSERT_EQ(d.samples.size(), 3u);
    EXPECT_EQ(d.samples[1].inputs[0], (std::vector<float>{2, 3}));
    EXPECT_EQ(d.samples[1].inputs[1], (std::vector<float>{101}));
    EXPECT_EQ(d.group_names[1], fs::path(f).filename().string() + "[1]");
  }
}

TEST_F(DataTest, NpzByOrderAndTheOnlyArray) {
  const std::string f = path("o.npz");
  write_npz(f,
            {{"arr_1", npy(ir::DType::kFloat32, {2, 1}, iota(2, 50))},
             {"arr_0", npy(ir::DType::kFloat32, {2, 2}, iota(4))}},
            true);
  const Dataset d = load_dataset(f, {float_input({1, 2}, "in0"), float_input({1, 1}, "in1")}, {});
  EXPECT_EQ(d.samples[1].inputs[1], (std::vector<float>{51}));
  const std::string g = path("x.npz");
  write_npz(g, {{"x", npy(ir::DType::kFloat32, {20, 2}, iota(40))}}, false);
  const Dataset one = load_dataset(g, {float_input({1, 2}, "serving_default_input:0")}, {});
  ASSERT_EQ(one.samples.size(), 20u);
  EXPECT_EQ(one.samples[17].source, "x.npz[x][17]");
}

TEST_F(DataTest, NpzErrors) {
  const std::string f = path("m.npz");
  write_npz(f, {{"p", npy(ir::DType::kFloat32, {2, 2}, iota(4))}, {"q", npy(ir::DType::kFloat32, {2, 1}, iota(2))}},
            false);
  EXPECT_NE(error_of(f, {float_input({1, 2}, "a"), float_input({1, 1}, "b")}).find("holds the arrays p, q"),
            std::string::npos);
  const std::string g = path("n.npz");
  write_npz(g, {{"a", npy(ir::DType::kFloat32, {2, 2}, iota(4))}, {"b", npy(ir::DType::kFloat32, {3, 1}, iota(3))}},
            true);
  EXPECT_NE(error_of(g, {float_input({1, 2}, "a"), float_input({1, 1}, "b")}).find("holds 3 samples"),
            std::string::npos);
  // Cut archives and flipped bytes in a deflated member: an Error, never a crash.
  std::ifstream in(g, std::ios::binary);
  std::vector<uint8_t> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  for (size_t cut : {size_t{0}, size_t{10}, bytes.size() / 2, bytes.size() - 1}) {
    std::vector<uint8_t> b(bytes.begin(), bytes.begin() + static_cast<long>(cut));
    EXPECT_NE(error_of(write("cut.npz", b), {float_input({1, 2}, "a")}), "") << cut;
  }
  for (size_t i = 40; i < 80; ++i) {
    std::vector<uint8_t> b = bytes;
    b[i] ^= 0x5a;
    try {
      parse_npz(b, "flip.npz");
    } catch (const Error&) {
    }
  }
}

// --- raw .bin with y_labels.csv (MLPerf Tiny layout) ---

TEST_F(DataTest, RawWindowsAreSamplesOfOneGroup) {
  write("ad/a.bin", bytes_of(iota(10)));       // 40 bytes: windows of 16 bytes every 8 -> 4
  write("ad/b.bin", bytes_of(iota(6, 100)));   // 24 bytes -> 2
  write_text("ad/y_labels.csv", "b.bin,2,1,16,8\na.bin,2,0,16,8\n");
  const Dataset d = load_dataset(path("ad"), {float_input({1, 4})}, {});
  EXPECT_EQ(d.group_names, (std::vector<std::string>{"b.bin", "a.bin"}));
  EXPECT_EQ(d.labels, (std::vector<int64_t>{1, 0}));
  EXPECT_EQ(d.num_classes, 2);
  ASSERT_EQ(d.samples.size(), 6u);
  EXPECT_EQ(d.samples[1].inputs[0], (std::vector<float>{102, 103, 104, 105}));
  EXPECT_EQ(d.samples[4].inputs[0], (std::vector<float>{4, 5, 6, 7}));
  EXPECT_EQ(d.samples[4].source, "ad/a.bin window 2");
  EXPECT_EQ(d.samples[4].group, 1);
  ASSERT_FALSE(d.notes.empty());
}

TEST_F(DataTest, RawDefaultDtypeIsTheQuantizedInputsOwn) {
  write("k/a.bin", bytes_of(std::vector<int8_t>{-128, 0, 83, 127}));
  write_text("k/y_labels.csv", "a.bin,12,7\n");
  const InputSpec in{"q", {1, 4}, ir::DType::kInt8, 0.5f, 83};
  const Dataset d = load_dataset(path("k"), {in}, {});
  EXPECT_EQ(to_input_bytes(d.samples[0].inputs[0], in), bytes_of(std::vector<int8_t>{-128, 0, 83, 127}));
  EXPECT_EQ(d.num_classes, 12);
  // The same bytes for a float input: the element type is asked for, naming the flag.
  EXPECT_NE(error_of(path("k"), {float_input({1, 4})}).find("--data-dtype"), std::string::npos);
  LoadOptions opts;
  opts.pre.raw_dtype = ir::DType::kInt8;
  opts.pre.scale = 0.5;
  opts.pre.offset = -83 * 0.5;
  EXPECT_EQ(load_dataset(path("k"), {float_input({1, 4})}, opts).samples[0].inputs[0],
            (std::vector<float>{-105.5f, -41.5f, 0, 22}));
}

TEST_F(DataTest, RawBinFilesWithoutLabels) {
  write("r/2.bin", bytes_of(iota(3, 20)));
  write("r/1.bin", bytes_of(iota(3, 10)));
  const Dataset d = load_dataset(path("r"), {float_input({1, 3})}, {});
  EXPECT_EQ(d.group_names, (std::vector<std::string>{"1.bin", "2.bin"}));
  EXPECT_TRUE(d.labels.empty());
  EXPECT_EQ(d.samples[1].inputs[0], iota(3, 20));
}

TEST_F(DataTest, RawErrors) {
  write("m/a.bin", bytes_of(iota(4)));
  write_text("m/y_labels.csv", "a.bin,2,0\ngone.bin,2,1\n");
  const std::string missing = error_of(path("m"), {float_input({1, 4})});
  EXPECT_NE(missing.find("gone.bin' is missing (a row of y_labels.csv names it)"), std::string::npos) << missing;

  write("w/a.bin", bytes_of(iota(4)));
  write_text("w/y_labels.csv", "a.bin,2,0,32,8\n");
  const std::string window = error_of(path("w"), {float_input({1, 8})});
  EXPECT_NE(window.find("fewer than one window of 32 bytes"), std::string::npos) << window;

  write("s/a.bin", bytes_of(iota(4)));
  write("s/b.bin", bytes_of(iota(5)));
  write_text("s/y_labels.csv", "a.bin,2,0\nb.bin,2,1\n");
  const std::string size = error_of(path("s"), {float_input({1, 4})});
  EXPECT_NE(size.find("b.bin' has 20 bytes, but input 'x' [1, 4] float32 takes 4 float32 values (16 bytes)"),
            std::string::npos)
      << size;

  write_text("c/y_labels.csv", "a.bin,two,0\n");
  write_text("c/y_labels.csv", "file,classes,label\na.bin,x,0\n");
  EXPECT_NE(error_of(path("c"), {float_input({1, 4})}).find("line 2: 'a.bin,x,0' is not a row"), std::string::npos);
  write("l/a.bin", bytes_of(iota(4)));
  write_text("l/y_labels.csv", "a.bin,2,2\n");
  EXPECT_NE(error_of(path("l"), {float_input({1, 4})}).find("label 2 is not a class of 2"), std::string::npos);
}

// --- labels, ranges, general errors ---

TEST_F(DataTest, LabelsFromNpyCsvAndText) {
  const std::string f = write("x.npy", npy(ir::DType::kFloat32, {3, 2}, iota(6)));
  LoadOptions opts;
  opts.labels_path = write("y.npy", npy<int64_t>(ir::DType::kInt64, {3}, {2, 0, 1}));
  Dataset d = load_dataset(f, {float_input({1, 2})}, opts);
  EXPECT_EQ(d.labels, (std::vector<int64_t>{2, 0, 1}));
  EXPECT_EQ(d.num_classes, 3);
  opts.labels_path = write("onehot.npy", npy<float>(ir::DType::kFloat32, {3, 4}, {0, 1, 0, 0, 0, 0, 0, 1, 1, 0, 0, 0}));
  d = load_dataset(f, {float_input({1, 2})}, opts);
  EXPECT_EQ(d.labels, (std::vector<int64_t>{1, 3, 0}));
  EXPECT_EQ(d.num_classes, 4);
  opts.labels_path = write_text("y.txt", "label\n1\n1\n0\n");
  EXPECT_EQ(load_dataset(f, {float_input({1, 2})}, opts).labels, (std::vector<int64_t>{1, 1, 0}));

  // file,label rows are matched to the files by name, whatever their order.
  write("d/a.npy", npy(ir::DType::kFloat32, {1, 2}, iota(2)));
  write("d/b.npy", npy(ir::DType::kFloat32, {1, 2}, iota(2)));
  opts.labels_path = write_text("map.csv", "file,label\nb.npy,4\na.npy,3\n");
  EXPECT_EQ(load_dataset(path("d"), {float_input({1, 2})}, opts).labels, (std::vector<int64_t>{3, 4}));
  opts.labels_path = write_text("part.csv", "b.npy,4\nc.npy,3\n");
  EXPECT_NE(error_of(path("d"), {float_input({1, 2})}, opts).find("has no label for 'a.npy'"), std::string::npos);
}

TEST_F(DataTest, LabelErrors) {
  const std::string f = write("x.npy", npy(ir::DType::kFloat32, {3, 2}, iota(6)));
  LoadOptions opts;
  opts.labels_path = write("y.npy", npy<int32_t>(ir::DType::kInt32, {2}, {0, 1}));
  EXPECT_NE(error_of(f, {float_input({1, 2})}, opts).find("has 2 labels, but"), std::string::npos);
  opts.labels_path = write("neg.npy", npy<int32_t>(ir::DType::kInt32, {3}, {0, -1, 1}));
  EXPECT_NE(error_of(f, {float_input({1, 2})}, opts).find("is -1, negative"), std::string::npos);
  opts.labels_path = write("big.npy", npy<int32_t>(ir::DType::kInt32, {3}, {0, 10, 1}));
  opts.num_classes = 10;
  EXPECT_NE(error_of(f, {float_input({1, 2})}, opts).find("is 10, outside the 10 classes 0 to 9"), std::string::npos);
  opts.labels_path = write("frac.npy", npy<float>(ir::DType::kFloat32, {3}, {0, 1.5f, 1}));
  EXPECT_NE(error_of(f, {float_input({1, 2})}, opts).find("not a class number"), std::string::npos);
  opts.labels_path = write_text("bad.txt", "0\nx\n1\n");
  EXPECT_NE(error_of(f, {float_input({1, 2})}, opts).find("line 2: 'x' is not a label row"), std::string::npos);
  opts.labels_path = path("absent.csv");
  EXPECT_NE(error_of(f, {float_input({1, 2})}, opts).find("cannot open"), std::string::npos);
}

TEST_F(DataTest, RangeKeepsGroupsAndRenumbersThem) {
  write("ad/a.bin", bytes_of(iota(8)));
  write("ad/b.bin", bytes_of(iota(8, 10)));
  write("ad/c.bin", bytes_of(iota(8, 20)));
  write_text("ad/y_labels.csv", "a.bin,3,0,16,16\nb.bin,3,1,16,16\nc.bin,3,2,16,16\n");
  LoadOptions opts;
  opts.begin = 1;
  opts.end = 2;
  const Dataset d = load_dataset(path("ad"), {float_input({1, 4})}, opts);
  EXPECT_EQ(d.group_names, (std::vector<std::string>{"b.bin"}));
  EXPECT_EQ(d.labels, (std::vector<int64_t>{1}));
  ASSERT_EQ(d.samples.size(), 2u);
  EXPECT_EQ(d.samples[1].group, 0);
  EXPECT_EQ(d.samples[1].inputs[0], iota(4, 14));
  opts.end = 1;
  EXPECT_NE(error_of(path("ad"), {float_input({1, 4})}, opts).find("is empty"), std::string::npos);
  opts.begin = 0;
  opts.end = -1;
  opts.min_samples = 7;
  EXPECT_NE(error_of(path("ad"), {float_input({1, 4})}, opts).find("gives 6 samples, fewer than the 7 needed"),
            std::string::npos);
}

TEST_F(DataTest, ReaderReadsOneGroupAtATime) {
  write("ad/a.bin", bytes_of(iota(8)));
  write("ad/b.bin", bytes_of(iota(8, 10)));
  write_text("ad/y_labels.csv", "a.bin,3,2,16,16\nb.bin,3,1,16,16\n");
  LoadOptions opts;
  opts.begin = 1;
  DatasetReader reader(path("ad"), {float_input({1, 4})}, opts);
  ASSERT_EQ(reader.size(), 1u);
  EXPECT_EQ(reader.info().labels, (std::vector<int64_t>{1}));
  EXPECT_TRUE(reader.info().samples.empty());
  const std::vector<Sample> samples = reader.read(0);
  ASSERT_EQ(samples.size(), 2u);
  EXPECT_EQ(samples[1].inputs[0], iota(4, 14));
  EXPECT_EQ(samples[1].group, 0);
  EXPECT_THROW(reader.read(1), Error);
}

TEST_F(DataTest, MissingEmptyAndUnsupported) {
  EXPECT_NE(error_of(path("nowhere"), {float_input({1, 2})}).find("does not exist"), std::string::npos);
  fs::create_directories(path("empty"));
  EXPECT_NE(error_of(path("empty"), {float_input({1, 2})}).find("is empty"), std::string::npos);
  write_text("txt/readme.txt", "hello");
  EXPECT_NE(error_of(path("txt"), {float_input({1, 2})}).find("holds no data file"), std::string::npos);
  EXPECT_NE(error_of(write_text("x.csv", "1,2"), {float_input({1, 2})}).find("is not a kind of data"),
            std::string::npos);
}

TEST_F(DataTest, MeanAndStdPerChannel) {
  const std::string f = write("x.npy", npy(ir::DType::kFloat32, {1, 2, 2}, iota(4)));
  LoadOptions opts;
  opts.pre.mean = {1, 2};
  opts.pre.std = {2, 4};
  EXPECT_EQ(load_dataset(f, {float_input({1, 2, 2})}, opts).samples[0].inputs[0],
            (std::vector<float>{-0.5f, -0.25f, 0.5f, 0.25f}));
  opts.pre.mean = {1, 2, 3};
  EXPECT_NE(error_of(f, {float_input({1, 2, 2})}, opts).find("--mean has 3 values but input 'x' has 2 channels"),
            std::string::npos);
  opts.pre.mean = {};
  opts.pre.std = {0};
  EXPECT_NE(error_of(f, {float_input({1, 2, 2})}, opts).find("--std holds a zero"), std::string::npos);
}

TEST(DataInputBytes, QuantizeRoundsHalfAwayFromZeroAndClamps) {
  const InputSpec q8{"q", {1, 6}, ir::DType::kInt8, 0.5f, -3};
  EXPECT_EQ(to_input_bytes({1.25f, -1.25f, 0, 100, -100, 0.74f}, q8),
            bytes_of(std::vector<int8_t>{0, -6, -3, 127, -128, -2}));
  const InputSpec u8{"u", {1, 3}, ir::DType::kUInt8, 0.5f, 10};
  EXPECT_EQ(to_input_bytes({1.0f, 0.25f, -10}, u8), (std::vector<uint8_t>{12, 11, 0}));
  const InputSpec i16{"s", {1, 2}, ir::DType::kInt16, 0.25f, 0};
  EXPECT_EQ(to_input_bytes({-1.125f, 8000}, i16), bytes_of(std::vector<int16_t>{-5, 32000}));
  const InputSpec f{"f", {1, 2}, ir::DType::kFloat32};
  EXPECT_EQ(to_input_bytes({1.5f, -2}, f), bytes_of(std::vector<float>{1.5f, -2}));
  EXPECT_THROW(to_input_bytes({std::numeric_limits<float>::quiet_NaN()}, q8), Error);
  EXPECT_THROW(to_input_bytes({1}, InputSpec{"b", {1}, ir::DType::kBool}), Error);
}

TEST(DataOptions, ParseOptionText) {
  EXPECT_EQ(parse_raw_dtype("uint8"), ir::DType::kUInt8);
  EXPECT_EQ(parse_raw_dtype("float32"), ir::DType::kFloat32);
  EXPECT_THROW(parse_raw_dtype("int64"), Error);
  EXPECT_EQ(parse_size("96,64"), std::make_pair(96, 64));
  EXPECT_EQ(parse_size("32x32"), std::make_pair(32, 32));
  for (const char* bad : {"96", "0,5", "a,b", "96,", "-1,3", "99999,2"}) EXPECT_THROW(parse_size(bad), Error) << bad;
  EXPECT_EQ(parse_numbers("0.5, 1/4,-2", "--mean"), (std::vector<double>{0.5, 0.25, -2}));
  EXPECT_EQ(parse_numbers("1/255", "--data-scale")[0], 1.0 / 255);
  for (const char* bad : {"", "x", "1/0", "1,,2", "nan", "1e999"}) {
    EXPECT_THROW(parse_numbers(bad, "--std"), Error) << bad;
  }
}

}  // namespace
}  // namespace mcuforge::data
