// Stand-in for an Arduino core's Arduino.h: the calls the generated sketch makes, with the cores' types.
#pragma once
#include <stddef.h>
#include <stdint.h>

class HardwareSerialStub {
 public:
  void begin(unsigned long baud);
  size_t print(const char* text);
  explicit operator bool() const;
};
extern HardwareSerialStub Serial;

unsigned long micros(void);
unsigned long millis(void);
void delay(unsigned long ms);
