/* SPDX-License-Identifier: Apache-2.0 */
/* mf_copy: see mcuforge/mf_copy.h. */
#include "mcuforge/mf_copy.h"

#include <string.h>

mf_status mf_copy(size_t bytes, const void* input, void* output) {
  if (input != output && bytes > 0) {
    memcpy(output, input, bytes);
  }
  return MF_STATUS_OK;
}
