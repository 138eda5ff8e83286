// SPDX-License-Identifier: Apache-2.0
// PNG/JPEG decoding (stb_image, Debian libstb-dev) and bilinear resizing (half-pixel centers, as
// tf.image.resize) for image datasets. Any bytes give an image or one mcuforge::Error; images larger than
// 16 M pixels are refused before they are decoded.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace mcuforge::data {

struct Image {
  int32_t width = 0, height = 0, channels = 0;
  std::vector<float> pixels;  // HWC, values 0..255
};

// Decodes to `channels` channels (1: gray, 3: RGB), whatever the file holds; `path` names it in messages.
Image decode_image(const std::vector<uint8_t>& bytes, const std::string& path, int32_t channels);
Image resize_image(const Image& image, int32_t width, int32_t height);

}  // namespace mcuforge::data
