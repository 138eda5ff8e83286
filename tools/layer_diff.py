#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Find the first op whose output differs from TFLM's per-layer golden tensors.

Usage: tools/layer_diff.py MODEL_NAME [SET]   (SET = 0 or real; default 0)
Runs `mcuforge run --dump-tensors` on ../shared/golden/MODEL/layers/SET's input and compares every
tensor TFLM captured, op by op.
"""
import json, os, subprocess, sys, tempfile

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHARED = os.path.join(ROOT, '..', 'shared')
MCUFORGE = os.environ.get('MCUFORGE', os.path.join(ROOT, 'build', 'host-release', 'cli', 'mcuforge'))


def main():
    name = sys.argv[1]
    set_ = sys.argv[2] if len(sys.argv) > 2 else '0'
    layers = os.path.join(SHARED, 'golden', name, 'layers', set_)
    index = json.load(open(os.path.join(layers, 'index.json')))
    model = os.path.join(SHARED, 'corpus', 'models', name + '.tflite')
    with tempfile.TemporaryDirectory() as tmp:
        golden = json.load(open(os.path.join(SHARED, 'golden', name, 'golden.json')))
        inputs = []
        for k, t in enumerate(golden['inputs']):
            inputs += ['--input', os.path.join(layers, 't%d.bin' % t['index'])]
        subprocess.run([MCUFORGE, 'run', model, *inputs, '--output-dir', tmp, '--dump-tensors', tmp + '/t'],
                       check=True)
        first = None
        for f in sorted(os.listdir(layers), key=lambda s: (len(s), s)):
            if not f.startswith('t') or not f.endswith('.bin'):
                continue
            want = open(os.path.join(layers, f), 'rb').read()
            got = open(os.path.join(tmp, 't', f), 'rb').read()
            if want != got:
                a = np.frombuffer(got, np.int8)
                b = np.frombuffer(want, np.int8)
                n = min(len(a), len(b))
                diff = np.nonzero(a[:n] != b[:n])[0]
                print('%s: %d of %d bytes differ (first at %s)' % (f, len(diff), n, diff[:5]))
                first = first or f
            else:
                print('%s: ok' % f)
        print('ops (in order):', json.dumps(index.get('ops', ''))[:2000])
        return 1 if first else 0


if __name__ == '__main__':
    sys.exit(main())
