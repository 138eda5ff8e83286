// SPDX-License-Identifier: Apache-2.0
#include "ops/window_overlap.h"

#include <algorithm>
#include <limits>
#include <vector>

namespace mcuforge::ops {
namespace {

// First tap index k with origin + k * dilation >= 0, or -1 if no tap lands inside [0, size).
int64_t first_inside(int64_t origin, int32_t dilation, int32_t size, int32_t taps) {
  int64_t k = origin < 0 ? (-origin + dilation - 1) / dilation : 0;
  if (k >= taps || origin + k * dilation >= size) return -1;
  return origin + k * dilation;
}

}  // namespace

WindowAccess make_window_access(const mf_dims4& in, const mf_dims4& out, int32_t filter_h, int32_t filter_w,
                                int32_t stride_h, int32_t stride_w, int32_t dilation_h, int32_t dilation_w,
                                int32_t pad_h, int32_t pad_w, int64_t elem_bytes) {
  WindowAccess a;
  a.in = in;
  a.out = out;
  a.filter_h = filter_h;
  a.filter_w = filter_w;
  a.stride_h = stride_h;
  a.stride_w = stride_w;
  a.dilation_h = dilation_h;
  a.dilation_w = dilation_w;
  a.pad_h = pad_h;
  a.pad_w = pad_w;
  a.in_elem_bytes = a.out_elem_bytes = elem_bytes;
  return a;
}

int64_t window_overlap_distance(const WindowAccess& a) {
  constexpr int64_t kNone = std::numeric_limits<int64_t>::max();
  const int64_t n = int64_t{a.out.n} * a.out.h * a.out.w * a.out.c;
  // first_read of every output element, in write order (kNone for windows entirely in padding).
  std::vector<int64_t> first(static_cast<size_t>(n));
  size_t e = 0;
  for (int32_t b = 0; b < a.out.n; ++b) {
    for (int32_t oy = 0; oy < a.out.h; ++oy) {
      const int64_t iy = first_inside(int64_t{oy} * a.stride_h - a.pad_h, a.dilation_h, a.in.h, a.filter_h);
      for (int32_t ox = 0; ox < a.out.w; ++ox) {
        const int64_t ix = first_inside(int64_t{ox} * a.stride_w - a.pad_w, a.dilation_w, a.in.w, a.filter_w);
        const int64_t pixel = iy < 0 || ix < 0 ? -1 : ((int64_t{b} * a.in.h + iy) * a.in.w + ix) * a.in.c;
        for (int32_t oc = 0; oc < a.out.c; ++oc, ++e) {
          int64_t channel = 0;
          if (a.depthwise) channel = oc / std::max(a.depth_multiplier, 1);
          else if (a.group_out_channels > 0) channel = int64_t{oc / a.group_out_channels} * a.group_in_channels;
          first[e] = pixel < 0 ? kNone : (pixel + channel) * a.in_elem_bytes;
        }
      }
    }
  }
  int64_t distance = 0;
  int64_t later_min = kNone;  // R(e): lowest byte read after element e
  for (int64_t i = n - 1; i >= 0; --i) {
    if (later_min != kNone) distance = std::max(distance, (i + 1) * a.out_elem_bytes - later_min);
    later_min = std::min(later_min, first[static_cast<size_t>(i)]);
  }
  return distance;
}

}  // namespace mcuforge::ops
