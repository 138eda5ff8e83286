# SPDX-License-Identifier: Apache-2.0
"""Generated code for the data movement family (PAD, PADV2, MIRROR_PAD, SQUEEZE, EXPAND_DIMS, SLICE,
SPLIT_V, REVERSE_V2, BROADCAST_TO, BROADCAST_ARGS, TILE) vs `mcuforge run`.

One random single-op model per (op, dtype) of tests/oracle/gen_move.py (the cases the oracle test checks
against TFLM / TensorFlow Lite) is compiled with `mcuforge compile`, built with gcc/clang (-std=c99
-pedantic -Werror) and must give byte-equal outputs: the emitted params, pad values (C constants of every
element type), output pointer arrays and aliasing agree with what the host executor runs.
"""
import sys
from pathlib import Path

import pytest

np = pytest.importorskip('numpy')
pytest.importorskip('tflite_micro')

ORACLE = Path(__file__).resolve().parents[1] / 'oracle'
sys.path.insert(0, str(ORACLE))
import gen_move  # noqa: E402,F401 - registers the family's generators
import random_ops as ro  # noqa: E402
from codegen_util import COMPILERS, check_generated, compile_model, run_host  # noqa: E402

FAMILY = {'PAD', 'PADV2', 'MIRROR_PAD', 'SQUEEZE', 'EXPAND_DIMS', 'SLICE', 'SPLIT_V', 'REVERSE_V2',
          'BROADCAST_TO', 'BROADCAST_ARGS', 'TILE'}
KEYS = sorted(k for k in ro.GENERATORS if k[0] in FAMILY)


@pytest.mark.parametrize('op,dtype', KEYS, ids=[f'{o}-{d}' for o, d in KEYS])
def test_generated_code_equals_run(op, dtype, tmp_path):
    if not COMPILERS:
        pytest.skip('no C compiler')
    sets = []
    for n, case in enumerate(ro.make_cases(op, dtype, 2, seed=7)):
        model = tmp_path / f'model_{n}.tflite'
        model.write_bytes(case.model)
        src = tmp_path / f'gen_{n}'
        report = compile_model(model, src)
        ops = {row['op'] for row in report['ops']}
        if dtype.endswith('_conv'):  # fold-pad puts a zero-point PAD into the conv (when SAME spells it)
            assert ops & {'CONV_2D', 'DEPTHWISE_CONV_2D'}, case.label
        else:
            assert op in ops, case.label
        inputs = []
        for i, a in enumerate(case.inputs):
            f = tmp_path / f'in_{n}_{i}.bin'
            f.write_bytes(np.ascontiguousarray(a).astype(a.dtype.newbyteorder('<')).tobytes())
            inputs.append(f)
        run_host(model, inputs, tmp_path / f'host_{n}')
        outputs = len(list((tmp_path / f'host_{n}').glob('out_*.bin')))
        # An op the planner aliases (SQUEEZE, EXPAND_DIMS) leaves a model without kernel calls.
        (src / 'mcuforge' / 'kernels').mkdir(parents=True, exist_ok=True)
        work = tmp_path / f'work_{n}'
        work.mkdir()
        check_generated(src, work, [(inputs, tmp_path / f'host_{n}')], outputs)
