// SPDX-License-Identifier: Apache-2.0
// Raw .bin samples, the MLPerf Tiny layout of ../shared/corpus/datasets: y_labels.csv rows
// `file,classes,label[,window_bytes,stride_bytes]` in file order; with the window columns a file gives
// (size - window) / stride + 1 samples, all of one group (AD: 196 windows of 640 float32 per clip).
// Without y_labels.csv, every .bin file (sorted) is one unlabelled sample. The element type is
// Preprocess::raw_dtype, or by default the input's own integer dtype when the sample size matches it,
// float32 when it is 4 bytes per element, and otherwise an Error asking for --data-dtype.
#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <optional>

#include "data/preprocess.h"
#include "data/source.h"
#include "diagnostics/error.h"

namespace mcuforge::data {
namespace fs = std::filesystem;
namespace {

struct RawFile {
  std::string name;
  int64_t label = -1;      // -1: none
  int64_t classes = 0;
  int64_t window = 0, stride = 0;  // bytes; window 0: the whole file is one sample
  int64_t size = 0;        // bytes
  int64_t windows = 1;
};

const char* kCsvHint = "each row of y_labels.csv is file,classes,label[,window_bytes,stride_bytes]";

bool field_int(const std::vector<std::string>& f, size_t i, int64_t& v) { return i < f.size() && parse_int(f[i], v); }

// One row of y_labels.csv; nullopt for a header row (its numbers are not numbers), Error for a bad row.
std::optional<RawFile> parse_row(const std::string& line, const std::string& where, bool first) {
  const std::vector<std::string> f = split_csv_line(line);
  RawFile row;
  const bool numbers = field_int(f, 1, row.classes) && field_int(f, 2, row.label);
  if (!numbers && first) return std::nullopt;
  if (!numbers || f[0].empty() || (f.size() != 3 && f.size() != 5)) {
    throw Error(where + ": '" + line + "' is not a row of y_labels.csv", kCsvHint);
  }
  if (f.size() == 5 && (!field_int(f, 3, row.window) || !field_int(f, 4, row.stride) || row.window <= 0 ||
                        row.stride <= 0)) {
    throw Error(where + ": the window and stride must be positive numbers of bytes", kCsvHint);
  }
  if (row.classes <= 0 || row.label < 0 || row.label >= row.classes) {
    throw Error(fmt::format("{}: label {} is not a class of {} (0 to {})", where, row.label, row.classes,
                            row.classes - 1),
                "fix the row: labels count from 0 and are below the classes column");
  }
  row.name = f[0];
  return row;
}

std::vector<RawFile> read_labels_csv(const std::string& csv) {
  std::ifstream in(csv);
  if (!in) throw Error("cannot open '" + csv + "'", "check its permissions");
  std::vector<RawFile> rows;
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    if (auto row = parse_row(line, fmt::format("{} line {}", csv, number), number == 1)) rows.push_back(*row);
  }
  if (rows.empty()) throw Error("'" + csv + "' has no rows", kCsvHint);
  return rows;
}

// The file's size and number of windows; Error when it is missing or shorter than a window.
void measure(RawFile& f, const std::string& dir, bool from_csv) {
  const std::string path = dir + "/" + f.name;
  std::error_code ec;
  if (!fs::is_regular_file(path, ec)) {
    throw Error(fmt::format("'{}' is missing{}", path, from_csv ? " (a row of y_labels.csv names it)" : ""),
                "copy the file there, or remove its row from y_labels.csv");
  }
  f.size = static_cast<int64_t>(fs::file_size(path, ec));
  if (ec || f.size > static_cast<int64_t>(kMaxFileBytes)) throw Error("cannot read the size of '" + path + "'", "");
  if (f.window == 0) return;
  if (f.window > f.size) {
    throw Error(fmt::format("'{}' has {} bytes, fewer than one window of {} bytes (y_labels.csv)", path, f.size,
                            f.window),
                "fix the window_bytes column, or the file");
  }
  f.windows = (f.size - f.window) / f.stride + 1;
}

int64_t sample_bytes(const RawFile& f) { return f.window ? f.window : f.size; }

ir::DType choose_raw_dtype(const RawFile& first, const std::string& dir, const InputSpec& in,
                           const Preprocess& pre) {
  if (pre.raw_dtype) {
    const ir::DType t = *pre.raw_dtype;
    if (t != ir::DType::kUInt8 && t != ir::DType::kInt8 && t != ir::DType::kInt16 && t != ir::DType::kFloat32) {
      throw Error(fmt::format("raw samples of {} are not supported", ir::dtype_name(t)),
                  "--data-dtype is uint8, int8, int16 or float32");
    }
    return t;
  }
  const int64_t count = element_count(in);
  const int64_t bytes = sample_bytes(first);
  if (ir::dtype_is_integer(in.dtype) && bytes == count * static_cast<int64_t>(ir::dtype_size(in.dtype))) {
    return in.dtype;
  }
  if (bytes == count * 4) return ir::DType::kFloat32;
  if (bytes != count && bytes != count * 2) {
    throw Error(fmt::format("the samples of '{}' have {} bytes each, but {} has {} elements ({} bytes as uint8 or "
                            "int8, {} as int16, {} as float32)",
                            dir, bytes, input_text(in, 0, 1), count, count, count * 2, count * 4),
                "check that the data is for this model (and the window_bytes column of y_labels.csv)");
  }
  throw Error(fmt::format("the samples of '{}' have {} bytes each for the {} elements of {}: their element type "
                          "is not known",
                          dir, bytes, count, input_text(in, 0, 1)),
              bytes == count ? "pass --data-dtype uint8 or int8 (image pixels are uint8), with the scale that maps "
                               "them to the model's range (e.g. 1/255 for [0, 1])"
                             : "pass --data-dtype int16, with the scale that maps the values to the model's range");
}

void check_sample_size(const RawFile& f, const std::string& dir, ir::DType raw, const InputSpec& in) {
  const int64_t want = element_count(in) * static_cast<int64_t>(ir::dtype_size(raw));
  if (sample_bytes(f) == want) return;
  const std::string what = f.window ? fmt::format("the window of '{}/{}' has", dir, f.name)
                                    : fmt::format("'{}/{}' has", dir, f.name);
  throw Error(fmt::format("{} {} bytes, but {} takes {} {} values ({} bytes)", what, sample_bytes(f),
                          input_text(in, 0, 1), element_count(in), ir::dtype_name(raw), want),
              "give files (or windows) of one sample each, and the element type with --data-dtype");
}

class RawSource : public Source {
 public:
  RawSource(const std::string& dir, std::vector<RawFile> files, const InputSpec& in, const Preprocess& pre)
      : dir_(dir), files_(std::move(files)), in_(in), pre_(pre) {
    raw_ = choose_raw_dtype(files_[0], dir, in, pre);
    int64_t windows = 0;
    for (const RawFile& f : files_) {
      check_sample_size(f, dir, raw_, in);
      group_names.push_back(f.name);
      if (f.label >= 0) labels.push_back(f.label);
      num_classes = std::max<int32_t>(num_classes, static_cast<int32_t>(f.classes));
      windows += f.windows;
    }
    if (labels.size() != files_.size()) labels.clear();
    notes.push_back(fmt::format("{}: {} files, {} samples, {}", dir, files_.size(), windows,
                                describe_mapping(raw_, in, pre)));
  }

