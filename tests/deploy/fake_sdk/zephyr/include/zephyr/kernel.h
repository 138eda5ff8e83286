/* Stand-in for Zephyr's <zephyr/kernel.h>: the calls the generated main makes, with Zephyr's types. */
#pragma once
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

void printk(const char* fmt, ...) __attribute__((format(printf, 1, 2)));
uint32_t k_cycle_get_32(void);
int sys_clock_hw_cycles_per_sec(void);
int64_t k_uptime_ticks(void);
uint64_t k_ticks_to_us_floor64(uint64_t t);

#ifdef __cplusplus
}
#endif
