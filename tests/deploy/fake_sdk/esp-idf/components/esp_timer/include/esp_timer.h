/* Stand-in for ESP-IDF's esp_timer.h: the calls the generated main makes, with IDF's types. */
#pragma once
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

int64_t esp_timer_get_time(void); /* microseconds since boot */

#ifdef __cplusplus
}
#endif
