# SPDX-License-Identifier: Apache-2.0
"""Generated code for the unary math family (compiler/ops/unary_family.cc) vs `mcuforge run`: one
model per dtype with every op of that dtype side by side (float32: NEG .. COS; int8: ABS, RSQRT, EXP's
lookup table; int16: ABS quantized and raw, EXP; bool LOGICAL_NOT; int64 ZEROS_LIKE), compiled,
built with gcc/clang (-std=c99 -pedantic -Werror) and run on the host: outputs byte-equal. The float
model also runs in QEMU on a Cortex-M4F (hardware FPU) and a Cortex-M0+ (soft float) through
`mcuforge verify`, which must report bit-exact outputs: the transcendental functions are the runtime's
own, not the C library's."""
import json
import os
import shutil
import subprocess
import sys

import pytest

np = pytest.importorskip('numpy')
pytest.importorskip('tflite_micro')

from codegen_util import MCUFORGE, ROOT, check_generated, compile_model, report_ops, run_host

sys.path.insert(0, os.path.join(ROOT, 'tests', 'oracle'))
from tflite_build import ModelBuilder, fb  # noqa: E402

OPS = fb.BuiltinOperator
HAVE_ARM = bool(shutil.which('arm-none-eabi-gcc') and shutil.which('qemu-system-arm'))
SHAPE = [2, 3, 7]
FLOAT_OPS = ['NEG', 'ABS', 'SQUARE', 'SQRT', 'RSQRT', 'CEIL', 'FLOOR', 'ROUND', 'EXP', 'LOG', 'SIN', 'COS']


def side_by_side(ops, dtype, quant=None, out_quant=None):
    """One input, one output per op (each its own op on the shared input)."""
    mb = ModelBuilder()
    scale, zp = quant or (None, None)
    x = mb.tensor(SHAPE, dtype, scale=scale, zero_point=zp)
    outs = []
    for k, op in enumerate(ops):
        s, z = (out_quant[k] if out_quant else (None, None))
        y = mb.tensor(SHAPE, dtype, scale=s, zero_point=z)
        mb.op(getattr(OPS, op), [x], [y])
        outs.append(y)
    return mb.build([x], outs)


def float_input(rng):
    x = (rng.standard_normal(SHAPE) * 3).astype(np.float32)
    flat = x.reshape(-1)
    flat[:8] = [0.0, -0.0, 2.5, -1.5, 100.0, -1e4, 3e8, 1e-3]
    return x


def compare_host_and_generated(model_bytes, inputs, tmp_path, expect_ops):
    model = tmp_path / 'm.tflite'
    model.write_bytes(model_bytes)
    src = tmp_path / 'gen'
    ops = report_ops(compile_model(model, src))
    assert set(expect_ops) <= ops, sorted(ops)
    sets = []
    for n, data in enumerate(inputs):
        path = tmp_path / ('in_%d.bin' % n)
        path.write_bytes(np.ascontiguousarray(data).tobytes())
        host = tmp_path / ('host_%d' % n)
        run_host(model, [str(path)], host)
        sets.append(([str(path)], host))
    check_generated(src, tmp_path, sets, len(expect_ops))
    return model


def test_float_ops_codegen(tmp_path):
    rng = np.random.default_rng(1)
    compare_host_and_generated(side_by_side(FLOAT_OPS, 'float32'), [float_input(rng) for _ in range(2)],
                               tmp_path, FLOAT_OPS)


def test_int8_ops_codegen(tmp_path):
    rng = np.random.default_rng(2)
    ops = ['ABS', 'RSQRT', 'EXP']
    model = side_by_side(ops, 'int8', (0.05, -20), [(0.04, -128), (0.1, -128), (0.2, -128)])
    data = [rng.integers(-128, 128, SHAPE).astype(np.int8), rng.integers(-20, 128, SHAPE).astype(np.int8)]
    compare_host_and_generated(model, data, tmp_path, ops)


def test_int16_ops_codegen(tmp_path):
    rng = np.random.default_rng(3)
    model = side_by_side(['ABS', 'EXP'], 'int16', (1e-4, 0), [(3e-4, 0), (1e-4, 0)])
    data = [rng.integers(-32768, 32768, SHAPE).astype(np.int16) for _ in range(2)]
    compare_host_and_generated(model, data, tmp_path, ['ABS', 'EXP'])
    raw = tmp_path / 'raw'
    raw.mkdir()
    compare_host_and_generated(side_by_side(['ABS'], 'int16'), data, raw, ['ABS'])


def test_bool_and_zeros_like_codegen(tmp_path):
    rng = np.random.default_rng(4)
    compare_host_and_generated(side_by_side(['LOGICAL_NOT'], 'bool'), [rng.random(SHAPE) < 0.5], tmp_path,
                               ['LOGICAL_NOT'])
    z = tmp_path / 'zeros'
    z.mkdir()
    compare_host_and_generated(side_by_side(['ZEROS_LIKE'], 'int64'), [rng.integers(-9, 9, SHAPE)], z,
                               ['ZEROS_LIKE'])


@pytest.mark.skipif(not HAVE_ARM, reason='arm-none-eabi-gcc / qemu-system-arm missing')
@pytest.mark.parametrize('core', ['cortex-m4f', 'cortex-m0plus'])
def test_float_ops_bit_exact_on_target(core, tmp_path):
    model = tmp_path / 'm.tflite'
    model.write_bytes(side_by_side(FLOAT_OPS, 'float32'))
    inp = tmp_path / 'in.bin'
    inp.write_bytes(float_input(np.random.default_rng(5)).tobytes())
    r = subprocess.run([MCUFORGE, 'verify', str(model), '--core', core, '--input', str(inp), '--no-count', '--json'],
                       capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stdout[-3000:] + r.stderr[-3000:]
    assert json.loads(r.stdout)['bit_exact'] is True
