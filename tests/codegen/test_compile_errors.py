# SPDX-License-Identifier: Apache-2.0
"""`mcuforge compile` on bad input: exit code 2, one "mcuforge: error:" line with a hint, and no
generated file left in the output directory."""
import os
import subprocess

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
MODELS = os.path.join(ROOT, '..', 'shared', 'corpus', 'models')
MCUFORGE = os.environ.get('MCUFORGE', os.path.join(ROOT, 'build', 'host-release', 'cli', 'mcuforge'))
GOOD = os.path.join(MODELS, 'tflm_hello_world_int8.tflite')


def truncated(tmp_path):
    p = tmp_path / 'truncated.tflite'
    p.write_bytes(open(GOOD, 'rb').read()[:700])
    return str(p)


CASES = {
    'invalid name': lambda t: [GOOD, '--name', '3d-model'],
    'unknown core': lambda t: [GOOD, '--core', 'pentium'],
    'custom op': lambda t: [os.path.join(MODELS, 'tflm_person_detect_vela_int8.tflite')],
    'signal custom ops': lambda t: [os.path.join(MODELS, 'tflm_audio_preprocessor_int8.tflite')],
    'truncated model': lambda t: [truncated(t)],
    'missing model': lambda t: [str(t / 'nope.tflite')],
}


@pytest.mark.parametrize('case', sorted(CASES))
def test_compile_error(case, tmp_path):
    out = tmp_path / 'gen'
    r = subprocess.run([MCUFORGE, 'compile', *CASES[case](tmp_path), '-o', str(out)], capture_output=True, text=True)
    assert r.returncode == 2, r.stderr
    lines = [l for l in r.stderr.splitlines() if l.strip()]
    assert sum(l.startswith('mcuforge: error:') for l in lines) == 1, r.stderr
    assert any(l.strip().startswith('hint:') for l in lines), r.stderr
    assert not out.exists() or not any(out.iterdir()), 'files were written on failure'
