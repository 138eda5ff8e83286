# SPDX-License-Identifier: Apache-2.0
# The two commands of the README: `make demo` (build + run the bundled example) and `make test`
# (build + every test). Both install their own dependencies first (scripts/setup.sh).
.PHONY: all setup build demo test test-fast fuzz asan asan-build asan-test clean bench-verify

BUILD := build/host-release
MCUFORGE := $(BUILD)/cli/mcuforge
EXAMPLE := examples/gesture/gesture_int8.tflite
FUZZ_SECONDS ?= 60
DEMO_BOARD ?= nucleo-f446re

all: build

setup:
	@bash scripts/setup.sh

build: setup
	@cmake --preset host-release >/dev/null
	@cmake --build --preset host-release

demo: build
	@bash scripts/demo.sh $(MCUFORGE) $(DEMO_BOARD)

# The sanitizer build (unit tests and fuzzers in one clang build) first, the main suite last: its ctest
# summary closes the output.
test: build
	@bash scripts/setup.sh --tests
	@$(MAKE) --no-print-directory asan-build
	@MF_FUZZ_PRESET=asan-ubsan bash tests/fuzz/run_fuzz.sh $(FUZZ_SECONDS)
	@$(MAKE) --no-print-directory asan-test
	@ctest --preset host-release -j2

test-fast: build
	@ctest --preset host-release

fuzz: setup
	@bash tests/fuzz/run_fuzz.sh $(FUZZ_SECONDS)

asan: asan-build asan-test

asan-build: setup
	@cmake --preset asan-ubsan >/dev/null
	@cmake --build --preset asan-ubsan

asan-test:
	@ctest --preset asan-ubsan -j2 -LE "oracle|verify|codegen|export|boards|examples"

# Instructions, flash and RAM on an emulated Cortex-M4F next to TFLM's figures (docs/verify.md).
bench-verify: build
	@MCUFORGE=$(MCUFORGE) python3 bench/verify_bench.py

clean:
	rm -rf build
