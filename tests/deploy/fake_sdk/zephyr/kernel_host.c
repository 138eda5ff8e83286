/* The kernel calls on the host: printk = vprintf, a 100 MHz cycle counter and 10 kHz ticks from
 * CLOCK_MONOTONIC. main() is the application's. */
#define _POSIX_C_SOURCE 199309L
#include <stdarg.h>
#include <stdio.h>
#include <time.h>
#include <zephyr/kernel.h>

static uint64_t nanos(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

void printk(const char* fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vprintf(fmt, ap);
  va_end(ap);
}

uint32_t k_cycle_get_32(void) { return (uint32_t)(nanos() / 10u); }
int sys_clock_hw_cycles_per_sec(void) { return 100000000; }
int64_t k_uptime_ticks(void) { return (int64_t)(nanos() / 100000u); }
uint64_t k_ticks_to_us_floor64(uint64_t t) { return t * 100u; }
