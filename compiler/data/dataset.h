// SPDX-License-Identifier: Apache-2.0
// Datasets for a model's inputs (`quantize` calibration and evaluation, later validate, run and the web
// UI): one call reads a .npy, a .npz, a directory of .npy files, raw .bin samples with an MLPerf Tiny
// y_labels.csv, or PNG/JPEG images (flat or one folder per class), preprocesses every sample into the
// real values of each model input, and returns them with their labels. Every bad input (missing or
// corrupt file, wrong shape or dtype, NCHW data for an NHWC input, NaN, labels that do not match) is one
// mcuforge::Error naming the file or sample and what to do; nothing aborts on user data.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "ir/dtype.h"
#include "ir/graph.h"

namespace mcuforge::data {

struct InputSpec {  // one model input the samples are for
  std::string name;
  std::vector<int32_t> shape;  // the model input's shape, leading batch 1, e.g. [1, 96, 96, 3]
  ir::DType dtype = ir::DType::kFloat32;
  float scale = 0;  // of a quantized input (0: not quantized)
  int64_t zero_point = 0;
};

// How a sample becomes real values, applied in this order:
//   decode -> resize -> channel order -> x * scale + offset -> (x - mean) / std.
// Integers (.bin, .npy, .npz) of a quantized input's own dtype, with scale 1, offset 0 and no mean/std
// here, are taken as already quantized values: they dequantize with the input's scale and zero point, so that
// to_input_bytes() gives back the same bytes (the kws01 samples for the int8 KWS model). uint8 data
// for an int8 input follow TFLite's convention (int8 = p - 128, as `run` does): VWW/IC pixels.
struct Preprocess {
  std::optional<ir::DType> raw_dtype;  // raw .bin samples: uint8 | int8 | int16 | float32 (.npy/.npz carry theirs)
  std::optional<std::pair<int32_t, int32_t>> resize;  // images: width, height (stb's bilinear filter)
  std::string channels = "rgb";                      // images: rgb | bgr | gray
  double scale = 1.0, offset = 0.0;
  std::vector<double> mean, std;  // one value, or one per channel (the input's last axis)
};

struct Sample {
  std::vector<std::vector<float>> inputs;  // per model input: real values, exactly its element count
  std::string source;  // for messages: "ad01/normal_id_01_00000003_hist_librosa.bin window 7", "calib.npz[x][17]"
  int32_t group = 0;   // index into Dataset::group_names (AD: the 196 windows of one clip share it)
};

// A group is what one label is for: one row of a .npy/.npz batch, one image or .bin file, or one
// clip with all its windows.
struct Dataset {
  std::vector<Sample> samples;
  std::vector<std::string> group_names;  // one per group, e.g. "000000343218.bin", "cat/1.png", "x.npy[3]"
  std::vector<int64_t> labels;           // one per group; empty when the data has no labels
  int32_t num_classes = 0;               // y_labels.csv's classes column, the class folders, or max label + 1
  std::vector<std::string> class_names;  // ImageFolder layout: the sorted class folder names
  std::vector<std::string> notes;        // how the data was read, for the CLI to print (raw dtype chosen, ...)
};

struct LoadOptions {
  Preprocess pre;
  std::string labels_path;  // --labels: .npy of ints, or .csv/.txt (one label per line, or file,label)
  int64_t begin = 0, end = -1;  // keep groups [begin, end) in the dataset's order (-1 or past it: to the end)
  int64_t min_samples = 1;      // fewer samples -> Error
  int32_t num_classes = 0;      // the model's class count when known: every label must be below it
};

// Reads `path` (a file or a directory) for a model with `inputs`. The order of groups is deterministic:
// y_labels.csv order for MLPerf directories, sorted file names otherwise (ImageFolder: by class, then
// file). Throws mcuforge::Error(what, hint) for every bad input.
Dataset load_dataset(const std::string& path, const std::vector<InputSpec>& inputs, const LoadOptions& opts);

class Source;  // one kind of data (data/source.h)

// A dataset read one group at a time, for sets larger than memory (evaluation) and the web UI's
// sample view: opening it lists the groups of the range and reads the labels, as load_dataset() does;
// read(g) reads and checks group g's samples. load_dataset() is this plus every read and min_samples.
class DatasetReader {
 public:
  DatasetReader(const std::string& path, const std::vector<InputSpec>& inputs, const LoadOptions& opts);
  ~DatasetReader();
  DatasetReader(const DatasetReader&) = delete;
  DatasetReader& operator=(const DatasetReader&) = delete;

  size_t size() const { return info_.group_names.size(); }  // groups in the range
  // Everything but the samples: group names and labels of the range, classes, notes.
  const Dataset& info() const { return info_; }
  // The samples of group g (0-based in the range; Sample::group = g).
  std::vector<Sample> read(size_t g);

 private:
  std::unique_ptr<Source> source_;
  std::vector<InputSpec> inputs_;
  size_t begin_ = 0;
  Dataset info_;
};

// The specs of a model's inputs (shape, dtype, per-tensor scale and zero point), in input order.
std::vector<InputSpec> input_specs(const ir::Graph& g);

// Real values -> the bytes of the input: float32 copied; a quantized integer input rounded as TFLM's
// QUANTIZE does (x / scale in float32, round half away from zero, + zero point, clamp to the dtype); an
// unquantized integer input rounded and clamped.
std::vector<uint8_t> to_input_bytes(const std::vector<float>& values, const InputSpec& spec);

// Option text -> Preprocess fields, for the CLI and the web UI (each throws an Error naming `flag`):
// "uint8" | "int8" | "int16" | "float32"; "96,96" or "96x96" (width, height); numbers separated by
// commas, each a decimal or a fraction ("1/255", "0.5,0.5,0.5").
ir::DType parse_raw_dtype(const std::string& text, const std::string& flag = "--data-dtype");
std::pair<int32_t, int32_t> parse_size(const std::string& text, const std::string& flag = "--resize");
std::vector<double> parse_numbers(const std::string& text, const std::string& flag);

}  // namespace mcuforge::data
