#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Builds the `fuzz` preset and fuzzes the TFLite reader (+ op prepare + executor) for SECONDS (default 60),
# seeded with the corpus models and the saved regressions. Exits non-zero on any crash, leak, sanitizer
# report, timeout or out-of-memory; the reproducer is left in build/fuzz/artifacts/.
# Usage: tests/fuzz/run_fuzz.sh [SECONDS] [extra libFuzzer flags...]
set -euo pipefail

SECONDS_TO_RUN="${1:-60}"
shift || true
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
SHARED="${MF_SHARED_DIR:-$ROOT/../shared}"
BUILD="$ROOT/build/fuzz"
JOBS="${MF_JOBS:-2}"

cd "$ROOT"
cmake --preset fuzz >/dev/null
cmake --build --preset fuzz --target fuzz_tflite_reader -j"$JOBS"

CORPUS="$BUILD/fuzz_corpus"      # grows across runs (libFuzzer writes new inputs here)
ARTIFACTS="$BUILD/artifacts"
mkdir -p "$CORPUS" "$ARTIFACTS"
SEEDS=()
[ -d "$SHARED/corpus/models" ] && SEEDS+=("$SHARED/corpus/models")
[ -d "$ROOT/tests/fuzz/regressions" ] && SEEDS+=("$ROOT/tests/fuzz/regressions")

# The regressions first, one by one: a fixed bug must stay fixed.
if compgen -G "$ROOT/tests/fuzz/regressions/*" >/dev/null; then
  "$BUILD/tests/fuzz/fuzz_tflite_reader" -rss_limit_mb=2048 -malloc_limit_mb=512 -timeout=30 \
    "$ROOT"/tests/fuzz/regressions/*
fi

# Seed files up to the largest corpus model are allowed (the default max_len would be 4 KiB).
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:allocator_may_return_null=0}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
exec "$BUILD/tests/fuzz/fuzz_tflite_reader" \
  -max_total_time="$SECONDS_TO_RUN" -rss_limit_mb=2048 -malloc_limit_mb=512 -timeout=30 \
  -max_len=3000000 -print_final_stats=1 \
  -artifact_prefix="$ARTIFACTS/" "$@" "$CORPUS" "${SEEDS[@]}"
