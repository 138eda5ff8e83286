// SPDX-License-Identifier: Apache-2.0
// The one error type the compiler raises on bad user input: what is wrong and what to do about it.
// The CLI prints it as a single message and exits with code 2; nothing aborts on user input.
#pragma once

#include <stdexcept>
#include <string>
#include <utility>

namespace mcuforge {

class Error : public std::runtime_error {
 public:
  Error(std::string what, std::string hint = {})
      : std::runtime_error(std::move(what)), hint_(std::move(hint)) {}
  const std::string& hint() const { return hint_; }

 private:
  std::string hint_;
};

}  // namespace mcuforge
