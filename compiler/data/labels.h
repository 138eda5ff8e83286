// SPDX-License-Identifier: Apache-2.0
// Inside the data stage: labels from a --labels file, one per group of the data: a .npy of integers
// ([N], [N, 1], or one-hot [N, C]), or a .csv/.txt with one label per line or `file,label` rows (matched
// to the groups by file name when they name them, else taken in order). A header line is skipped.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace mcuforge::data {

struct GroupLabels {
  std::vector<int64_t> labels;  // one per group
  int32_t num_classes = 0;      // one-hot width, else 0 (unknown)
};

// Throws when the file is unreadable, holds something other than integer labels, or its count does
// not match `group_names` (`data_path` names the data in the message).
GroupLabels read_labels(const std::string& path, const std::vector<std::string>& group_names,
                        const std::string& data_path);

// Throws unless every label is in [0, num_classes) (num_classes 0: only >= 0 is checked).
void check_label_range(const std::vector<int64_t>& labels, int32_t num_classes, const std::string& from,
                       const std::vector<std::string>& group_names);

}  // namespace mcuforge::data
