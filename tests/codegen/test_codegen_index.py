# SPDX-License-Identifier: Apache-2.0
"""Generated code for the index family (ARG_MAX, ARG_MIN, GATHER, GATHER_ND, EMBEDDING_LOOKUP, CUMSUM,
DEPTH_TO_SPACE, SPACE_TO_DEPTH, BATCH_TO_SPACE_ND, SPACE_TO_BATCH_ND) vs `mcuforge run`: for every op and
dtype of tests/oracle/gen_index.py, random single-op models compiled with `mcuforge compile`, built with
gcc/clang (-std=c99 -pedantic -Werror) and run on the host: outputs byte-equal. And a GATHER whose
run-time index is out of range: `mcuforge run` fails naming the index, the generated invoke returns
MF_STATUS_BAD_INPUT (2)."""
import subprocess
import sys
from pathlib import Path

import pytest

np = pytest.importorskip('numpy')
pytest.importorskip('tflite_micro')

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / 'oracle'))
import random_ops as ro  # noqa: E402
from tflite_build import ModelBuilder, fb  # noqa: E402

from codegen_util import COMPILERS, MCUFORGE, build, check_generated, compile_model, run_host  # noqa: E402

FAMILY = ('ARG_MAX', 'ARG_MIN', 'GATHER', 'GATHER_ND', 'EMBEDDING_LOOKUP', 'CUMSUM', 'DEPTH_TO_SPACE',
          'SPACE_TO_DEPTH', 'BATCH_TO_SPACE_ND', 'SPACE_TO_BATCH_ND')
PAIRS = sorted(k for k in ro.GENERATORS if k[0] in FAMILY)


def write_inputs(case, tmp_path, n):
    paths = []
    for k, a in enumerate(case.inputs):
        p = tmp_path / ('in_%d_%d.bin' % (n, k))
        p.write_bytes(np.ascontiguousarray(a).tobytes())
        paths.append(str(p))
    return paths


@pytest.mark.parametrize('op,dtype', PAIRS, ids=lambda v: str(v))
def test_index_codegen(op, dtype, tmp_path):
    for n, case in enumerate(ro.make_cases(op, dtype, 1, 7)):
        d = tmp_path / ('case%d' % n)
        d.mkdir()
        model = d / 'm.tflite'
        model.write_bytes(case.model)
        src = d / 'gen'
        compile_model(model, src)
        inputs = write_inputs(case, d, 0)
        host = d / 'host'
        run_host(model, inputs, host)
        check_generated(src, d, [(inputs, host)], 1)  # every op of the family has one output


def test_gather_index_out_of_range(tmp_path):
    mb = ModelBuilder()
    x = mb.tensor([4, 3], 'float32')
    i = mb.tensor([3], 'int32')
    y = mb.tensor([3, 3], 'float32')
    o = fb.GatherOptionsT()
    mb.op(fb.BuiltinOperator.GATHER, [x, i], [y], fb.BuiltinOptions.GatherOptions, o)
    model = tmp_path / 'g.tflite'
    model.write_bytes(mb.build([x, i], [y]))
    xin = tmp_path / 'x.bin'
    xin.write_bytes(np.arange(12, dtype=np.float32).tobytes())
    iin = tmp_path / 'i.bin'
    iin.write_bytes(np.array([0, 3, 4], dtype=np.int32).tobytes())
    r = subprocess.run([MCUFORGE, 'run', str(model), '--input', str(xin), '--input', str(iin), '--output-dir',
                        str(tmp_path / 'out')], capture_output=True, text=True)
    assert r.returncode == 2, r.stderr
    assert 'index 4 (element 2 of the indices) is outside [0, 4)' in r.stderr, r.stderr
    src = tmp_path / 'gen'
    compile_model(model, src)
    for cc in COMPILERS:
        exe = str(tmp_path / ('model_' + cc))
        build(str(src), cc, exe)
        out = tmp_path / ('out_' + cc)
        out.mkdir()
        p = subprocess.run([exe, str(out), str(xin), str(iin)], capture_output=True, text=True)
        assert p.returncode != 0 and 'invoke failed with status 2' in p.stderr, p.stderr
