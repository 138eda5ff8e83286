#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Builds the fuzz targets (`fuzz` preset, or MF_FUZZ_PRESET) and fuzzes the TFLite reader (+ constant folding, op prepare, executor) for
# SECONDS (default 60), seeded with the corpus models, small crafted models (seeds/) and the saved
# regressions. Exits non-zero on any crash, leak, sanitizer report, timeout or out-of-memory; the
# reproducer is left in build/fuzz/artifacts/ (copy it to tests/fuzz/regressions/ once understood).
# Then the .npy reader for NPY_SECONDS (default 10), the .npz reader and image decoding of datasets for
# DATA_SECONDS each (default 10).
# Usage: tests/fuzz/run_fuzz.sh [SECONDS] [extra libFuzzer flags...]
set -euo pipefail

SECONDS_TO_RUN="${1:-60}"
shift || true
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
SHARED="${MF_SHARED_DIR:-$ROOT/../shared}"
# The build: the `fuzz` preset (fuzzers only) by default; `make test` passes MF_FUZZ_PRESET=asan-ubsan,
# whose one sanitizer build also runs the unit tests.
PRESET="${MF_FUZZ_PRESET:-fuzz}"
BUILD="$ROOT/build/$PRESET"
JOBS="${MF_JOBS:-2}"

cd "$ROOT"
cmake --preset "$PRESET" >/dev/null
cmake --build --preset "$PRESET" --target fuzz_tflite_reader fuzz_npy fuzz_npz fuzz_image -j"$JOBS"

ARTIFACTS="$BUILD/artifacts"
FUZZER="$BUILD/tests/fuzz/fuzz_tflite_reader"
mkdir -p "$ARTIFACTS"
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:allocator_may_return_null=0}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
LIMITS=(-rss_limit_mb=2048 -malloc_limit_mb=512 -timeout=30)

# The regressions first, one by one: a fixed bug must stay fixed.
if compgen -G "$ROOT/tests/fuzz/regressions/*" >/dev/null; then
  "$FUZZER" "${LIMITS[@]}" "$ROOT"/tests/fuzz/regressions/*
fi

# Two phases, half the time each (both corpora grow across runs):
#  small: crafted single-op models (tests/fuzz/seeds) and corpus models under 64 KiB, inputs up to
#         64 KiB: hundreds of executions per second, deep into op prepare and the kernels;
#  full:  every corpus model (up to 2.4 MB), for the reader on real-sized files.
SMALL="$BUILD/fuzz_corpus_small"
FULL="$BUILD/fuzz_corpus"
mkdir -p "$SMALL" "$FULL"
if [ -d "$SHARED/corpus/models" ]; then
  find "$SHARED/corpus/models" -name '*.tflite' -size -64k -exec cp -n {} "$SMALL"/ \;
fi
cp -n "$ROOT"/tests/fuzz/seeds/*.tflite "$SMALL"/ 2>/dev/null || true
FULL_SEEDS=("$ROOT/tests/fuzz/seeds")
[ -d "$SHARED/corpus/models" ] && FULL_SEEDS+=("$SHARED/corpus/models")

HALF=$(( (SECONDS_TO_RUN + 1) / 2 ))
"$FUZZER" "${LIMITS[@]}" -max_total_time="$HALF" -max_len=65536 -print_final_stats=1 \
  -artifact_prefix="$ARTIFACTS/" "$@" "$SMALL"
# Seed files up to the largest corpus model are allowed (the default max_len would be 4 KiB).
"$FUZZER" "${LIMITS[@]}" -max_total_time="$(( SECONDS_TO_RUN - HALF > 1 ? SECONDS_TO_RUN - HALF : 1 ))" \
  -max_len=3000000 -print_final_stats=1 -artifact_prefix="$ARTIFACTS/" "$@" "$FULL" "${FULL_SEEDS[@]}"

# The .npy reader (user inputs of run/verify/deploy): NPY_SECONDS more (default 10), seeded with the
# bundled example's input.
NPY_CORPUS="$BUILD/fuzz_corpus_npy"
mkdir -p "$NPY_CORPUS"
cp -n "$ROOT"/examples/gesture/sample_input.npy "$NPY_CORPUS"/ 2>/dev/null || true
"$BUILD/tests/fuzz/fuzz_npy" "${LIMITS[@]}" -max_total_time="${NPY_SECONDS:-10}" -max_len=4096 -print_final_stats=1 \
  -artifact_prefix="$ARTIFACTS/npy-" "$NPY_CORPUS"

# Dataset readers (compiler/data): .npz (libzip) and PNG/JPEG (stb_image), DATA_SECONDS each (default 10),
# seeded with tests/fuzz/seeds_data. The image target's first byte picks gray/RGB and resizing.
NPZ_CORPUS="$BUILD/fuzz_corpus_npz"
IMAGE_CORPUS="$BUILD/fuzz_corpus_image"
mkdir -p "$NPZ_CORPUS" "$IMAGE_CORPUS"
cp -n "$ROOT"/tests/fuzz/seeds_data/*.npz "$NPZ_CORPUS"/
for f in "$ROOT"/tests/fuzz/seeds_data/*.png "$ROOT"/tests/fuzz/seeds_data/*.jpg; do
  for mode in 0 1 2 3; do
    [ -e "$IMAGE_CORPUS/m$mode-$(basename "$f")" ] || { printf "\\x0$mode"; cat "$f"; } >"$IMAGE_CORPUS/m$mode-$(basename "$f")"
  done
done
"$BUILD/tests/fuzz/fuzz_npz" "${LIMITS[@]}" -max_total_time="${DATA_SECONDS:-10}" -max_len=4096 -print_final_stats=1 \
  -artifact_prefix="$ARTIFACTS/npz-" "$NPZ_CORPUS"
"$BUILD/tests/fuzz/fuzz_image" "${LIMITS[@]}" -max_total_time="${DATA_SECONDS:-10}" -max_len=4096 -print_final_stats=1 \
  -artifact_prefix="$ARTIFACTS/image-" "$IMAGE_CORPUS"
