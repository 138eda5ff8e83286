# SPDX-License-Identifier: Apache-2.0
"""Generated code for the resize family vs `mcuforge run`: random single-op models of
RESIZE_NEAREST_NEIGHBOR, RESIZE_BILINEAR and BATCH_MATMUL (the oracle's generators,
tests/oracle/gen_resize.py: every dtype, both option flags, broadcast batches, adj flags, constant RHS)
compiled with `mcuforge compile` (reference kernels, and the DSP variants for cortex-m4), built with
gcc/clang (-std=c99 -pedantic -Werror) and run on the host: outputs byte-equal."""
import os
import sys

import pytest

np = pytest.importorskip('numpy')
pytest.importorskip('tflite_micro')

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), 'oracle'))
import random_ops as ro  # noqa: E402

from codegen_util import MCUFORGE, check_generated, run, run_host  # noqa: E402

CASES = [(op, dt) for op in ('RESIZE_NEAREST_NEIGHBOR', 'RESIZE_BILINEAR', 'BATCH_MATMUL')
         for dt in ('float32', 'int8', 'int16')]


@pytest.mark.parametrize('core', [None, 'cortex-m4'], ids=['reference', 'cortex-m4'])
@pytest.mark.parametrize('op,dtype', CASES, ids=['%s-%s' % c for c in CASES])
def test_resize_family_codegen(op, dtype, core, tmp_path):
    for n, case in enumerate(ro.make_cases(op, dtype, 3, 7)):
        work = tmp_path / ('c%d' % n)
        work.mkdir()
        model = work / 'model.tflite'
        model.write_bytes(case.model)
        src = work / 'gen'
        args = [MCUFORGE, 'compile', str(model), '-o', str(src), '--name', 'model']
        if core:
            args += ['--core', core]
        run(args)
        inputs = []
        for k, a in enumerate(case.inputs):
            path = work / ('in_%d.bin' % k)
            path.write_bytes(np.ascontiguousarray(a).tobytes())
            inputs.append(path)
        host = work / 'host'
        run_host(model, inputs, host)
        check_generated(src, work, [(inputs, host)], 1)


HAVE_ARM = bool(__import__('shutil').which('arm-none-eabi-gcc') and __import__('shutil').which('qemu-system-arm'))


@pytest.mark.skipif(not HAVE_ARM, reason='arm-none-eabi-gcc / qemu-system-arm missing')
@pytest.mark.parametrize('op,kernel', [('RESIZE_BILINEAR', 'mf_resize_bilinear_s8__cm_dsp'),
                                       ('BATCH_MATMUL', 'mf_batch_matmul_s8__cm_dsp')])
def test_dsp_variant_verify_cortex_m4(op, kernel, tmp_path):
    """The int8 DSP variants in QEMU (intrinsics active): bit-exact with the host executor."""
    import json
    import subprocess
    case = ro.make_cases(op, 'int8', 1, 3)[0]
    model = tmp_path / 'model.tflite'
    model.write_bytes(case.model)
    r = subprocess.run([MCUFORGE, 'verify', str(model), '--core', 'cortex-m4', '--json'],
                       capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stdout[-3000:] + r.stderr[-3000:]
    j = json.loads(r.stdout)
    assert j['bit_exact'] is True
    assert kernel in {f['function'] for f in j['instructions_by_function']}
