// SPDX-License-Identifier: Apache-2.0
// .npy data: one file with a leading batch axis (or exactly one sample), or a directory of .npy files
// (one sample or a batch each, in sorted file order). One group per sample. Also the array layout
// rules that .npz members follow too (source.h).
#include <fmt/format.h>

#include <algorithm>

#include "data/preprocess.h"
#include "data/source.h"
#include "diagnostics/error.h"

namespace mcuforge::data {
namespace {

std::vector<int64_t> without_ones(std::vector<int64_t> shape) {
  shape.erase(std::remove(shape.begin(), shape.end(), int64_t{1}), shape.end());
  return shape;
}

// The dims of one sample: the input's shape without its leading batch axis of 1.
std::vector<int64_t> sample_dims(const InputSpec& in) {
  std::vector<int64_t> s = shape64(in.shape);
  if (!s.empty() && s[0] == 1) s.erase(s.begin());
  return s;
}

std::vector<int64_t> tail(const std::vector<int64_t>& shape) {
  return shape.empty() ? shape : std::vector<int64_t>(shape.begin() + 1, shape.end());
}

// NCHW data for an NHWC image input: refused with the transpose that fixes it.
void refuse_channels_first(const std::vector<int64_t>& shape, const InputSpec& in, const std::string& what) {
  const std::vector<int64_t> s = shape64(in.shape);
  // One channel: NCHW and NHWC hold the same element order (the size-1 axis rule takes it).
  if (s.size() != 4 || s[3] == 1) return;
  const std::vector<int64_t> hwc = {s[1], s[2], s[3]}, chw = {s[3], s[1], s[2]};
  if (hwc == chw) return;
  const std::string wanted = input_text(in, 0, 1);
  if (shape.size() == 4 && tail(shape) == chw) {
    throw Error(fmt::format("{} has shape {}: channels first (NCHW), but {} takes channels last (NHWC)", what,
                            shape_text(shape), wanted),
                "transpose it: x = np.transpose(x, (0, 2, 3, 1))");
  }
  if (shape == chw) {
    throw Error(fmt::format("{} has shape {}: channels first (CHW), but {} takes channels last (NHWC)", what,
                            shape_text(shape), wanted),
                "transpose it: x = np.transpose(x, (1, 2, 0))");
  }
}

class NpyFileSource : public Source {
 public:
  NpyFileSource(const std::string& path, const InputSpec& in, const Preprocess& pre) : in_(in), pre_(pre) {
    array_ = read_npy(path);
    const std::string name = file_name(path);
    check_array_dtype(array_, "'" + path + "'");
    layout_ = array_layout(array_.shape, in, "'" + path + "'");
    for (int64_t i = 0; i < layout_.samples; ++i) {
      group_names.push_back(layout_.batched ? fmt::format("{}[{}]", name, i) : name);
    }
    notes.push_back(fmt::format("{}: {} samples, {}", path, layout_.samples, describe_mapping(array_.dtype, in, pre)));
  }
  void load_group(size_t g, std::vector<Sample>& out) override {
    Sample s;
    s.inputs.push_back(array_sample(array_, static_cast<int64_t>(g), in_, pre_));
    s.source = group_names[g];
    out.push_back(std::move(s));
  }

