/* esp_timer on the host: CLOCK_MONOTONIC in microseconds. */
#define _POSIX_C_SOURCE 199309L
#include <time.h>

#include "esp_timer.h"

int64_t esp_timer_get_time(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}
