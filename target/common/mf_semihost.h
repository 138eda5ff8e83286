/* SPDX-License-Identifier: Apache-2.0 */
/* Semihosting client for `mcuforge verify` images: text output to the host and the program's exit
 * status as QEMU's exit status. Arm M-profile (bkpt 0xAB) and RISC-V (the uncompressed
 * slli/ebreak/srai sequence, in mf_start_rv.S). No libc. */
#ifndef MF_SEMIHOST_H
#define MF_SEMIHOST_H

#include <stdint.h>

#define MF_SH_SYS_WRITE0 0x04
#define MF_SH_SYS_EXIT_EXTENDED 0x20
#define MF_SH_APPLICATION_EXIT 0x20026

static inline uintptr_t mf_sh_call(uintptr_t op, uintptr_t arg) {
#if defined(__arm__)
  register uintptr_t r0 __asm__("r0") = op;
  register uintptr_t r1 __asm__("r1") = arg;
  __asm__ volatile("bkpt 0xAB" : "+r"(r0) : "r"(r1) : "memory");
  return r0;
#elif defined(__riscv)
  /* The trap sequence lives in mf_start_rv.S (mf_sh_trap), aligned so that it never crosses a page:
   * inline `.balign` inside `.option norvc` trips the linker's relaxation of compressed code. */
  extern uintptr_t mf_sh_trap(uintptr_t op, uintptr_t arg);
  return mf_sh_trap(op, arg);
#else
#error "mf_semihost.h: unsupported target"
#endif
}

static inline void mf_sh_puts(const char* s) { mf_sh_call(MF_SH_SYS_WRITE0, (uintptr_t)s); }

/* SYS_EXIT_EXTENDED: plain SYS_EXIT cannot carry a status on 32-bit targets. */
static inline __attribute__((noreturn)) void mf_sh_exit(int status) {
  volatile uintptr_t block[2];
  block[0] = MF_SH_APPLICATION_EXIT;
  block[1] = (uintptr_t)status;
  mf_sh_call(MF_SH_SYS_EXIT_EXTENDED, (uintptr_t)block);
  for (;;) {
  }
}

#endif /* MF_SEMIHOST_H */
