// SPDX-License-Identifier: Apache-2.0
// How far below its input a sliding-window kernel's output must start so that it can share the
// input's memory (TinyEngine-style in-place convolution, computed exactly instead of guessed).
//
// The reference kernels (conv, depthwise, pooling) visit output elements in memory order (batch,
// row, column, channel), read everything an element needs before writing it, and read input only
// from the element's window. Output element e, written at out + e*os, must not hit any input byte a
// later element still reads; later reads start no lower than R(e) = min over e' > e of first_read(e').
// So out may sit D bytes below in with D = max_e ((e + 1) * os - R(e) * is).
#pragma once

#include <cstdint>

#include "mcuforge/mf_types.h"

namespace mcuforge::ops {

struct WindowAccess {
  mf_dims4 in{}, out{};
  int32_t filter_h = 1, filter_w = 1;
  int32_t stride_h = 1, stride_w = 1;
  int32_t dilation_h = 1, dilation_w = 1;
  int32_t pad_h = 0, pad_w = 0;
  int64_t in_elem_bytes = 1, out_elem_bytes = 1;
  // Input channel the window of output channel oc starts at: conv reads channels
  // [group(oc) * group_in_channels, ...); depthwise and pooling read channel oc / depth_multiplier.
  bool depthwise = false;
  int32_t depth_multiplier = 1;
  int32_t group_in_channels = 0;   // conv: the filter's input channels
  int32_t group_out_channels = 0;  // conv: output channels per group
};

// A WindowAccess with the window geometry filled in and the same element size on both sides; the
// channel mapping (depthwise / groups) is left to the caller.
WindowAccess make_window_access(const mf_dims4& in, const mf_dims4& out, int32_t filter_h, int32_t filter_w,
                                int32_t stride_h, int32_t stride_w, int32_t dilation_h, int32_t dilation_w,
                                int32_t pad_h, int32_t pad_w, int64_t elem_bytes);

// Smallest safe distance in bytes (>= 0).
int64_t window_overlap_distance(const WindowAccess& a);

}  // namespace mcuforge::ops
