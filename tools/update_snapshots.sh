#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Regenerates the codegen snapshots in tests/codegen/snapshots/ from the current compiler.
# Review the diff: a pure refactor must leave it empty.
set -euo pipefail
cd "$(dirname "$0")/.."
MCUFORGE=${MCUFORGE:-build/host-release/cli/mcuforge}
for model in examples/gesture/gesture_int8.tflite; do
  name=$(basename "$model" .tflite)
  out=tests/codegen/snapshots/$name
  rm -rf "$out"
  "$MCUFORGE" compile "$model" -o "$out" --name "$name" >/dev/null
  # The runtime files are the runtime's own sources; the snapshot covers what the compiler writes.
  rm -rf "$out/mcuforge"
  echo "updated $out"
done
