// SPDX-License-Identifier: Apache-2.0
// libFuzzer target for image decoding and resizing of image datasets (stb_image underneath): any bytes
// must give an image whose pixel count matches its size, or one mcuforge::Error. The first byte picks
// gray or RGB decoding and whether the image is resized.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <vector>

#include "data/image.h"
#include "diagnostics/error.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  const std::vector<uint8_t> bytes(data + 1, data + size);
  const int32_t channels = (data[0] & 1) ? 1 : 3;
  try {
    mcuforge::data::Image image = mcuforge::data::decode_image(bytes, "fuzz.img", channels);
    if (data[0] & 2) image = mcuforge::data::resize_image(image, 7, 5);
    const size_t want = static_cast<size_t>(image.width) * image.height * image.channels;
    if (image.pixels.size() != want || image.channels != channels) std::abort();
  } catch (const mcuforge::Error&) {
  }
  return 0;
}
