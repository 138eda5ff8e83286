# SPDX-License-Identifier: Apache-2.0
"""Generated code vs the host executor and TFLM's golden vectors.

For every golden model without custom ops: `mcuforge compile`, build the generated C with gcc and
clang (-std=c99 -Wall -Wextra -Werror -pedantic), run it on every golden input set and require its
outputs to equal `mcuforge run` byte for byte (and, for integer outputs, TFLM's golden bytes).
Also checks determinism (compiling twice gives identical files) and that the arena reported in
report.json is what the header declares.
"""
import filecmp
import json
import os

import pytest

from codegen_util import COMPILERS, ROOT, build, compile_model, read_output, run, run_host

SHARED = os.path.join(ROOT, '..', 'shared')
GOLDEN = os.path.join(SHARED, 'golden')


def golden_models():
    index = json.load(open(os.path.join(GOLDEN, 'index.json')))
    out = []
    for m in index['models']:
        if m['status'] != 'ok' or any(op.startswith('CUSTOM:') for op in m['ops']):
            continue
        out.append(m['model'])
    return out


def model_path(name):
    return os.path.join(SHARED, 'corpus', 'models', name + '.tflite')


@pytest.mark.parametrize('name', golden_models())
def test_generated_code_matches(name, tmp_path):
    src = tmp_path / 'gen'
    report = compile_model(model_path(name), src)
    header = open(src / 'model_model.h').read()
    assert '#define MODEL_ARENA_SIZE %d ' % max(report['arena_bytes'], 1) in header

    # Determinism: a second compile gives identical files.
    again = tmp_path / 'gen2'
    compile_model(model_path(name), again)
    cmp = filecmp.dircmp(src, again)
    assert not cmp.diff_files and not cmp.left_only and not cmp.right_only

    golden = json.load(open(os.path.join(GOLDEN, name, 'golden.json')))
    model = model_path(name)
    for cc in COMPILERS:
        exe = str(tmp_path / ('model_' + cc))
        build(str(src), cc, exe)
        for s in golden['sets']:
            inputs = [os.path.join(GOLDEN, name, f) for f in s['inputs']]
            gen_out = tmp_path / ('out_gen_%s_%d' % (cc, s['k']))
            host_out = tmp_path / ('out_host_%d' % s['k'])
            gen_out.mkdir()
            run([exe, str(gen_out), *inputs])
            if not host_out.exists():
                run_host(model, inputs, host_out)
            for k, want_file in enumerate(s['outputs']):
                got = read_output(gen_out, k)
                host = read_output(host_out, k)
                assert got == host, '%s set %d output %d differs from mcuforge run (%s)' % (name, s['k'], k, cc)
                if golden['outputs'][k]['dtype'] != 'float32':
                    want = open(os.path.join(GOLDEN, name, want_file), 'rb').read()
                    assert got == want, '%s set %d output %d differs from TFLM' % (name, s['k'], k)
