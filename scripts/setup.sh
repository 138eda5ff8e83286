#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Installs everything mcuforge's build, demo and tests need on a Debian machine (apt + pip).
# Idempotent and quick when everything is already there. Runs as root (CI) or through sudo.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(cmake ninja-build g++ clang libclang-rt-14-dev libflatbuffers-dev flatbuffers-compiler
              libcli11-dev nlohmann-json3-dev libfmt-dev libgtest-dev libssl-dev python3 python3-pip
              libyaml-cpp-dev python3-yaml python3-jsonschema gcc-riscv64-unknown-elf picolibc-riscv64-unknown-elf
              libzip-dev libstb-dev pkg-config)

# `mcuforge verify` (tests/verify, bench/verify_bench.py): cross compilers with their C libraries and QEMU
# for Cortex-M and RV32 (../shared/docs/mcu-emulation.md). The instruction-counting QEMU plugin is built
# from the project's own source with the host compiler.
APT_PACKAGES+=(gcc-arm-none-eabi libnewlib-arm-none-eabi binutils-arm-none-eabi
               gcc-riscv64-unknown-elf binutils-riscv64-unknown-elf picolibc-riscv64-unknown-elf
               qemu-system-arm qemu-system-misc)

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

PY=${PYTHON:-python3}
if ! $PY -c "import tflite_micro, numpy, pytest" >/dev/null 2>&1; then
  echo "setup: installing Python test oracles (tests/oracle/requirements.txt)"
  $PY -m pip install -q --disable-pip-version-check -r tests/oracle/requirements.txt
fi
# --tests: also TensorFlow, which some tests use to build models on the fly.
if [ "${1:-}" = "--tests" ] && ! $PY -c "import tensorflow" >/dev/null 2>&1; then
  echo "setup: installing TensorFlow for the tests (tests/requirements-tf.txt)"
  $PY -m pip install -q --disable-pip-version-check -r tests/requirements-tf.txt
fi
