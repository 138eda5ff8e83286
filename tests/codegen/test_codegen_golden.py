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
import shutil
import subprocess
import tempfile

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SHARED = os.path.join(ROOT, '..', 'shared')
GOLDEN = os.path.join(SHARED, 'golden')
MCUFORGE = os.environ.get('MCUFORGE', os.path.join(ROOT, 'build', 'host-release', 'cli', 'mcuforge'))
HARNESS = os.path.join(ROOT, 'tests', 'codegen', 'harness.c')
CFLAGS = ['-std=c99', '-Wall', '-Wextra', '-Werror', '-pedantic', '-O1']
COMPILERS = [c for c in ('gcc', 'clang') if shutil.which(c)]


def golden_models():
    index = json.load(open(os.path.join(GOLDEN, 'index.json')))
    out = []
    for m in index['models']:
        if m['status'] != 'ok' or any(op.startswith('CUSTOM:') for op in m['ops']):
            continue
        out.append(m['model'])
    return out


def compile_model(name, out_dir):
    model = os.path.join(SHARED, 'corpus', 'models', name + '.tflite')
    r = subprocess.run([MCUFORGE, 'compile', model, '-o', out_dir, '--name', 'model'],
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    return json.load(open(os.path.join(out_dir, 'report.json')))


def build(src_dir, cc, exe):
    kernels = os.path.join(src_dir, 'mcuforge', 'kernels')
    sources = [os.path.join(src_dir, f) for f in sorted(os.listdir(src_dir)) if f.endswith('.c')]
    sources += [os.path.join(kernels, f) for f in sorted(os.listdir(kernels)) if f.endswith('.c')]
    cmd = [cc, *CFLAGS, '-I', src_dir, '-I', os.path.join(src_dir, 'mcuforge', 'include'),
           '-I', os.path.join(src_dir, 'mcuforge', 'internal'), HARNESS, *sources, '-lm', '-o', exe]
    r = subprocess.run(cmd, capture_output=True, text=True)
    assert r.returncode == 0, ' '.join(cmd) + '\n' + r.stderr[-4000:]


@pytest.mark.parametrize('name', golden_models())
def test_generated_code_matches(name, tmp_path):
    src = tmp_path / 'gen'
    report = compile_model(name, str(src))
    header = open(src / 'model_model.h').read()
    assert '#define MODEL_ARENA_SIZE %d ' % max(report['arena_bytes'], 1) in header

    # Determinism: a second compile gives identical files.
    again = tmp_path / 'gen2'
    compile_model(name, str(again))
    cmp = filecmp.dircmp(src, again)
    assert not cmp.diff_files and not cmp.left_only and not cmp.right_only

    golden = json.load(open(os.path.join(GOLDEN, name, 'golden.json')))
    model = os.path.join(SHARED, 'corpus', 'models', name + '.tflite')
    for cc in COMPILERS:
        exe = str(tmp_path / ('model_' + cc))
        build(str(src), cc, exe)
        for s in golden['sets']:
            inputs = [os.path.join(GOLDEN, name, f) for f in s['inputs']]
            gen_out = tmp_path / ('out_gen_%s_%d' % (cc, s['k']))
            host_out = tmp_path / ('out_host_%d' % s['k'])
            gen_out.mkdir()
            r = subprocess.run([exe, str(gen_out), *inputs], capture_output=True, text=True)
            assert r.returncode == 0, r.stderr
            if not host_out.exists():
                args = [MCUFORGE, 'run', model, '--output-dir', str(host_out)]
                for i in inputs:
                    args += ['--input', i]
                subprocess.run(args, check=True, capture_output=True)
            for k, want_file in enumerate(s['outputs']):
                got = open(gen_out / ('out_%d.bin' % k), 'rb').read()
                host = open(host_out / ('out_%d.bin' % k), 'rb').read()
                assert got == host, '%s set %d output %d differs from mcuforge run (%s)' % (name, s['k'], k, cc)
                if golden['outputs'][k]['dtype'] != 'float32':
                    want = open(os.path.join(GOLDEN, name, want_file), 'rb').read()
                    assert got == want, '%s set %d output %d differs from TFLM' % (name, s['k'], k)
