/* SPDX-License-Identifier: Apache-2.0 */
/* RV32 startup of `mcuforge verify` images: gp, sp, .data copy, .bss clear, main(), and main's
 * return value as QEMU's exit status (semihosting, in mf_rv_exit). */
    .section .text.start, "ax"
    .globl _start
_start:
    .option push
    .option norelax
    la   gp, __global_pointer$
    .option pop
    la   sp, __stack_top
    la   tp, __tls_base
    la   a0, __data_load
    la   a1, __data_start
    la   a2, __data_end
1:  bgeu a1, a2, 2f
    lw   t0, 0(a0)
    sw   t0, 0(a1)
    addi a0, a0, 4
    addi a1, a1, 4
    j    1b
2:  la   a0, __bss_start
    la   a1, __bss_end
3:  bgeu a0, a1, 4f
    sw   zero, 0(a0)
    addi a0, a0, 4
    j    3b
4:  la   t0, mf_trap
    csrw mtvec, t0
    call main
    call mf_rv_exit
5:  j    5b

/* Any trap (illegal instruction, misaligned or bad access) ends the run with status 126. */
    .balign 4
mf_trap:
    li   a0, 126
    call mf_rv_exit
6:  j    6b

/* Semihosting trap: uintptr_t mf_sh_trap(uintptr_t op, uintptr_t arg). QEMU recognises it only as
 * these three uncompressed instructions within one page; the 16-byte alignment guarantees that. */
    .section .text.mf_sh_trap, "ax"
    .globl mf_sh_trap
    .p2align 4
    .option push
    .option norvc
    .option norelax
mf_sh_trap:
    slli x0, x0, 0x1f
    ebreak
    srai x0, x0, 7
    ret
    .option pop
