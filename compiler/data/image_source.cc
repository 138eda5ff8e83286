// SPDX-License-Identifier: Apache-2.0
// Images (PNG/JPEG) for an image input [1, H, W, C] (or [1, H, W] for gray): decoded HWC, resized only
// when Preprocess::resize says so (a size that differs from the input's is refused otherwise), put in
// the channel order, then scaled. One group per image; with class folders (the ImageFolder layout
// dir/<class>/*.png) the label is the index of the sorted class folder names.
#include <fmt/format.h>

#include <algorithm>

#include "data/image.h"
#include "data/preprocess.h"
#include "data/source.h"
#include "diagnostics/error.h"

namespace mcuforge::data {
namespace {

struct ImageGeometry {
  int32_t height = 0, width = 0, channels = 0;
};

// The input's height, width and channels; an Error when it does not hold images.
ImageGeometry geometry_of(const InputSpec& in) {
  std::vector<int32_t> s = in.shape;
  if (!s.empty() && s[0] == 1) s.erase(s.begin());
  if (s.size() == 2) return {s[0], s[1], 1};
  if (s.size() == 3 && (s[2] == 1 || s[2] == 3)) return {s[0], s[1], s[2]};
  if (s.size() == 3 && (s[0] == 1 || s[0] == 3) && s[2] > 4) {
    throw Error(fmt::format("{} takes channels first (NCHW); images are read channels last (NHWC)",
                            input_text(in, 0, 1)),
                "give the data as a .npy of shape [N, C, H, W] instead");
  }
  throw Error(fmt::format("{} does not take images ([1, H, W, C] with 1 or 3 channels)", input_text(in, 0, 1)),
              "give the data as .npy or .npz arrays of the input's shape");
}

// The channels to decode to: 1 for a one-channel input (gray), 3 otherwise; refuses an order that does
// not fit the input.
int32_t decode_channels(const ImageGeometry& geo, const InputSpec& in, const Preprocess& pre) {
  if (geo.channels == 1) {
    if (pre.channels == "bgr") {
      throw Error(fmt::format("{} has one channel, but the channel order is bgr", input_text(in, 0, 1)),
                  "use the channel order gray");
    }
    return 1;
  }
  if (pre.channels == "gray") {
    throw Error(fmt::format("{} has 3 channels, but the channel order is gray", input_text(in, 0, 1)),
                "use the channel order rgb or bgr");
  }
  return 3;
}

class ImageSource : public Source {
 public:
  ImageSource(const std::string& dir, const std::vector<std::string>& files, const InputSpec& in,
              const Preprocess& pre)
      : dir_(dir), files_(files), in_(in), pre_(pre), geo_(geometry_of(in)) {
    channels_ = decode_channels(geo_, in, pre);
    group_names = files;
    if (pre.resize && (pre.resize->first != geo_.width || pre.resize->second != geo_.height)) {
      throw Error(fmt::format("resizing to {}x{} does not give the {}x{} (width x height) images {} takes",
                              pre.resize->first, pre.resize->second, geo_.width, geo_.height, input_text(in, 0, 1)),
                  fmt::format("resize to {},{}", geo_.width, geo_.height));
    }
    std::string note = fmt::format("{}: {} images, {}", dir, files.size(), channels_ == 1 ? "gray" : pre.channels);
    if (pre.resize) note += fmt::format(", resized to {}x{} (bilinear)", geo_.width, geo_.height);
    notes.push_back(note + ", " + describe_mapping(ir::DType::kUInt8, InputSpec{}, pre));
  }

  void load_group(size_t g, std::vector<Sample>& out) override {
    const std::string path = dir_ + "/" + files_[g];
    Image image = decode_image(read_file(path), path, channels_);
    if (image.width != geo_.width || image.height != geo_.height) {
      if (!pre_.resize) {
        throw Error(fmt::format("'{}' is {}x{} pixels, but {} takes {}x{} (width x height)", path, image.width,
                                image.height, input_text(in_, 0, 1), geo_.width, geo_.height),
                    fmt::format("resize the images to the input's size (--resize {},{}), or give images of that size",
                                geo_.width, geo_.height));
      }
      image = resize_image(image, geo_.width, geo_.height);
    }
    if (pre_.channels == "bgr") {
      for (size_t i = 0; i + 2 < image.pixels.size(); i += 3) std::swap(image.pixels[i], image.pixels[i + 2]);
    }
    Sample s;
    s.inputs.push_back(map_values(image.pixels, in_, pre_));
    s.source = file_name(dir_) + "/" + files_[g];
    out.push_back(std::move(s));
  }

 private:
  std::string dir_;
  std::vector<std::string> files_;
  InputSpec in_;
  Preprocess pre_;
  ImageGeometry geo_;
  int32_t channels_ = 3;
};

}  // namespace

std::unique_ptr<Source> open_images(const std::string& dir, const std::vector<std::string>& files,
                                    bool class_folders, const std::vector<InputSpec>& inputs,
                                    const Preprocess& pre) {
  require_one_input(inputs, "a directory of images");
  auto source = std::make_unique<ImageSource>(dir, files, inputs[0], pre);
  if (!class_folders) return source;
  // files are "<class>/<name>" sorted by class: the class index is the position of the folder.
  for (const std::string& f : files) {
    const std::string cls = f.substr(0, f.find('/'));
    if (source->class_names.empty() || source->class_names.back() != cls) source->class_names.push_back(cls);
    source->labels.push_back(static_cast<int64_t>(source->class_names.size()) - 1);
  }
  source->num_classes = static_cast<int32_t>(source->class_names.size());
  return source;
}

}  // namespace mcuforge::data
