# SPDX-License-Identifier: Apache-2.0
"""Generated code for the binary family (SUB, SQUARED_DIFFERENCE, FLOOR_DIV, FLOOR_MOD, ADD_N, the
comparisons, LOGICAL_AND / OR, SELECT_V2) vs `mcuforge run`: a few seeded random single-op models of
every op and dtype from tests/oracle/gen_binary.py (broadcasting, extreme quantization) are compiled
with `mcuforge compile`, built with gcc/clang (-std=c99 -pedantic -Werror) and must give outputs
byte-equal to `mcuforge run`. Skipped without numpy or the tflite-micro package (the model builder
uses its schema)."""
import os
import sys

import pytest

np = pytest.importorskip('numpy')
pytest.importorskip('tflite_micro')

from codegen_util import check_generated, compile_model, report_ops, run_host  # noqa: E402

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), 'oracle'))
import random_ops as ro  # noqa: E402

FAMILY = ('SUB', 'SQUARED_DIFFERENCE', 'FLOOR_DIV', 'FLOOR_MOD', 'ADD_N', 'EQUAL', 'NOT_EQUAL', 'GREATER',
          'GREATER_EQUAL', 'LESS', 'LESS_EQUAL', 'LOGICAL_AND', 'LOGICAL_OR', 'SELECT_V2')
PAIRS = sorted(k for k in ro.GENERATORS if k[0] in FAMILY)
SEEDS = 2  # models per op and dtype


@pytest.mark.parametrize('op,dtype', PAIRS, ids=lambda v: str(v))
def test_binary_codegen(op, dtype, tmp_path):
    for n, case in enumerate(ro.make_cases(op, dtype, SEEDS, seed=5)):
        work = tmp_path / f'c{n}'
        work.mkdir()
        model = work / 'm.tflite'
        model.write_bytes(case.model)
        inputs = []
        for k, a in enumerate(case.inputs):
            f = work / f'in_{k}.bin'
            f.write_bytes(np.ascontiguousarray(a).astype(a.dtype.newbyteorder('<')).tobytes())
            inputs.append(f)
        assert op in report_ops(compile_model(model, work / 'gen'))
        host = work / 'host'
        run_host(model, inputs, host)
        check_generated(work / 'gen', work, [(inputs, host)], 1)
