/* SPDX-License-Identifier: Apache-2.0 */
/* Cortex-M startup for `mcuforge verify` images: vector table, FPU/MVE enable, .data copy from flash,
 * .bss clear, main(), and main's return value as QEMU's exit status (semihosting). A fault exits
 * with 126, an unexpected interrupt with 125. Compiled with -fno-tree-loop-distribute-patterns so the
 * copy loops stay loops. */
#include <stdint.h>

#include "mf_semihost.h"

extern uint32_t __data_load[], __data_start[], __data_end[];
extern uint32_t __bss_start[], __bss_end[];
extern uint32_t __stack_top[];
int main(void);

void Reset_Handler(void);
static void Fault_Handler(void);
static void Default_Handler(void);

__attribute__((section(".vectors"), used)) void (*const mf_vector_table[16])(void) = {
    (void (*)(void))__stack_top, /* initial MSP */
    Reset_Handler,
    Default_Handler, /* NMI */
    Fault_Handler,   /* HardFault */
    Fault_Handler,   /* MemManage */
    Fault_Handler,   /* BusFault */
    Fault_Handler,   /* UsageFault */
    Fault_Handler,   /* SecureFault (v8-M) */
    0,
    0,
    0,
    Default_Handler, /* SVCall */
    Default_Handler, /* DebugMon */
    0,
    Default_Handler, /* PendSV */
    Default_Handler, /* SysTick */
};

void Reset_Handler(void) {
#if defined(__ARM_FP) || defined(__ARM_FEATURE_MVE)
  /* CPACR: CP10/CP11 full access. First thing: the compiler may use FP/MVE registers below. */
  *(volatile uint32_t*)0xE000ED88 |= 0xFu << 20;
  __asm__ volatile("dsb\n isb" ::: "memory");
#endif
  uint32_t *src = __data_load, *dst = __data_start;
  while (dst < __data_end) *dst++ = *src++;
  for (dst = __bss_start; dst < __bss_end;) *dst++ = 0;
  mf_sh_exit(main());
}

static void Fault_Handler(void) {
  mf_sh_puts("MFV fault\n");
  mf_sh_exit(126);
}

static void Default_Handler(void) {
  mf_sh_puts("MFV unexpected interrupt\n");
  mf_sh_exit(125);
}
