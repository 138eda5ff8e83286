/* SPDX-License-Identifier: Apache-2.0 */
/* Exit of RISC-V `mcuforge verify` images (called from mf_start_rv.S). */
#include "mf_semihost.h"

void mf_rv_exit(int status);
void mf_rv_exit(int status) {
  if (status == 126) mf_sh_puts("MFV fault\n");
  mf_sh_exit(status);
}
