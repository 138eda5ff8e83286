// The Arduino calls on the host: Serial = stdout, micros() from CLOCK_MONOTONIC, and a main() that
// runs setup() and one loop(), as the core does.
#include <stdio.h>
#include <time.h>

#include "Arduino.h"

HardwareSerialStub Serial;
void HardwareSerialStub::begin(unsigned long) {}
size_t HardwareSerialStub::print(const char* text) { return (size_t)fputs(text, stdout); }
HardwareSerialStub::operator bool() const { return true; }

static unsigned long long nanos() {
  timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (unsigned long long)ts.tv_sec * 1000000000ull + (unsigned long long)ts.tv_nsec;
}
unsigned long micros(void) { return (unsigned long)(nanos() / 1000u); }
unsigned long millis(void) { return (unsigned long)(nanos() / 1000000u); }
void delay(unsigned long) {}

void setup();
void loop();

int main() {
  setup();
  loop();
  return 0;
}
