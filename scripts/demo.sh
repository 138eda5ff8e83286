#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# `make demo`: the whole mcuforge flow on the bundled example, with no hardware.
#   1. deploy examples/gesture/gesture_int8.tflite to a board (fit report, then a firmware project)
#   2. build that firmware with the board's cross compiler, exactly as the project's README says
#   3. run the image in QEMU and show its serial console (the firmware checks its own result)
#   4. mcuforge verify: bit-exact against the host reference, instructions per inference
#   5. a summary of the figures
# Usage: scripts/demo.sh MCUFORGE [BOARD]   (BOARD: an STM32F4 board; default nucleo-f446re)
set -euo pipefail
MCUFORGE=${1:?usage: demo.sh MCUFORGE [BOARD]}
BOARD=${2:-nucleo-f446re}
EXAMPLE=examples/gesture
MODEL=$EXAMPLE/gesture_int8.tflite
OUT=build/demo/gesture-$BOARD

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

step "1/4 mcuforge deploy $MODEL --board $BOARD -o $OUT"
"$MCUFORGE" deploy "$MODEL" --board "$BOARD" -o "$OUT" \
  --input $EXAMPLE/sample_input.npy --labels $EXAMPLE/labels.txt

step "2/4 build the firmware (cmake, arm-none-eabi-gcc; QEMU exit enabled)"
cmake -S "$OUT" -B "$OUT/build-qemu" -DMCUFORGE_QEMU_EXIT=ON >/dev/null
cmake --build "$OUT/build-qemu" 2>&1 | grep -E 'text|firmware.elf$|error|warning' || true
read -r text data bss _ < <(arm-none-eabi-size "$OUT/build-qemu/firmware.elf" | tail -1)

step "3/4 run it in QEMU (netduinoplus2: an STM32F405 with the same USART2), serial console:"
console=$(timeout 120 qemu-system-arm -M netduinoplus2 -display none -monitor none -serial null -serial stdio \
  -semihosting-config enable=on,target=native -kernel "$OUT/build-qemu/firmware.elf") && status=0 || status=$?
printf '%s\n' "$console" | sed 's/\r$//; s/^/    | /'

step "4/4 mcuforge verify $MODEL --board $BOARD (every output byte vs the host, exact instruction count)"
verify=$("$MCUFORGE" verify "$MODEL" --board "$BOARD" --input $EXAMPLE/sample_input.npy)
printf '%s\n' "$verify"
insns=$(printf '%s\n' "$verify" | sed -n 's/^ *instructions *\([0-9,]*\) per inference.*/\1/p')
bitexact=$(printf '%s\n' "$verify" | grep -c '^ *bit-exact' || true)

report="$OUT/mcuforge-report.json"
field() { python3 -c "import json,sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])" "$report" "$1"; }
result=$(printf '%s\n' "$console" | sed -n 's/^result: *//p' | tr -d '\r')
check=$(printf '%s\n' "$console" | sed -n 's/^check: *//p' | tr -d '\r')
step "Summary"
cat <<SUMMARY
  model      $MODEL ($(cat $EXAMPLE/sample_label.txt | cut -d' ' -f2) is the sample's true class)
  board      $BOARD (project: $OUT, see its README.md to flash a real board)
  memory     arena $(field arena_bytes) B + state $(field state_bytes) B static RAM, weights $(field weights_bytes) B
  firmware   flash $((text + data)) B (text $text + data $data), RAM $((data + bss)) B static (data + bss)
  result     $result
  check      $check (in QEMU); verify: $([ "$bitexact" = 1 ] && echo "bit-exact" || echo "NOT bit-exact")
  speed      $insns Cortex-M4 instructions per inference (QEMU count; the check report above estimates the time)
SUMMARY
if [ "$status" -ne 0 ]; then
  echo "demo: the firmware reported a failure in QEMU (exit status $status)" >&2
  exit 1
fi
