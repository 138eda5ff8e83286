#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Instructions per inference, code flash and RAM of mcuforge's generated code on an emulated
Cortex-M4F (`mcuforge verify --core cortex-m4`), next to TensorFlow Lite Micro's figures measured the
same way (../shared/baselines/tflm_cortex_m4.json: QEMU mps2-an386, exact instruction count between two
marker functions around one invoke, arm-none-eabi-gcc 12.2 -O2). Prints a markdown table.

Two mcuforge builds per model: `--kernels reference` (portable C kernels, compared with TFLM's
reference kernels) and `--kernels auto` (the core's kernel variants, e.g. the Cortex-M DSP ones,
compared with TFLM + CMSIS-NN). Every run must be bit-exact with the host executor.

Ratios are mcuforge / TFLM: below 1.00x is fewer instructions or bytes than TFLM.
  code flash: everything in flash except the weights (mcuforge) or the .tflite model (TFLM)
  flash:      everything in flash (mcuforge: with weights; TFLM: with the model)
  RAM:        .data + .bss + peak stack (mcuforge: arena sized exactly; TFLM: arena_min_bytes)
MACs/instruction use the same MAC count for both sides (the baseline's where it gives one).

usage: bench/verify_bench.py [--models a,b] [--json-out FILE] [--mcuforge PATH]
"""
import argparse
import json
import os
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHARED = os.environ.get('MF_SHARED_DIR', os.path.join(ROOT, '..', 'shared'))
BASELINE = os.path.join(SHARED, 'baselines', 'tflm_cortex_m4.json')
MODELS = os.path.join(SHARED, 'corpus', 'models')


def default_mcuforge():
    for b in ('host-release', 'verify'):
        p = os.path.join(ROOT, 'build', b, 'cli', 'mcuforge')
        if os.path.exists(p):
            return p
    return 'mcuforge'


def verify(mcuforge, model, kernels):
    cmd = [mcuforge, 'verify', model, '--core', 'cortex-m4', '--kernels', kernels, '--json']
    t0 = time.time()
    r = subprocess.run(cmd, capture_output=True, text=True)
    try:
        j = json.loads(r.stdout)
    except json.JSONDecodeError:
        j = {'error': (r.stderr.strip().splitlines() or ['exit %d' % r.returncode])[0]}
    j['wall_seconds'] = time.time() - t0
    j['exit_code'] = r.returncode
    return j


def ratio(a, b):
    return '%.2fx' % (a / b) if a is not None and b else 'n/a'


def kb(n):
    return '%.1f' % (n / 1024.0) if n is not None else 'n/a'


def mega(n):
    return '%.2fM' % (n / 1e6) if n is not None else 'n/a'


def code_flash(j):
    return j['flash_bytes'] - j['weights_bytes']


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--models', help='comma-separated subset of the baseline models')
    ap.add_argument('--json-out', help='write all measurements as JSON here')
    ap.add_argument('--mcuforge', default=os.environ.get('MCUFORGE', default_mcuforge()))
    args = ap.parse_args()

    base = json.load(open(BASELINE))
    tflm = {}
    for r in base['results']:
        if r.get('opt', '-O2') == '-O2':
            tflm.setdefault(r['model'], {})[r['build']] = r
    names = list(tflm)
    if args.models:
        names = [n for n in names if n in args.models.split(',')]

    rows, results, failures = [], {}, 0
    for name in names:
        model = os.path.join(MODELS, name + '.tflite')
        ref = verify(args.mcuforge, model, 'reference')
        opt = verify(args.mcuforge, model, 'auto')
        results[name] = {'reference': ref, 'auto': opt, 'tflm': tflm[name]}
        tr, tc = tflm[name].get('tflm-ref'), tflm[name].get('tflm-cmsis-nn')
        bad = [k for k, j in (('reference', ref), ('auto', opt)) if not j.get('bit_exact')]
        if bad:
            failures += 1
            err = '; '.join('%s: %s' % (k, (ref if k == 'reference' else opt).get('error', 'not bit-exact')) for k in bad)
            rows.append('| %s | %s |' % (name, 'FAILED ' + err.replace('|', '/')) + ' |' * 9)
            print('%-32s FAILED %s' % (name, err), file=sys.stderr)
            continue
        macs = (tr or {}).get('macs') or opt['macs']
        variants = 'same kernels' if ref['kernels'] == opt['kernels'] else 'DSP variants'
        rows.append('| {} | {} | {} ({}) | {} ({}) | {:.3f} / {:.3f} | {} ({} / {}) | {} ({} / {}) | {} ({}) | {} | {} |'.format(
            name, mega(macs),
            mega(ref['instructions']), ratio(ref['instructions'], tr and tr['instructions']),
            mega(opt['instructions']), ratio(opt['instructions'], tc and tc['instructions']),
            macs / opt['instructions'], macs / tc['instructions'] if tc else float('nan'),
            kb(code_flash(opt)), ratio(code_flash(opt), tr and tr['flash_code_bytes']),
            ratio(code_flash(opt), tc and tc['flash_code_bytes']),
            kb(opt['flash_bytes']), ratio(opt['flash_bytes'], tr and tr['flash_total_bytes']),
            ratio(opt['flash_bytes'], tc and tc['flash_total_bytes']),
            kb(opt['ram_bytes']), ratio(opt['ram_bytes'], tr and tr['ram_total_bytes']),
            opt['stack_bytes'], variants))
        print('%-32s ref %12d  auto %12d  (%.1f s)' % (name, ref['instructions'], opt['instructions'],
                                                       ref['wall_seconds'] + opt['wall_seconds']), file=sys.stderr)

    print('mcuforge vs TensorFlow Lite Micro on an emulated Cortex-M4F (QEMU mps2-an386, -O2, exact instruction counts; '
          'ratios are mcuforge / TFLM, lower is better)\n')
    print('| model | MACs | instructions, reference kernels (vs TFLM ref) | instructions, core kernels (vs CMSIS-NN) '
          '| MACs/instr mcuforge / CMSIS-NN | code flash KiB (vs TFLM ref / CMSIS-NN) | flash KiB incl. weights '
          '(vs TFLM ref / CMSIS-NN) | RAM KiB (vs TFLM ref) | stack B | kernels |')
    print('|---|---:|---:|---:|---:|---:|---:|---:|---:|---|')
    for r in rows:
        print(r)
    if args.json_out:
        with open(args.json_out, 'w') as f:
            json.dump(results, f, indent=1, sort_keys=True)
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())
