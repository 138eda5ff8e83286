/* SPDX-License-Identifier: Apache-2.0 */
/* Precondition check shared by the FULLY_CONNECTED kernels. */
#ifndef MCUFORGE_INTERNAL_MF_FC_CHECK_H
#define MCUFORGE_INTERNAL_MF_FC_CHECK_H

#include "mcuforge/mf_fully_connected.h"
#include "mf_conv_check.h"

/* Positive dims whose input, filter and output element counts fit int32 indexing. */
MF_INLINE int mf_fc_dims_valid(const mf_fully_connected_params* p, const mf_fc_dims* d) {
  if (p == NULL || d == NULL || d->batches <= 0 || d->accum_depth <= 0 || d->output_depth <= 0) {
    return 0;
  }
  return (int64_t)d->batches * d->accum_depth <= INT32_MAX &&
         (int64_t)d->output_depth * d->accum_depth <= INT32_MAX &&
         (int64_t)d->batches * d->output_depth <= INT32_MAX;
}

#endif /* MCUFORGE_INTERNAL_MF_FC_CHECK_H */
