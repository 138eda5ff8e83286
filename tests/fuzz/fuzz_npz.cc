// SPDX-License-Identifier: Apache-2.0
// libFuzzer target for the .npz reader (datasets of `quantize`, libzip underneath): any bytes must give
// arrays whose data size matches their dtype and shape, or one mcuforge::Error.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <vector>

#include "data/npz.h"
#include "diagnostics/error.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::vector<uint8_t> bytes(data, data + size);
  try {
    for (const mcuforge::data::NpzMember& m : mcuforge::data::parse_npz(bytes, "fuzz.npz")) {
      size_t count = 1;
      for (int64_t d : m.array.shape) count *= static_cast<size_t>(d);
      if (m.array.data.size() != count * mcuforge::ir::dtype_size(m.array.dtype)) std::abort();
    }
  } catch (const mcuforge::Error&) {
  }
  return 0;
}