  void load_group(size_t g, std::vector<Sample>& out) override {
    const RawFile& f = files_[g];
    const std::string path = dir_ + "/" + f.name;
    const std::vector<uint8_t> bytes = read_file(path);
    if (static_cast<int64_t>(bytes.size()) != f.size) {
      throw Error(fmt::format("'{}' changed while it was read", path), "read the data again");
    }
    const size_t count = static_cast<size_t>(element_count(in_));
    const std::string shown = file_name(dir_) + "/" + f.name;
    for (int64_t w = 0; w < f.windows; ++w) {
      Sample s;
      s.inputs.push_back(raw_to_real(bytes.data() + w * f.stride, count, raw_, in_, pre_));
      s.source = f.window ? fmt::format("{} window {}", shown, w) : shown;
      out.push_back(std::move(s));
    }
  }

 private:
  std::string dir_;
  std::vector<RawFile> files_;
  InputSpec in_;
  Preprocess pre_;
  ir::DType raw_ = ir::DType::kFloat32;
};

}  // namespace

std::unique_ptr<Source> open_raw_dir(const std::string& dir, const std::vector<std::string>& files,
                                     bool with_labels_csv, const std::vector<InputSpec>& inputs,
                                     const Preprocess& pre) {
  require_one_input(inputs, "a directory of raw .bin samples");
  std::vector<RawFile> rows;
  if (with_labels_csv) {
    rows = read_labels_csv(dir + "/y_labels.csv");
  } else {
    for (const std::string& name : files) rows.push_back(RawFile{name});
  }
  for (RawFile& f : rows) measure(f, dir, with_labels_csv);
  return std::make_unique<RawSource>(dir, std::move(rows), inputs[0], pre);
}

}  // namespace mcuforge::data
