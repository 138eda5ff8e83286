/* SPDX-License-Identifier: Apache-2.0 */
/* Bare-metal driver of a `mcuforge verify` image. The generated model uses the prefix `mfv`;
 * mfv_testdata.c (generated) holds the input bytes in the section .mfv_testdata.
 *
 * Protocol on the semihosting console, one line each:
 *   MFV status <invoke status>
 *   MFV stack <peak stack bytes over main>
 *   MFV out <k> <size>           followed by lines of at most 64 bytes as hex
 *   MFV end
 * The exit status is 0 when the invoke returned 0. */
#include <stdint.h>
#include <string.h>

#include "mf_semihost.h"
#include "mfv_model.h"

extern const unsigned char* const mfv_test_inputs[];
extern uint32_t __stack_limit[];
extern uint32_t __stack_top[];

#define MFV_PAINT 0xC5A5C5A5u

/* The instruction-count window: from the first instruction of mf_bench_begin to the first of
 * mf_bench_end. noipa keeps GCC from inlining or merging the two (identical code would be folded). */
volatile uint32_t mf_bench_phase;
__attribute__((noinline, noipa)) void mf_bench_begin(void) { mf_bench_phase = 1u; }
__attribute__((noinline, noipa)) void mf_bench_end(void) { mf_bench_phase = 2u; }

static uintptr_t current_sp(void) {
  uintptr_t sp;
#if defined(__arm__)
  __asm__ volatile("mov %0, sp" : "=r"(sp));
#else
  __asm__ volatile("mv %0, sp" : "=r"(sp));
#endif
  return sp;
}

/* Fills the unused stack (between the end of .bss and a little below the current frame) with a
 * pattern; the lowest overwritten word after the run is the stack's high-water mark. */
__attribute__((noinline)) static void paint_stack(void) {
  volatile uint32_t* p = __stack_limit;
  volatile uint32_t* stop = (volatile uint32_t*)((current_sp() - 256u) & ~(uintptr_t)3u);
  while (p < stop) *p++ = MFV_PAINT;
}

static uint32_t stack_peak(void) {
  const volatile uint32_t* p = __stack_limit;
  while (p < (const volatile uint32_t*)__stack_top && *p == MFV_PAINT) ++p;
  return (uint32_t)((uintptr_t)__stack_top - (uintptr_t)p);
}

static char* put_dec(char* s, uint32_t v) {
  char tmp[12];
  int n = 0;
  do {
    tmp[n++] = (char)('0' + v % 10u);
    v /= 10u;
  } while (v);
  while (n) *s++ = tmp[--n];
  return s;
}

static char* put_str(char* s, const char* t) {
  while (*t) *s++ = *t++;
  return s;
}

static void print_line2(const char* what, uint32_t a, int with_b, uint32_t b) {
  char buf[64];
  char* s = put_str(buf, "MFV ");
  s = put_str(s, what);
  *s++ = ' ';
  s = put_dec(s, a);
  if (with_b) {
    *s++ = ' ';
    s = put_dec(s, b);
  }
  *s++ = '\n';
  *s = 0;
  mf_sh_puts(buf);
}

static void print_bytes(const unsigned char* p, size_t n) {
  static const char hex[] = "0123456789abcdef";
  char buf[2 * 64 + 2];
  while (n) {
    size_t chunk = n < 64u ? n : 64u, i;
    for (i = 0; i < chunk; ++i) {
      buf[2 * i] = hex[p[i] >> 4];
      buf[2 * i + 1] = hex[p[i] & 15u];
    }
    buf[2 * chunk] = '\n';
    buf[2 * chunk + 1] = 0;
    mf_sh_puts(buf);
    p += chunk;
    n -= chunk;
  }
}

int main(void) {
  int k, status;
  for (k = 0; k < MFV_NUM_INPUTS; ++k) memcpy(mfv_input(k), mfv_test_inputs[k], mfv_input_size(k));
  paint_stack();
  mf_bench_begin();
  status = mfv_invoke();
  mf_bench_end();
  print_line2("status", (uint32_t)status, 0, 0);
  print_line2("stack", stack_peak(), 0, 0);
  for (k = 0; k < MFV_NUM_OUTPUTS; ++k) {
    print_line2("out", (uint32_t)k, 1, (uint32_t)mfv_output_size(k));
    print_bytes((const unsigned char*)mfv_output(k), mfv_output_size(k));
  }
  mf_sh_puts("MFV end\n");
  return status == 0 ? 0 : 1;
}
