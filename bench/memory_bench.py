#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Memory benchmark: mcuforge's planned RAM and code flash next to TFLM's, for every corpus model.

RAM: `arena_bytes` (planned activations + scratch) and `ram_bytes` (arena + recurrent state) from
`mcuforge compile` against TFLM's 32-bit arena (`arena_used_bytes_arm32` in ../shared/golden), with
ratios and their geometric mean.
Flash: for the models in ../shared/baselines/tflm_cortex_m4.json, the generated code (model source +
kernels, weights excluded) built with arm-none-eabi-gcc -Os for Cortex-M4 (text + rodata of the code
objects) against TFLM's `flash_code_bytes` (runtime code without the model).

Usage: bench/memory_bench.py [--mcuforge PATH] [--markdown]
"""
import argparse
import json
import math
import os
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHARED = os.path.join(ROOT, '..', 'shared')
ARM_FLAGS = ['-mcpu=cortex-m4', '-mthumb', '-mfloat-abi=hard', '-mfpu=fpv4-sp-d16', '-Os', '-std=c99',
             '-ffunction-sections', '-fdata-sections']


def geomean(xs):
    xs = [x for x in xs if x > 0]
    return math.exp(sum(math.log(x) for x in xs) / len(xs)) if xs else float('nan')


def code_flash(gen_dir):
    """Bytes of .text + .rodata + .data of the generated code and kernels, weights excluded."""
    if not shutil.which('arm-none-eabi-gcc'):
        return None
    srcs = [os.path.join(gen_dir, f) for f in os.listdir(gen_dir) if f.endswith('_model.c')]
    kdir = os.path.join(gen_dir, 'mcuforge', 'kernels')
    srcs += [os.path.join(kdir, f) for f in os.listdir(kdir) if f.endswith('.c')]
    total = 0
    for s in srcs:
        obj = s + '.o'
        subprocess.run(['arm-none-eabi-gcc', *ARM_FLAGS, '-I', gen_dir, '-I', os.path.join(gen_dir, 'mcuforge', 'include'),
                        '-I', os.path.join(gen_dir, 'mcuforge', 'internal'), '-c', s, '-o', obj], check=True)
        out = subprocess.run(['arm-none-eabi-size', '-A', obj], capture_output=True, text=True, check=True).stdout
        for line in out.splitlines():
            parts = line.split()
            if len(parts) >= 2 and (parts[0].startswith('.text') or parts[0].startswith('.rodata')
                                    or parts[0].startswith('.data')):
                total += int(parts[1])
    return total


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--mcuforge', default=os.path.join(ROOT, 'build', 'host-release', 'cli', 'mcuforge'))
    args = ap.parse_args()
    golden = json.load(open(os.path.join(SHARED, 'golden', 'index.json')))
    baselines = {r['model']: r for r in json.load(open(os.path.join(SHARED, 'baselines', 'tflm_cortex_m4.json')))['results']
                 if r['build'] == 'tflm-ref' and r['opt'] == '-O2'}
    rows = []
    for m in golden['models']:
        if m['status'] != 'ok' or any(op.startswith('CUSTOM:') for op in m['ops']):
            continue
        name = m['model']
        with tempfile.TemporaryDirectory() as tmp:
            r = subprocess.run([args.mcuforge, 'compile', os.path.join(SHARED, 'corpus', 'models', name + '.tflite'),
                                '-o', tmp, '--name', 'model', '--json'], capture_output=True, text=True)
            if r.returncode != 0:
                rows.append((name, None, None, m['arena_used_bytes_arm32'], None, None, r.stderr.strip().splitlines()[0]))
                continue
            rep = json.loads(r.stdout)
            flash = code_flash(tmp) if name in baselines else None
        tflm_flash = baselines[name]['flash_code_bytes'] if name in baselines else None
        rows.append((name, rep['arena_bytes'], rep['ram_bytes'], m['arena_used_bytes_arm32'], flash, tflm_flash, ''))

    print('| model | mcuforge arena | mcuforge RAM | TFLM arena (arm32) | arena ratio | RAM ratio | code flash | TFLM code flash | flash ratio |')
    print('|---|---:|---:|---:|---:|---:|---:|---:|---:|')
    arena_ratios, ram_ratios, flash_ratios, failures = [], [], [], 0
    for name, arena, ram, tflm, flash, tflm_flash, err in rows:
        if arena is None:
            failures += 1
            print('| %s | - | - | %d | - | - | - | - | - | (%s)' % (name, tflm, err))
            continue
        ar, rr = arena / tflm, ram / tflm
        arena_ratios.append(ar)
        ram_ratios.append(rr)
        fr = ''
        if flash and tflm_flash:
            flash_ratios.append(flash / tflm_flash)
            fr = '%.3f' % (flash / tflm_flash)
        print('| %s | %d | %d | %d | %.3f | %.3f | %s | %s | %s |' % (
            name, arena, ram, tflm, ar, rr, flash if flash else '-', tflm_flash if tflm_flash else '-', fr or '-'))
    print()
    print('models: %d compiled, %d failed' % (len(arena_ratios), failures))
    print('geometric mean arena_bytes / TFLM arena: %.3f' % geomean(arena_ratios))
    print('geometric mean ram_bytes / TFLM arena:   %.3f' % geomean(ram_ratios))
    print('max arena ratio: %.3f' % (max(arena_ratios) if arena_ratios else float('nan')))
    if flash_ratios:
        print('geometric mean code flash / TFLM code flash: %.3f (%d models)' % (geomean(flash_ratios), len(flash_ratios)))
    return 0


if __name__ == '__main__':
    sys.exit(main())
