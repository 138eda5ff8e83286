// SPDX-License-Identifier: Apache-2.0
// libFuzzer target for the .npy reader (`run`, `verify` and `deploy` read user inputs with it): any
// bytes must give an array whose data size matches its dtype and shape, or one mcuforge::Error.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <vector>

#include "diagnostics/error.h"
#include "data/npy.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::vector<uint8_t> bytes(data, data + size);
  try {
    const mcuforge::data::NpyArray a = mcuforge::data::parse_npy(bytes, "fuzz.npy");
    size_t count = 1;
    for (int64_t d : a.shape) count *= static_cast<size_t>(d);
    if (a.data.size() != count * mcuforge::ir::dtype_size(a.dtype)) std::abort();
  } catch (const mcuforge::Error&) {
  }
  return 0;
}
