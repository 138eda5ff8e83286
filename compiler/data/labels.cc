// SPDX-License-Identifier: Apache-2.0
#include "data/labels.h"

#include <fmt/format.h>

#include <cmath>
#include <cstring>
#include <fstream>
#include <map>
#include <sstream>

#include "data/npy.h"
#include "data/source.h"
#include "diagnostics/error.h"

namespace mcuforge::data {
namespace {

struct LabelRow {
  std::string file;  // empty when the row has no file column
  int64_t label = 0;
};

double npy_value(const NpyArray& a, size_t i) {
  auto get = [&](auto zero) {
    decltype(zero) v;
    std::memcpy(&v, a.data.data() + i * sizeof v, sizeof v);
    return static_cast<double>(v);
  };
  switch (a.dtype) {
    case ir::DType::kInt8: return get(int8_t{});
    case ir::DType::kUInt8: return get(uint8_t{});
    case ir::DType::kInt16: return get(int16_t{});
    case ir::DType::kUInt16: return get(uint16_t{});
    case ir::DType::kInt32: return get(int32_t{});
    case ir::DType::kUInt32: return get(uint32_t{});
    case ir::DType::kInt64: return get(int64_t{});
    case ir::DType::kUInt64: return get(uint64_t{});
    case ir::DType::kFloat32: return get(float{});
    case ir::DType::kFloat64: return get(double{});
    default: return NAN;
  }
}

int64_t integral_label(double v, const std::string& path, size_t i) {
  if (!std::isfinite(v) || v != std::floor(v) || std::fabs(v) > 1e15) {
    throw Error(fmt::format("'{}': label {} is {}, not a class number", path, i, v),
                "give integer class numbers (0, 1, 2, ...)");
  }
  return static_cast<int64_t>(v);
}

// [N] or [N, 1]: the labels; [N, C]: one-hot rows, the label is the column of the largest value.
GroupLabels labels_from_npy(const std::string& path) {
  const NpyArray a = read_npy(path);
  if (!ir::dtype_is_integer(a.dtype) && a.dtype != ir::DType::kFloat32 && a.dtype != ir::DType::kFloat64) {
    throw Error("'" + path + "' holds " + std::string(ir::dtype_name(a.dtype)) + " values, not labels",
                "save the labels as integers: np.save(path, y.astype(np.int64))");
  }
  const bool one_hot = a.shape.size() == 2 && a.shape[1] > 1;
  if (!(a.shape.size() == 1 || (a.shape.size() == 2 && a.shape[1] >= 1))) {
    throw Error(fmt::format("'{}' has shape {}; labels are [N], [N, 1] or one-hot [N, C]", path, shape_text(a.shape)),
                "save one label per sample");
  }
  GroupLabels out;
  const size_t rows = static_cast<size_t>(a.shape[0]);
  const size_t cols = a.shape.size() == 2 ? static_cast<size_t>(a.shape[1]) : 1;
  for (size_t r = 0; r < rows; ++r) {
    size_t best = 0;
    for (size_t c = 1; one_hot && c < cols; ++c) {
      if (npy_value(a, r * cols + c) > npy_value(a, r * cols + best)) best = c;
    }
    out.labels.push_back(one_hot ? static_cast<int64_t>(best) : integral_label(npy_value(a, r * cols), path, r));
  }
  if (one_hot) out.num_classes = static_cast<int32_t>(std::min<size_t>(cols, INT32_MAX));
  return out;
}

std::vector<std::string> split_fields(const std::string& line) {
  if (line.find(',') != std::string::npos) return split_csv_line(line);
  std::vector<std::string> fields;
  std::istringstream in(line);
  for (std::string f; in >> f;) fields.push_back(f);
  return fields;
}

// One label per line, `file,label`, or y_labels.csv's `file,classes,label[,window,stride]`.
std::vector<LabelRow> rows_from_text(const std::string& path, int32_t& num_classes) {
  std::ifstream in(path);
  if (!in) throw Error("cannot open '" + path + "'", "check the path");
  std::vector<LabelRow> rows;
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    const auto f = split_fields(line);
    if (f.empty() || (f.size() == 1 && f[0].empty())) continue;
    const size_t label_at = f.size() == 1 ? 0 : f.size() == 2 ? 1 : 2;
    LabelRow row;
    int64_t classes = 0;
    const bool ok = (f.size() <= 3 || f.size() == 5) && parse_int(f[label_at], row.label) &&
                    (f.size() < 3 || parse_int(f[1], classes));
    if (!ok && number == 1) continue;  // a header line
    if (!ok) {
      throw Error(fmt::format("{} line {}: '{}' is not a label row", path, number, line),
                  "give one integer label per line, or file,label rows");
    }
    if (f.size() > 1) row.file = f[0];
    if (classes > 0) num_classes = static_cast<int32_t>(std::min<int64_t>(classes, INT32_MAX));
    rows.push_back(row);
  }
  return rows;
}

// The labels of `groups`: by file name when the rows name the groups' files, else in order.
std::vector<int64_t> match_rows(const std::vector<LabelRow>& rows, const std::vector<std::string>& groups,
                                const std::string& path, const std::string& data_path) {
  std::map<std::string, int64_t> by_file;
  for (const LabelRow& r : rows) {
    if (!r.file.empty()) by_file.emplace(r.file, r.label);
  }
  std::vector<int64_t> labels;
  size_t matched = 0;
  std::string missing;
  for (const std::string& g : groups) {
    auto it = by_file.find(g);
    if (it == by_file.end()) it = by_file.find(file_name(g));
    if (it != by_file.end()) {
      labels.push_back(it->second);
      ++matched;
    } else if (missing.empty()) {
      missing = g;
    }
  }
  if (matched == groups.size() && !groups.empty()) return labels;
  if (matched > 0) {
    throw Error(fmt::format("'{}' has no label for '{}' of '{}'", path, missing, data_path),
                "give a row file,label for every file of the data");
  }
  labels.clear();
  for (const LabelRow& r : rows) labels.push_back(r.label);
  return labels;
}

}  // namespace

GroupLabels read_labels(const std::string& path, const std::vector<std::string>& group_names,
                        const std::string& data_path) {
  GroupLabels out;
  if (lower_extension(path) == ".npy") {
    out = labels_from_npy(path);
  } else {
    const auto rows = rows_from_text(path, out.num_classes);
    out.labels = match_rows(rows, group_names, path, data_path);
  }
  if (out.labels.size() != group_names.size()) {
    throw Error(fmt::format("'{}' has {} labels, but '{}' has {} samples to label", path, out.labels.size(),
                            data_path, group_names.size()),
                "give one label per sample (per file for data whose files hold several windows)");
  }
  return out;
}

void check_label_range(const std::vector<int64_t>& labels, int32_t num_classes, const std::string& from,
                       const std::vector<std::string>& group_names) {
  for (size_t i = 0; i < labels.size(); ++i) {
    if (labels[i] < 0 || (num_classes > 0 && labels[i] >= num_classes)) {
      const std::string range = labels[i] < 0 ? std::string("negative")
                                              : fmt::format("outside the {} classes 0 to {}", num_classes,
                                                            num_classes - 1);
      throw Error(fmt::format("{}: the label of '{}' is {}, {}", from,
                              i < group_names.size() ? group_names[i] : std::to_string(i), labels[i], range),
                  "labels count classes from 0, below the model's number of outputs");
    }
  }
}

}  // namespace mcuforge::data
