// SPDX-License-Identifier: Apache-2.0
#include "data/image.h"

#include <fmt/format.h>
#include <stb/stb_image.h>

#include <algorithm>
#include <climits>
#include <memory>

#include "diagnostics/error.h"

namespace mcuforge::data {
namespace {

constexpr int64_t kMaxPixels = int64_t{1} << 24;
constexpr int32_t kMaxSide = 1 << 15;

struct StbFree {
  void operator()(stbi_uc* p) const { stbi_image_free(p); }
};

bool is_png(const std::vector<uint8_t>& b) {
  static const uint8_t kSignature[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
  return b.size() >= 8 && std::equal(kSignature, kSignature + 8, b.begin());
}

bool is_jpeg(const std::vector<uint8_t>& b) { return b.size() >= 3 && b[0] == 0xff && b[1] == 0xd8 && b[2] == 0xff; }

// Every PNG chunk must fit in the file: stb_image allocates a chunk's length before it reads it, so a
// few bytes claiming a 1 GB chunk would make it reserve 1 GB.
bool png_chunks_fit(const std::vector<uint8_t>& b) {
  size_t at = 8;
  while (at + 4 <= b.size()) {
    const size_t length = (size_t{b[at]} << 24) | (size_t{b[at + 1]} << 16) | (size_t{b[at + 2]} << 8) | b[at + 3];
    if (b.size() - at < 12 || length > b.size() - at - 12) return false;
    if (std::equal(b.begin() + static_cast<long>(at) + 4, b.begin() + static_cast<long>(at) + 8, "IEND")) return true;
    at += 12 + length;
  }
  return true;
}

std::string failure() {
  const char* reason = stbi_failure_reason();
  return reason ? reason : "unknown reason";
}

}  // namespace

Image decode_image(const std::vector<uint8_t>& bytes, const std::string& path, int32_t channels) {
  const std::string bad = "'" + path + "' is not a readable PNG or JPEG image";
  const char* hint = "check the file: open it in an image viewer, or save it again as PNG";
  if (bytes.empty() || bytes.size() > static_cast<size_t>(INT_MAX)) throw Error(bad + " (empty or too large)", hint);
  // Only the two formats image datasets are: stb_image would also take GIF, PSD, TGA, ... by content.
  if (!is_png(bytes) && !is_jpeg(bytes)) throw Error(bad + " (neither PNG nor JPEG data)", hint);
  if (is_png(bytes) && !png_chunks_fit(bytes)) throw Error(bad + " (a PNG chunk runs past the end)", hint);
  const int len = static_cast<int>(bytes.size());
  int w = 0, h = 0, file_channels = 0;
  if (!stbi_info_from_memory(bytes.data(), len, &w, &h, &file_channels)) {
    throw Error(bad + " (" + failure() + ")", hint);
  }
  if (w <= 0 || h <= 0 || w > kMaxSide || h > kMaxSide || int64_t{w} * h > kMaxPixels) {
    throw Error(fmt::format("'{}' is {}x{} pixels, larger than the 16 M pixels images may have", path, w, h),
                "resize it before using it as model data");
  }
  std::unique_ptr<stbi_uc, StbFree> data(stbi_load_from_memory(bytes.data(), len, &w, &h, &file_channels, channels));
  if (!data) throw Error(bad + " (" + failure() + ")", hint);
  Image image{w, h, channels, {}};
  const size_t count = static_cast<size_t>(w) * static_cast<size_t>(h) * static_cast<size_t>(channels);
  image.pixels.assign(data.get(), data.get() + count);
  return image;
}

// Bilinear with half-pixel centers, no antialiasing: what tf.image.resize(method="bilinear") and
// Keras' Resizing layer compute, so data resized here matches a model trained on TF-resized images.
// (Debian's stb_image_resize was used before: its triangle filter aborts on an internal assertion for
// some ratios, e.g. 9 -> 7 pixels, which the image fuzzer found.)
Image resize_image(const Image& image, int32_t width, int32_t height) {
  if (width <= 0 || height <= 0 || width > kMaxSide || height > kMaxSide ||
      int64_t{width} * height > kMaxPixels) {
    throw Error(fmt::format("cannot resize to {}x{}", width, height), "give a width and height of the model input");
  }
  Image out{width, height, image.channels, {}};
  out.pixels.resize(static_cast<size_t>(width) * static_cast<size_t>(height) * static_cast<size_t>(image.channels));
  const auto source = [](int32_t dst, int32_t dst_size, int32_t src_size, int32_t& lo, int32_t& hi, float& frac) {
    const float x = std::max((static_cast<float>(dst) + 0.5f) * static_cast<float>(src_size) / static_cast<float>(dst_size) - 0.5f, 0.0f);
    lo = std::min(static_cast<int32_t>(x), src_size - 1);
    hi = std::min(lo + 1, src_size - 1);
    frac = x - static_cast<float>(lo);
  };
  const size_t c = static_cast<size_t>(image.channels);
  for (int32_t y = 0; y < height; ++y) {
    int32_t y0, y1;
    float fy;
    source(y, height, image.height, y0, y1, fy);
    for (int32_t x = 0; x < width; ++x) {
      int32_t x0, x1;
      float fx;
      source(x, width, image.width, x0, x1, fx);
      const auto at = [&](int32_t yy, int32_t xx, size_t k) {
        return image.pixels[(static_cast<size_t>(yy) * static_cast<size_t>(image.width) + static_cast<size_t>(xx)) * c + k];
      };
      for (size_t k = 0; k < c; ++k) {
        const float top = at(y0, x0, k) + (at(y0, x1, k) - at(y0, x0, k)) * fx;
        const float bottom = at(y1, x0, k) + (at(y1, x1, k) - at(y1, x0, k)) * fx;
        out.pixels[(static_cast<size_t>(y) * static_cast<size_t>(width) + static_cast<size_t>(x)) * c + k] = top + (bottom - top) * fy;
      }
    }
  }
  return out;
}

}  // namespace mcuforge::data
