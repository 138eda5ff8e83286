# SPDX-License-Identifier: Apache-2.0
"""Generated code for the activation family vs `mcuforge run`: for every op and dtype of
tests/oracle/gen_activations.py, a few of its random single-op models are compiled with `mcuforge
compile`, built with gcc/clang (-std=c99 -pedantic -Werror) and run on the host; outputs byte-equal.
(The oracle test checks `mcuforge run` itself against TFLM.)"""
import sys
from pathlib import Path

import pytest

np = pytest.importorskip('numpy')
pytest.importorskip('tflite_micro')

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / 'oracle'))
import random_ops as ro  # noqa: E402
import gen_activations  # noqa: E402,F401  (fills ro.GENERATORS)

from codegen_util import COMPILERS, check_generated, compile_model, run_host  # noqa: E402

FAMILY = ('RELU', 'RELU6', 'LEAKY_RELU', 'ELU', 'PRELU', 'LOG_SOFTMAX', 'L2_NORMALIZATION')
PAIRS = sorted(k for k in ro.GENERATORS if k[0] in FAMILY or (k[0] in ('LOGISTIC', 'TANH') and k[1] == 'int16'))


@pytest.mark.parametrize('op,dtype', PAIRS, ids=lambda v: str(v))
def test_activation_codegen(op, dtype, tmp_path):
    if not COMPILERS:
        pytest.skip('no C compiler')
    for n, case in enumerate(ro.make_cases(op, dtype, 2, seed=7)):
        work = tmp_path / f'c{n}'
        work.mkdir()
        model = work / 'model.tflite'
        model.write_bytes(case.model)
        inputs = []
        for i, a in enumerate(case.inputs):
            f = work / f'in_{i}.bin'
            f.write_bytes(np.ascontiguousarray(a).astype(a.dtype.newbyteorder('<')).tobytes())
            inputs.append(f)
        run_host(model, inputs, work / 'host')
        compile_model(model, work / 'gen')
        check_generated(work / 'gen', work, [(inputs, work / 'host')], 1)
