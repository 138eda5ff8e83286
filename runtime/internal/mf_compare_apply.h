/* SPDX-License-Identifier: Apache-2.0 */
/* The comparison of one element pair for the mf_compare_* kernels (mcuforge/mf_compare.h). A macro
 * rather than a function so that each kernel compares in its own type (float, int32, int64). */
#ifndef MCUFORGE_INTERNAL_MF_COMPARE_APPLY_H
#define MCUFORGE_INTERNAL_MF_COMPARE_APPLY_H

#include "mcuforge/mf_compare.h"

#define MF_COMPARE_APPLY(op, x, y)                        \
  ((op) == MF_COMPARE_EQUAL           ? (x) == (y)        \
   : (op) == MF_COMPARE_NOT_EQUAL     ? (x) != (y)        \
   : (op) == MF_COMPARE_GREATER       ? (x) > (y)         \
   : (op) == MF_COMPARE_GREATER_EQUAL ? (x) >= (y)        \
   : (op) == MF_COMPARE_LESS          ? (x) < (y)         \
                                      : (x) <= (y))

#define MF_COMPARE_OP_VALID(op) ((op) >= MF_COMPARE_EQUAL && (op) <= MF_COMPARE_LESS_EQUAL)

#endif /* MCUFORGE_INTERNAL_MF_COMPARE_APPLY_H */
