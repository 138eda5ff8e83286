// SPDX-License-Identifier: Apache-2.0
// .npz data: one array per model input, found by the input's name, else by order (arr_0, arr_1, ... as
// np.savez names positional arrays), else the only array of a one-input model. Every array holds the
// same number of samples; one group per sample.
#include <fmt/format.h>

#include <algorithm>

#include "data/npz.h"
#include "data/preprocess.h"
#include "data/source.h"
#include "diagnostics/error.h"

namespace mcuforge::data {
namespace {

const NpzMember* find_member(const std::vector<NpzMember>& members, const std::string& name) {
  for (const NpzMember& m : members) {
    if (m.name == name) return &m;
  }
  return nullptr;
}

std::string member_names(const std::vector<NpzMember>& members) {
  std::string s;
  for (const NpzMember& m : members) s += (s.empty() ? "" : ", ") + m.name;
  return s;
}

// The member for each input, by name, then by order, then the only one.
std::vector<const NpzMember*> match_members(const std::vector<NpzMember>& members,
                                            const std::vector<InputSpec>& inputs, const std::string& path) {
  std::vector<const NpzMember*> by_name, by_order;
  for (size_t k = 0; k < inputs.size(); ++k) {
    by_name.push_back(find_member(members, inputs[k].name));
    by_order.push_back(find_member(members, "arr_" + std::to_string(k)));
  }
  auto complete = [](const std::vector<const NpzMember*>& v) {
    return std::find(v.begin(), v.end(), nullptr) == v.end();
  };
  if (complete(by_name)) return by_name;
  if (complete(by_order)) return by_order;
  if (inputs.size() == 1 && members.size() == 1) return {&members[0]};
  std::string wanted;
  for (const InputSpec& in : inputs) wanted += (wanted.empty() ? "'" : ", '") + in.name + "'";
  throw Error(fmt::format("'{}' holds the arrays {}, which do not match the model's {} input(s) {}", path,
                          member_names(members), inputs.size(), wanted),
              "name each array as its input (np.savez(f, **{name: x})), or save them in input order "
              "(np.savez(f, x0, x1, ...) names them arr_0, arr_1, ...)");
}

class NpzSource : public Source {
 public:
  NpzSource(const std::string& path, const std::vector<InputSpec>& inputs, const Preprocess& pre)
      : inputs_(inputs), pre_(pre), members_(read_npz(path)) {
    matched_ = match_members(members_, inputs, path);
    const std::string name = file_name(path);
    name_ = name;
    ArrayLayout first;
    for (size_t k = 0; k < inputs.size(); ++k) {
      const std::string what = fmt::format("'{}' array '{}'", path, matched_[k]->name);
      check_array_dtype(matched_[k]->array, what);
      const ArrayLayout layout = array_layout(matched_[k]->array.shape, inputs[k], what);
      if (k == 0) first = layout;
      if (layout.samples != first.samples) {
        throw Error(fmt::format("'{}': array '{}' holds {} samples but array '{}' holds {}", path,
                                matched_[k]->name, layout.samples, matched_[0]->name, first.samples),
                    "give every input the same number of samples");
      }
    }
    for (int64_t i = 0; i < first.samples; ++i) {
      group_names.push_back(first.batched ? fmt::format("{}[{}]", name, i) : name);
    }
    batched_ = first.batched;
    std::string note = fmt::format("{}: {} samples", path, first.samples);
    for (size_t k = 0; k < inputs.size(); ++k) {
      note += fmt::format(", array '{}' -> input '{}': {}", matched_[k]->name, inputs[k].name,
                          describe_mapping(matched_[k]->array.dtype, inputs[k], pre));
    }
    notes.push_back(note);
  }

  void load_group(size_t g, std::vector<Sample>& out) override {
    Sample s;
    for (size_t k = 0; k < inputs_.size(); ++k) {
      s.inputs.push_back(array_sample(matched_[k]->array, static_cast<int64_t>(g), inputs_[k], pre_));
    }
    // One input: "calib.npz[x][17]" names the array too; several: the row, "calib.npz[17]".
    s.source = inputs_.size() == 1 ? name_ + "[" + matched_[0]->name + "]" + (batched_ ? fmt::format("[{}]", g) : "")
                                   : group_names[g];
    out.push_back(std::move(s));
  }

 private:
  std::vector<InputSpec> inputs_;
  Preprocess pre_;
  std::vector<NpzMember> members_;
  std::vector<const NpzMember*> matched_;
  std::string name_;  // the file's name
  bool batched_ = false;
};

}  // namespace

std::unique_ptr<Source> open_npz(const std::string& path, const std::vector<InputSpec>& inputs,
                                 const Preprocess& pre) {
  return std::make_unique<NpzSource>(path, inputs, pre);
}

}  // namespace mcuforge::data
