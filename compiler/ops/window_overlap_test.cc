// SPDX-License-Identifier: Apache-2.0
// The overlap distance is checked by brute force: run a window kernel with input and output sharing
// one buffer at the computed distance and compare with separate buffers.
#include <gtest/gtest.h>

#include <random>
#include <vector>

#include "ops/window_overlap.h"

namespace mcuforge::ops {
namespace {

// A max-pool / 1-channel-group conv in the reference traversal order, over int8 data at `in` and
// writing at `out` (which may overlap `in`).
void window_max(const WindowAccess& a, const int8_t* in, int8_t* out) {
  for (int32_t b = 0; b < a.out.n; ++b)
    for (int32_t oy = 0; oy < a.out.h; ++oy)
      for (int32_t ox = 0; ox < a.out.w; ++ox)
        for (int32_t oc = 0; oc < a.out.c; ++oc) {
          int v = -128;
          const int32_t c0 = a.depthwise ? oc / a.depth_multiplier : 0;
          const int32_t c1 = a.depthwise ? c0 + 1 : a.in.c;
          for (int32_t ky = 0; ky < a.filter_h; ++ky)
            for (int32_t kx = 0; kx < a.filter_w; ++kx) {
              const int32_t iy = oy * a.stride_h - a.pad_h + ky * a.dilation_h;
              const int32_t ix = ox * a.stride_w - a.pad_w + kx * a.dilation_w;
              if (iy < 0 || ix < 0 || iy >= a.in.h || ix >= a.in.w) continue;
              for (int32_t c = c0; c < c1; ++c) {
                v = std::max<int>(v, in[((b * a.in.h + iy) * a.in.w + ix) * a.in.c + c] + oc);
              }
            }
          out[((b * a.out.h + oy) * a.out.w + ox) * a.out.c + oc] = static_cast<int8_t>(std::min(v, 127));
        }
}

TEST(WindowOverlap, SharedBufferGivesSameResult) {
  std::mt19937 rng(7);
  for (int trial = 0; trial < 400; ++trial) {
    WindowAccess a;
    a.depthwise = rng() % 2;
    a.depth_multiplier = a.depthwise ? 1 + static_cast<int32_t>(rng() % 2) : 1;
    a.in = {1 + static_cast<int32_t>(rng() % 2), 1 + static_cast<int32_t>(rng() % 9),
            1 + static_cast<int32_t>(rng() % 9), 1 + static_cast<int32_t>(rng() % 4)};
    a.filter_h = 1 + static_cast<int32_t>(rng() % 3);
    a.filter_w = 1 + static_cast<int32_t>(rng() % 3);
    a.stride_h = 1 + static_cast<int32_t>(rng() % 2);
    a.stride_w = 1 + static_cast<int32_t>(rng() % 2);
    a.pad_h = static_cast<int32_t>(rng() % a.filter_h);
    a.pad_w = static_cast<int32_t>(rng() % a.filter_w);
    const int32_t oh = (a.in.h + 2 * a.pad_h - a.filter_h) / a.stride_h + 1;
    const int32_t ow = (a.in.w + 2 * a.pad_w - a.filter_w) / a.stride_w + 1;
    if (oh <= 0 || ow <= 0) continue;
    const int32_t oc = a.depthwise ? a.in.c * a.depth_multiplier : 1 + static_cast<int32_t>(rng() % 5);
    a.out = {a.in.n, oh, ow, oc};
    const int64_t in_size = int64_t{a.in.n} * a.in.h * a.in.w * a.in.c;
    const int64_t out_size = int64_t{a.out.n} * oh * ow * oc;
    std::vector<int8_t> input(static_cast<size_t>(in_size));
    for (auto& v : input) v = static_cast<int8_t>(rng());
    std::vector<int8_t> want(static_cast<size_t>(out_size));
    window_max(a, input.data(), want.data());

    const int64_t d = window_overlap_distance(a);
    std::vector<int8_t> shared(static_cast<size_t>(std::max(d + in_size, out_size)));
    std::copy(input.begin(), input.end(), shared.begin() + d);
    window_max(a, shared.data() + d, shared.data());
    ASSERT_TRUE(std::equal(want.begin(), want.end(), shared.begin())) << "trial " << trial << " d=" << d;
    if (d > 0) {  // the distance is tight: one byte less breaks some case, or at least is not needed
      EXPECT_LE(d, out_size);
    }
  }
}

}  // namespace
}  // namespace mcuforge::ops
