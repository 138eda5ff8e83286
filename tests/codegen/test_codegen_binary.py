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


def chain_model(dtype):
    """SUB -> SQUARED_DIFFERENCE -> ADD_N -> GREATER -> EQUAL -> LOGICAL_OR -> SELECT_V2, where most
    inputs die at their op, so the planner can put outputs over inputs (the in-place paths)."""
    from tflite_build import ModelBuilder, fb
    mb = ModelBuilder()
    q = {'scale': 0.05, 'zero_point': 3} if dtype == 'int8' else {}
    a = mb.tensor([2, 3, 4], dtype, **q)
    b = mb.tensor([4], dtype, **q)
    c = mb.tensor([2, 3, 4], dtype, **q)
    h = mb.tensor([3, 1], 'bool')
    t, u, v = (mb.tensor([2, 3, 4], dtype, **q) for _ in range(3))
    g, e, lo = (mb.tensor([2, 3, 4], 'bool') for _ in range(3))
    s = mb.tensor([2, 3, 4], dtype, **q)
    mb.op(ro.OPS.SUB, [a, b], [t], ro.OPT.SubOptions, fb.SubOptionsT())
    mb.op(ro.OPS.SQUARED_DIFFERENCE, [t, b], [u], ro.OPT.SquaredDifferenceOptions, fb.SquaredDifferenceOptionsT())
    mb.op(ro.OPS.ADD_N, [u, c], [v], ro.OPT.AddNOptions, fb.AddNOptionsT())
    mb.op(ro.OPS.GREATER, [v, b], [g], ro.OPT.GreaterOptions, fb.GreaterOptionsT())
    mb.op(ro.OPS.EQUAL, [g, h], [e], ro.OPT.EqualOptions, fb.EqualOptionsT())
    mb.op(ro.OPS.LOGICAL_OR, [e, g], [lo], ro.OPT.LogicalOrOptions, fb.LogicalOrOptionsT())
    mb.op(ro.OPS.SELECT_V2, [lo, v, b], [s], ro.OPT.SelectV2Options, fb.SelectV2OptionsT())
    return mb.build([a, b, c, h], [s])


@pytest.mark.parametrize('dtype', ['float32', 'int8'])
def test_binary_chain_codegen(dtype, tmp_path):
    model = tmp_path / 'chain.tflite'
    model.write_bytes(chain_model(dtype))
    rng = np.random.default_rng(3)
    inputs = []
    for k, shape in enumerate([[2, 3, 4], [4], [2, 3, 4]]):
        a = rng.integers(-128, 128, shape).astype(np.int8) if dtype == 'int8' else \
            rng.standard_normal(shape).astype(np.float32)
        f = tmp_path / f'in_{k}.bin'
        f.write_bytes(a.tobytes())
        inputs.append(f)
    f = tmp_path / 'in_3.bin'
    f.write_bytes((rng.random([3, 1]) < 0.5).tobytes())
    inputs.append(f)
    ops = report_ops(compile_model(model, tmp_path / 'gen'))
    assert {'SUB', 'SQUARED_DIFFERENCE', 'ADD_N', 'GREATER', 'EQUAL', 'LOGICAL_OR', 'SELECT_V2'} <= ops
    host = tmp_path / 'host'
    run_host(model, inputs, host)
    check_generated(tmp_path / 'gen', tmp_path, [(inputs, host)], 1)
