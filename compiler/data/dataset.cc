// SPDX-License-Identifier: Apache-2.0
// load_dataset(): finds the kind of data at the path, opens its source (one file per kind), keeps the
// groups of the range, attaches labels and checks what every kind shares (finite values, counts,
// label range).
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <filesystem>

#include "data/labels.h"
#include "data/preprocess.h"
#include "data/source.h"
#include "diagnostics/error.h"

namespace mcuforge::data {
namespace fs = std::filesystem;
namespace {

constexpr const char* kKinds =
    "give a .npy or .npz file, a directory of .npy files, of PNG/JPEG images (or one folder of images per "
    "class), or of raw .bin samples with a y_labels.csv";

bool is_image(const std::string& name) {
  const std::string ext = lower_extension(name);
  return ext == ".png" || ext == ".jpg" || ext == ".jpeg";
}

// The non-hidden entries of a directory, sorted by name (the order of groups must not depend on the
// file system).
struct Listing {
  std::vector<std::string> files, dirs;
};

Listing list_dir(const std::string& dir) {
  Listing out;
  std::error_code ec;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (name.empty() || name[0] == '.') continue;
    std::error_code type_ec;
    if (it->is_directory(type_ec)) {
      out.dirs.push_back(name);
    } else if (it->is_regular_file(type_ec)) {
      out.files.push_back(name);
    }
  }
  if (ec) throw Error("cannot list the directory '" + dir + "' (" + ec.message() + ")", "check its permissions");
  std::sort(out.files.begin(), out.files.end());
  std::sort(out.dirs.begin(), out.dirs.end());
  return out;
}

std::vector<std::string> with_extension(const std::vector<std::string>& files, bool (*keep)(const std::string&)) {
  std::vector<std::string> out;
  std::copy_if(files.begin(), files.end(), std::back_inserter(out), keep);
  return out;
}

// dir/<class>/*.png, as "<class>/<file>" sorted by class then file; every class folder must hold images.
std::vector<std::string> class_folder_images(const std::string& dir, const std::vector<std::string>& classes) {
  std::vector<std::string> files;
  for (const std::string& cls : classes) {
    const auto images = with_extension(list_dir(dir + "/" + cls).files, is_image);
    if (images.empty()) {
      throw Error(fmt::format("the class folder '{}/{}' holds no PNG or JPEG images", dir, cls),
                  "remove it, or add its images: every subfolder is a class, numbered in sorted order");
    }
    for (const std::string& f : images) files.push_back(cls + "/" + f);
  }
  return files;
}

std::unique_ptr<Source> open_dir(const std::string& dir, const std::vector<InputSpec>& inputs, const Preprocess& pre) {
  const Listing listing = list_dir(dir);
  if (listing.files.empty() && listing.dirs.empty()) {
    throw Error("the directory '" + dir + "' is empty", kKinds);
  }
  const auto has = [&](const std::string& name) {
    return std::find(listing.files.begin(), listing.files.end(), name) != listing.files.end();
  };
  if (has("y_labels.csv")) return open_raw_dir(dir, {}, true, inputs, pre);
  const auto npys = with_extension(listing.files, [](const std::string& f) { return lower_extension(f) == ".npy"; });
  const auto images = with_extension(listing.files, is_image);
  const auto bins = with_extension(listing.files, [](const std::string& f) { return lower_extension(f) == ".bin"; });
  if (!npys.empty() && !images.empty()) {
    throw Error("the directory '" + dir + "' holds both .npy files and images", "keep one kind of data per directory");
  }
  if (!npys.empty()) return open_npy_dir(dir, npys, inputs, pre);
  if (!images.empty()) return open_images(dir, images, false, inputs, pre);
  if (!bins.empty()) return open_raw_dir(dir, bins, false, inputs, pre);
  if (!listing.dirs.empty()) {
    return open_images(dir, class_folder_images(dir, listing.dirs), true, inputs, pre);
  }
  throw Error("the directory '" + dir + "' holds no data file this reads", kKinds);
}

std::unique_ptr<Source> open_source(const std::string& path, const std::vector<InputSpec>& inputs,
                                    const Preprocess& pre) {
  std::error_code ec;
  const auto status = fs::status(path, ec);
  if (ec || !fs::exists(status)) throw Error("'" + path + "' does not exist", "check the path");
  if (fs::is_directory(status)) return open_dir(path, inputs, pre);
  const std::string ext = lower_extension(path);
  const std::string dir = fs::path(path).parent_path().empty() ? "." : fs::path(path).parent_path().string();
  if (ext == ".npy") return open_npy_file(path, inputs, pre);
  if (ext == ".npz") return open_npz(path, inputs, pre);
  if (is_image(path)) return open_images(dir, {file_name(path)}, false, inputs, pre);
  if (ext == ".bin") return open_raw_dir(dir, {file_name(path)}, false, inputs, pre);
  throw Error("'" + path + "' is not a kind of data this reads", kKinds);
}

void check_inputs(const std::vector<InputSpec>& inputs, const Preprocess& pre) {
  if (inputs.empty()) throw Error("the model has no inputs to read data for", "");
  for (const InputSpec& in : inputs) {
    int64_t count = 1;
    for (int32_t d : in.shape) {
      if (d <= 0) {
        throw Error(fmt::format("input '{}' has shape {}: data needs fixed positive dimensions", in.name,
                                shape_text(shape64(in.shape))),
                    "give the model a fixed input shape");
      }
      count *= d;
      if (count > (int64_t{1} << 28)) throw Error("input '" + in.name + "' is too large for sample data", "");
    }
    check_preprocess(pre, in);
  }
}

// Samples [first, end) of `samples`: every value finite, every input of its element count.
void check_samples(const std::vector<Sample>& samples, size_t first, const std::vector<InputSpec>& inputs) {
  for (size_t i = first; i < samples.size(); ++i) {
    const Sample& s = samples[i];
    for (size_t k = 0; k < inputs.size(); ++k) {
      if (k >= s.inputs.size() || static_cast<int64_t>(s.inputs[k].size()) != element_count(inputs[k])) {
        throw Error(fmt::format("sample '{}' has no {} values for {}", s.source, element_count(inputs[k]),
                                input_text(inputs[k], k, inputs.size())),
                    "");
      }
      const auto& v = s.inputs[k];
      const auto bad = std::find_if(v.begin(), v.end(), [](float x) { return !std::isfinite(x); });
      if (bad != v.end()) {
        throw Error(fmt::format("sample '{}' holds {} (element {} of {})", s.source, *bad, bad - v.begin(),
                                input_text(inputs[k], k, inputs.size())),
                    "clean the data (e.g. np.nan_to_num) or leave the sample out");
      }
    }
  }
}

std::pair<size_t, size_t> group_range(const LoadOptions& opts, size_t groups, const std::string& path) {
  const int64_t n = static_cast<int64_t>(groups);
  const int64_t end = opts.end < 0 ? n : std::min(opts.end, n);
  if (n == 0) throw Error("'" + path + "' holds no samples", "give at least one sample");
  if (opts.begin < 0 || opts.begin >= n || (opts.end >= 0 && opts.end <= opts.begin)) {
    throw Error(fmt::format("the range [{}, {}) of '{}' is empty: it has {} samples (groups 0 to {})", opts.begin,
                            opts.end < 0 ? std::string("end") : std::to_string(opts.end), path, n, n - 1),
                "choose a range inside the data");
  }
  return {static_cast<size_t>(opts.begin), static_cast<size_t>(end)};
}

// Labels of all groups (before the range): the --labels file, else the data's own.
void attach_labels(Source& source, const LoadOptions& opts, const std::string& path) {
  std::string from = path;
  if (!opts.labels_path.empty()) {
    GroupLabels read = read_labels(opts.labels_path, source.group_names, path);
    source.labels = std::move(read.labels);
    if (read.num_classes > 0) source.num_classes = read.num_classes;
    from = opts.labels_path;
  }
  if (source.labels.empty()) return;
  if (source.num_classes == 0) {
    source.num_classes = static_cast<int32_t>(
        std::min<int64_t>(*std::max_element(source.labels.begin(), source.labels.end()) + 1, INT32_MAX));
  }
  check_label_range(source.labels, source.num_classes, from, source.group_names);
  if (opts.num_classes > 0) check_label_range(source.labels, opts.num_classes, from, source.group_names);
}

}  // namespace

