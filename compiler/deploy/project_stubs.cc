// SPDX-License-Identifier: Apache-2.0
// Placeholders until the ESP-IDF, Arduino, PlatformIO and Zephyr writers land.
#include "deploy/project_writer.h"
#include "diagnostics/error.h"

namespace mcuforge::deploy {
ProjectFiles write_esp_idf(const Context&) { throw Error("esp-idf projects are not written yet", ""); }
ProjectFiles write_arduino(const Context&) { throw Error("arduino projects are not written yet", ""); }
ProjectFiles write_platformio(const Context&) { throw Error("platformio projects are not written yet", ""); }
ProjectFiles write_zephyr(const Context&) { throw Error("zephyr projects are not written yet", ""); }
}  // namespace mcuforge::deploy
