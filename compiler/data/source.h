// SPDX-License-Identifier: Apache-2.0
// Inside the data stage: what every kind of source (npy, npz, MLPerf .bin, images) gives load_dataset(),
// and the small helpers they share (bounded file reads, sorted directory listings, shape text).
// A source lists its groups first and reads a group's samples only when asked, so that a range of
// groups (--begin/--end) reads only those files.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "data/dataset.h"
#include "data/npy.h"

namespace mcuforge::data {

class Source {
 public:
  virtual ~Source() = default;
  // Appends the samples of group g (real values after preprocessing; `group` is set by the caller).
  virtual void load_group(size_t g, std::vector<Sample>& out) = 0;

  std::vector<std::string> group_names;
  std::vector<int64_t> labels;  // from the data itself (y_labels.csv, class folders); may be empty
  int32_t num_classes = 0;
  std::vector<std::string> class_names;
  std::vector<std::string> notes;
};

// One per kind of data, each in its own file. `path` exists.
std::unique_ptr<Source> open_npy_file(const std::string& path, const std::vector<InputSpec>& inputs,
                                      const Preprocess& pre);
std::unique_ptr<Source> open_npy_dir(const std::string& dir, const std::vector<std::string>& files,
                                     const std::vector<InputSpec>& inputs, const Preprocess& pre);
std::unique_ptr<Source> open_npz(const std::string& path, const std::vector<InputSpec>& inputs,
                                 const Preprocess& pre);
// Raw .bin samples: the rows of dir/y_labels.csv (with_labels_csv), or else the files listed in `files`.
std::unique_ptr<Source> open_raw_dir(const std::string& dir, const std::vector<std::string>& files,
                                     bool with_labels_csv, const std::vector<InputSpec>& inputs,
                                     const Preprocess& pre);
// Images: `files` relative to `dir` ("a.png", or "cat/a.png" with class folders).
std::unique_ptr<Source> open_images(const std::string& dir, const std::vector<std::string>& files,
                                    bool class_folders, const std::vector<InputSpec>& inputs,
                                    const Preprocess& pre);

// Arrays (npy_source.cc, also for .npz members). How many samples of input `in` an array of `shape`
// holds: the input's shape, the input's without the batch axis, or [N, input dims...] (axes of size 1
// may be left out); otherwise an Error naming `what` and the expected shape (NCHW data for an NHWC
// input gets the transpose to apply).
struct ArrayLayout {
  int64_t samples = 1;
  bool batched = false;  // a leading axis counts the samples (names then say which: "x.npy[3]")
};
ArrayLayout array_layout(const std::vector<int64_t>& shape, const InputSpec& in, const std::string& what);
// Throws unless the array's dtype is one sample values may have.
void check_array_dtype(const NpyArray& a, const std::string& what);
// Real values of sample i of an array of samples of `in`.
std::vector<float> array_sample(const NpyArray& a, int64_t i, const InputSpec& in, const Preprocess& pre);
// Throws unless the model has exactly one input (`kind` names the data, e.g. "a .npy file").
void require_one_input(const std::vector<InputSpec>& inputs, const std::string& kind);

// Helpers.
constexpr size_t kMaxFileBytes = size_t{1} << 30;  // no sample file is larger; refuse before reading it
std::vector<uint8_t> read_file(const std::string& path, size_t max_bytes = kMaxFileBytes);
std::string file_name(const std::string& path);  // the last path component
std::string lower_extension(const std::string& path);  // ".png", ".npy", ... lower case
std::string shape_text(const std::vector<int64_t>& shape);  // "[1, 96, 96, 3]"
std::vector<int64_t> shape64(const std::vector<int32_t>& shape);
int64_t element_count(const InputSpec& in);
std::string input_text(const InputSpec& in, size_t k, size_t num_inputs);  // "input 'x' [1, 640] float32"
std::vector<std::string> split_csv_line(const std::string& line);  // commas, fields trimmed
bool parse_int(const std::string& text, int64_t& value);           // the whole text, decimal

}  // namespace mcuforge::data
