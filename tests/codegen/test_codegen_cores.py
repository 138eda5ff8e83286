# SPDX-License-Identifier: Apache-2.0
"""Generated code for a DSP core (`mcuforge compile --core cortex-m4`: the *__cm_dsp kernel variants)
built on the host with gcc and clang, where mf_dsp.h's portable stand-ins replace the intrinsics:
for every golden model without custom ops, outputs must equal `mcuforge run` (reference kernels)
byte for byte on every golden input set."""
import json
import os
import subprocess

import pytest

from codegen_util import MCUFORGE, ROOT, check_generated, run, run_host

SHARED = os.path.join(ROOT, '..', 'shared')
GOLDEN = os.path.join(SHARED, 'golden')
CORE = 'cortex-m4'


def golden_models():
    index = json.load(open(os.path.join(GOLDEN, 'index.json')))
    return [m['model'] for m in index['models']
            if m['status'] == 'ok' and not any(op.startswith('CUSTOM:') for op in m['ops'])]


@pytest.mark.parametrize('name', golden_models())
def test_dsp_core_matches_host(name, tmp_path):
    model = os.path.join(SHARED, 'corpus', 'models', name + '.tflite')
    src = tmp_path / 'gen'
    run([MCUFORGE, 'compile', model, '-o', str(src), '--name', 'model', '--core', CORE])
    report = json.load(open(src / 'report.json'))
    assert report['core'] == CORE
    # Same ops; a kernel is the generic one or its variant for the core, or the op was lowered to an
    # equivalent form (passes/lower_for_target.h: a one-channel depthwise conv runs as a conv).
    generic_dir = tmp_path / 'generic'
    run([MCUFORGE, 'compile', model, '-o', str(generic_dir), '--name', 'model'])
    generic = json.load(open(generic_dir / 'report.json'))
    lowered = 0
    for dsp_row, ref_row in zip(report['ops'], generic['ops']):
        if (ref_row['op'], dsp_row['op']) == ('DEPTHWISE_CONV_2D', 'CONV_2D'):
            assert dsp_row['kernel'] == 'mf_conv2d_s8__cm_dsp' and dsp_row['macs'] == ref_row['macs'], dsp_row
            lowered += 1
            continue
        assert dsp_row['kernel'] in (ref_row['kernel'], ref_row['kernel'] + '__cm_dsp',
                                     ref_row['kernel'] + '__cm_dsp_rows'), (dsp_row, ref_row)
        if ref_row['kernel'] == 'mf_fully_connected_s8':
            assert dsp_row['kernel'] == 'mf_fully_connected_s8__cm_dsp'
    assert report['lowered_ops'] == lowered and generic['lowered_ops'] == 0

    golden = json.load(open(os.path.join(GOLDEN, name, 'golden.json')))
    sets = []
    for s in golden['sets']:
        inputs = [os.path.join(GOLDEN, name, f) for f in s['inputs']]
        host = tmp_path / ('host_%d' % s['k'])
        run_host(model, inputs, host)
        sets.append((inputs, host))
    check_generated(src, tmp_path, sets, len(golden['outputs']))


def test_unknown_core_is_rejected(tmp_path):
    model = os.path.join(SHARED, 'corpus', 'models', golden_models()[0] + '.tflite')
    r = subprocess.run([MCUFORGE, 'compile', model, '-o', str(tmp_path / 'x'), '--core', 'cortex-m99'],
                       capture_output=True, text=True)
    assert r.returncode != 0 and "unknown core 'cortex-m99'" in r.stderr and 'cortex-m4' in r.stderr
    assert not (tmp_path / 'x').exists()
