# SPDX-License-Identifier: Apache-2.0
"""TFLM's arena for the unary math family as `mcuforge export --c-array` computes it
(export/tflm_arena.cc) against what the tflite-micro package allocates: equal heads (the tensors), and
the same persistent growth over a NEG model of the same tensors for ABS and RSQRT, the two whose Init allocates an OpData.
(The package's tail also holds its recording allocator, so only differences of tails compare.)
    MCUFORGE=build/host-release/cli/mcuforge python3 -m pytest -q tests/oracle/test_unary_arena.py
"""
import json
import os
import re
import subprocess
from pathlib import Path

import pytest

pytest.importorskip('tflite_micro')

from tflite_build import ModelBuilder, fb  # noqa: E402

REPO = Path(__file__).resolve().parents[2]
MCUFORGE = os.environ.get('MCUFORGE') or str(REPO / 'build' / 'host-release' / 'cli' / 'mcuforge')
PROBE = '''
import sys
from tflite_micro.python.tflite_micro import runtime
runtime.Interpreter.from_bytes(open(sys.argv[1], 'rb').read(), arena_size=1 << 20).print_allocations()
'''


def arenas(tmp_path, op, dtype):
    mb = ModelBuilder()
    quant = dtype != 'float32'
    x = mb.tensor([2, 8], dtype, scale=0.1 if quant else None, zero_point=0 if quant else None)
    y = mb.tensor([2, 8], dtype, scale=0.2 if quant else None, zero_point=0 if quant else None)
    mb.op(getattr(fb.BuiltinOperator, op), [x], [y])
    model = tmp_path / f'{op}_{dtype}.tflite'
    model.write_bytes(mb.build([x], [y]))
    r = subprocess.run(['python3', '-c', PROBE, str(model)], capture_output=True, text=True)
    tflm = {k: int(v) for k, v in re.findall(r'Arena allocation (head|tail) (\d+) bytes', r.stdout + r.stderr)}
    assert set(tflm) == {'head', 'tail'}, r.stdout[-2000:] + r.stderr[-2000:]
    e = subprocess.run([MCUFORGE, 'export', str(model), '--c-array', '-o', str(tmp_path / 'm.cc'), '--json'],
                       capture_output=True, text=True)
    assert e.returncode == 0, e.stderr
    j = json.loads(e.stdout)
    assert j['arena_exact'] is True
    return tflm, {'head': j['arena_head_bytes'], 'tail': j['arena_tail_bytes']}


@pytest.mark.parametrize('op,dtype', [('ABS', 'int8'), ('ABS', 'float32'), ('RSQRT', 'int8'), ('SQRT', 'float32'),
                                      ('EXP', 'float32'), ('ROUND', 'float32'), ('LOGICAL_NOT', 'bool')],
                         ids=lambda v: str(v))
def test_unary_arena_matches_tflm(op, dtype, tmp_path):
    tflm, ours = arenas(tmp_path, op, dtype)
    base_tflm, base_ours = arenas(tmp_path, 'NEG', dtype)  # same tensors, no OpData
    assert ours['head'] == tflm['head']
    assert ours['tail'] - base_ours['tail'] == tflm['tail'] - base_tflm['tail']