 private:
  InputSpec in_;
  Preprocess pre_;
  NpyArray array_;
  ArrayLayout layout_;
};

// A directory of .npy files: groups are (file, row); the file of the group being read stays loaded.
class NpyDirSource : public Source {
 public:
  NpyDirSource(const std::string& dir, const std::vector<std::string>& files, const InputSpec& in,
               const Preprocess& pre)
      : in_(in), pre_(pre) {
    std::vector<ir::DType> dtypes;
    for (size_t f = 0; f < files.size(); ++f) {
      paths_.push_back(dir + "/" + files[f]);
      const NpyArray a = read_npy(paths_.back());
      if (std::find(dtypes.begin(), dtypes.end(), a.dtype) == dtypes.end()) dtypes.push_back(a.dtype);
      check_array_dtype(a, "'" + paths_.back() + "'");
      const ArrayLayout layout = array_layout(a.shape, in, "'" + paths_.back() + "'");
      for (int64_t i = 0; i < layout.samples; ++i) {
        rows_.push_back({f, i});
        group_names.push_back(layout.batched ? fmt::format("{}[{}]", files[f], i) : files[f]);
      }
    }
    std::string note = fmt::format("{}: {} files, {} samples", dir, files.size(), rows_.size());
    for (ir::DType t : dtypes) note += ", " + describe_mapping(t, in, pre);
    notes.push_back(note);
  }
  void load_group(size_t g, std::vector<Sample>& out) override {
    const auto [file, row] = rows_[g];
    if (loaded_ != file) {
      array_ = read_npy(paths_[file]);
      loaded_ = file;
    }
    Sample s;
    s.inputs.push_back(array_sample(array_, row, in_, pre_));
    s.source = group_names[g];
    out.push_back(std::move(s));
  }

 private:
  InputSpec in_;
  Preprocess pre_;
  std::vector<std::string> paths_;
  std::vector<std::pair<size_t, int64_t>> rows_;
  size_t loaded_ = SIZE_MAX;
  NpyArray array_;
};

}  // namespace

ArrayLayout array_layout(const std::vector<int64_t>& shape, const InputSpec& in, const std::string& what) {
  const std::vector<int64_t> dims = sample_dims(in);
  if (shape == shape64(in.shape) || shape == dims) return {1, false};
  if (!shape.empty() && tail(shape) == dims) return {shape[0], true};
  if (shape.size() >= 2 && shape[1] == 1 && tail(tail(shape)) == dims) return {shape[0], true};
  refuse_channels_first(shape, in, what);
  // Axes of size 1 left out or added ([N, 49, 10] for [1, 49, 10, 1]) keep the element order.
  if (!shape.empty() && without_ones(tail(shape)) == without_ones(dims)) return {shape[0], true};
  if (without_ones(shape) == without_ones(dims)) return {1, false};
  throw Error(fmt::format("{} has shape {}, but {} takes samples of shape {}", what, shape_text(shape),
                          input_text(in, 0, 1), shape_text(dims)),
              fmt::format("give an array of shape [N, {}] (N samples) or {} (one sample)",
                          shape_text(dims).substr(1, shape_text(dims).size() - 2), shape_text(dims)));
}

void check_array_dtype(const NpyArray& a, const std::string& what) {
  if (!is_value_dtype(a.dtype)) {
    throw Error(fmt::format("{} holds {} values, which are not sample data", what, ir::dtype_name(a.dtype)),
                "save it as float32 (or uint8, int8, int16, int32, float64): x.astype(np.float32)");
  }
}

std::vector<float> array_sample(const NpyArray& a, int64_t i, const InputSpec& in, const Preprocess& pre) {
  const size_t count = static_cast<size_t>(element_count(in));
  const size_t bytes = count * ir::dtype_size(a.dtype);
  return raw_to_real(a.data.data() + static_cast<size_t>(i) * bytes, count, a.dtype, in, pre);
}

void require_one_input(const std::vector<InputSpec>& inputs, const std::string& kind) {
  if (inputs.size() != 1) {
    throw Error(fmt::format("{} gives samples for one input, but the model has {} inputs", kind, inputs.size()),
                "give a .npz with one array per input (named as the inputs, or arr_0, arr_1, ... in order)");
  }
}

std::unique_ptr<Source> open_npy_file(const std::string& path, const std::vector<InputSpec>& inputs,
                                      const Preprocess& pre) {
  require_one_input(inputs, "a .npy file");
  return std::make_unique<NpyFileSource>(path, inputs[0], pre);
}

std::unique_ptr<Source> open_npy_dir(const std::string& dir, const std::vector<std::string>& files,
                                     const std::vector<InputSpec>& inputs, const Preprocess& pre) {
  require_one_input(inputs, "a directory of .npy files");
  return std::make_unique<NpyDirSource>(dir, files, inputs[0], pre);
}

}  // namespace mcuforge::data