std::vector<InputSpec> input_specs(const ir::Graph& g) {
  std::vector<InputSpec> specs;
  for (int32_t index : g.inputs) {
    const ir::Tensor& t = g.tensor(index);
    InputSpec in{t.name, t.shape, t.dtype};
    if (!t.quant.empty()) {
      in.scale = t.quant.scale[0];
      in.zero_point = t.quant.zero_point.empty() ? 0 : t.quant.zero_point[0];
    }
    specs.push_back(in);
  }
  return specs;
}

DatasetReader::DatasetReader(const std::string& path_in, const std::vector<InputSpec>& inputs,
                             const LoadOptions& opts)
    : inputs_(inputs) {
  std::string path = path_in;
  while (path.size() > 1 && path.back() == '/') path.pop_back();
  check_inputs(inputs, opts.pre);
  source_ = open_source(path, inputs, opts.pre);
  attach_labels(*source_, opts, path);
  const auto [begin, end] = group_range(opts, source_->group_names.size(), path);
  begin_ = begin;
  info_.group_names.assign(source_->group_names.begin() + static_cast<long>(begin),
                           source_->group_names.begin() + static_cast<long>(end));
  if (!source_->labels.empty()) {
    info_.labels.assign(source_->labels.begin() + static_cast<long>(begin),
                        source_->labels.begin() + static_cast<long>(end));
  }
  info_.num_classes = source_->num_classes;
  info_.class_names = source_->class_names;
  info_.notes = source_->notes;
}

DatasetReader::~DatasetReader() = default;

std::vector<Sample> DatasetReader::read(size_t g) {
  if (g >= size()) throw Error(fmt::format("group {} is outside the {} groups of the data", g, size()), "");
  std::vector<Sample> samples;
  source_->load_group(begin_ + g, samples);
  for (Sample& s : samples) s.group = static_cast<int32_t>(g);
  check_samples(samples, 0, inputs_);
  return samples;
}

Dataset load_dataset(const std::string& path, const std::vector<InputSpec>& inputs, const LoadOptions& opts) {
  DatasetReader reader(path, inputs, opts);
  Dataset d = reader.info();
  for (size_t g = 0; g < reader.size(); ++g) {
    std::vector<Sample> samples = reader.read(g);
    d.samples.insert(d.samples.end(), std::make_move_iterator(samples.begin()), std::make_move_iterator(samples.end()));
  }
  if (static_cast<int64_t>(d.samples.size()) < opts.min_samples) {
    throw Error(fmt::format("'{}' gives {} samples, fewer than the {} needed", path, d.samples.size(),
                            opts.min_samples),
                "give more samples (or a wider range)");
  }
  return d;
}

}  // namespace mcuforge::data
